"""The JSON API (django-ninja), documented by its OpenAPI schema at /api/v1/openapi.json."""

import threading

from django.http import HttpRequest, JsonResponse
from ninja import NinjaAPI
from ninja.errors import Throttled
from ninja.throttling import BaseThrottle
from pydantic.json_schema import models_json_schema

from cesp.api.schemas import Errors, Scenario, SimulationResult
from cesp.core import ratelimits
from cesp.rules import ScenarioError, jsondoc, simulate
from cesp.rules.examples import design_example

MAX_BODY_BYTES = 256 * 1024


class CespAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        # The request body is parsed by cesp.rules, not by ninja: document its schema here.
        _, definitions = models_json_schema(
            [(Scenario, "validation")], ref_template="#/components/schemas/{model}"
        )
        schema.setdefault("components", {}).setdefault("schemas", {}).update(definitions["$defs"])
        return schema


def api_token(request: HttpRequest) -> str | None:
    """The token a client presents (``Authorization: Bearer …``), as a digest: its calls are counted
    together wherever they come from. Counted in addition to the address, never instead of it, so that
    inventing tokens does not buy more calls."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    return ratelimits.digest(token) if scheme.lower() == "bearer" and token else None


class RateLimit(BaseThrottle):
    """The API's rate limits (``settings.RATE_LIMITS["api"]``: per address, per token) as a ninja throttle:
    over a limit, ninja answers 429 with ``Retry-After``."""

    def __init__(self):
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        exceeded = ratelimits.check(
            request, "api", {"address": ratelimits.client_address(request), "token": api_token(request)}
        )
        self._local.wait = exceeded.retry_after if exceeded is not None else None
        return exceeded is None

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)


api = CespAPI(
    title="API de la plateforme CESP",
    version="1.0.0",
    description="Simulateur public du contrat d'engagement de service public, et API des partenaires. "
    "Les appels sont limités par adresse et par jeton (voir la réponse 429 et son en-tête `Retry-After`).",
    urls_namespace="api",
    throttle=[RateLimit()],
)


@api.exception_handler(Throttled)
def too_many_requests(request: HttpRequest, exc: Throttled) -> JsonResponse:
    wait = int(exc.wait) if exc.wait else None
    when = f"dans {wait} s" if wait else "plus tard"
    message = f"Trop d'appels en peu de temps : cet appel n'a pas été traité. Réessayez {when}."
    return JsonResponse({"errors": [{"field": "", "message": message}]}, status=429)


def errors(*items: tuple[str, str]) -> JsonResponse:
    return JsonResponse({"errors": [{"field": f, "message": m} for f, m in items]}, status=422)


@api.post(
    "/simulate",
    response={200: SimulationResult, 422: Errors, 429: Errors},
    summary="Simuler un contrat",
    description="Allocation, engagement de service, statut et sommes dues d'un contrat à la date `as_of`. "
    "Mêmes documents que `python -m cesp.rules simulate`.",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"$ref": "#/components/schemas/Scenario"},
                    "example": design_example(),
                }
            },
        }
    },
    tags=["simulateur"],
)
def simulate_view(request: HttpRequest):
    if len(request.body) > MAX_BODY_BYTES:
        return errors(("", f"Le scénario dépasse la taille maximale de {MAX_BODY_BYTES // 1024} Ko."))
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError:
        return errors(("", "Le scénario doit être encodé en UTF-8."))
    try:
        document = jsondoc.loads(text)
    except ScenarioError as error:
        return JsonResponse({"errors": error.errors}, status=422)
    if not isinstance(document, dict):
        return errors(("", "Le scénario doit être un objet JSON."))
    try:
        return JsonResponse(simulate(document))
    except ScenarioError as error:
        return JsonResponse({"errors": error.errors}, status=422)
