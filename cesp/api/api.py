"""The JSON API (django-ninja), documented by its OpenAPI schema at /api/v1/openapi.json."""

from django.http import HttpRequest, JsonResponse
from ninja import NinjaAPI
from pydantic.json_schema import models_json_schema

from cesp.api.schemas import Errors, Scenario, SimulationResult
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


api = CespAPI(
    title="API de la plateforme CESP",
    version="1.0.0",
    description="Simulateur public du contrat d'engagement de service public, et API des partenaires.",
    urls_namespace="api",
)


def errors(*items: tuple[str, str]) -> JsonResponse:
    return JsonResponse({"errors": [{"field": f, "message": m} for f, m in items]}, status=422)


@api.post(
    "/simulate",
    response={200: SimulationResult, 422: Errors},
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
