"""Rate limits on the password reset, the uploads and the API, per address and per token, e-mail or account.

Each limit is a rate ``N/period`` (``20/h``, ``600/10m``: django-ratelimit's notation, periods ``s``, ``m``,
``h``, ``d``) read from the environment (``settings.RATE_LIMITS``, docs/security.md). The counting is
django-ratelimit's ``get_usage``: a fixed window per key, counted by an atomic ``add`` then ``incr`` in
the cache named by ``RATELIMIT_USE_CACHE`` — the local memory in development (one process: each
gunicorn worker would count apart), Redis through ``CACHE_URL`` in production, where every process and
machine counts together. A request over a limit gets a 429 answer saying in French when to come back,
with ``Retry-After`` (seconds to the end of the window): the site's error page for a page, a JSON body
in the API's error format for the API.

The address is ``client_address``: ``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_COUNT`` reverse proxies
the address the outermost of them saw (the ``X-Forwarded-For`` entry that many places from its end: the
entries before it are the client's to write, so never trusted). django-axes uses the same address.

The limits defend against abuse (mail bombing through the password reset, filling the storage, starving
the simulator); they do not authorise anything. So a cache that does not answer lets the request through
(and logs the error) rather than refusing every password reset, upload and simulation while it is down.
"""

import hashlib
import logging
import math
import re
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)

RATE = re.compile(r"^(\d+)/(\d*)([smhd])$")
PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def window_seconds(rate: str) -> int:
    match = RATE.match(rate)
    return int(match.group(2) or 1) * PERIOD_SECONDS[match.group(3)]


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or the one the trusted reverse proxies saw (see the module)."""
    remote = request.META.get("REMOTE_ADDR") or ""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote  # not through every proxy: the peer itself is the client
    return forwarded[-proxies]


def digest(value: str) -> str:
    """What the cache keeps of an e-mail address or a token: a digest, never the value."""
    return hashlib.sha256(value.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Exceeded:
    group: str
    scope: str
    retry_after: int  # seconds

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


def check(request, group: str, keys: dict[str, str | None]) -> Exceeded | None:
    """Count this request against each limit of ``group`` whose key is given; the limit it exceeds, if any.

    ``keys`` maps a scope of ``settings.RATE_LIMITS[group]`` (``address``, ``token``, ``email``,
    ``account``) to the value the request is counted under; a scope without a value or without a rate is
    not counted. Every limit is counted, so that a request refused by one still counts for the others.
    """
    if not getattr(settings, "RATE_LIMITS_ENABLED", True):
        return None
    rates = settings.RATE_LIMITS.get(group, {})
    worst = None
    for scope, value in keys.items():
        rate = rates.get(scope)
        if not rate or not value:
            continue
        try:
            usage = get_usage(
                request,
                group=f"{group}:{scope}",
                key=lambda _group, _request, v=value: v,
                rate=rate,
                increment=True,
            )
        except Exception:  # the cache is down: let the request through (see the module), and say so
            logger.exception("Limite %s:%s non comptée : le cache ne répond pas.", group, scope)
            continue
        if usage is None or not usage["should_limit"]:
            continue
        if usage["limit"] == 0:  # django-ratelimit could neither read nor write the count
            logger.error("Limite %s:%s non comptée : le cache n'a pas répondu.", group, scope)
            continue
        retry_after = usage["time_left"] if usage["time_left"] > 0 else window_seconds(rate)
        if worst is None or retry_after > worst.retry_after:
            worst = Exceeded(group=group, scope=scope, retry_after=retry_after)
    if worst is not None:
        logger.warning(
            "Limite dépassée : %s par %s, %s s à attendre.", worst.group, worst.scope, worst.retry_after
        )
    return worst


def page_response(request, exceeded: Exceeded) -> HttpResponse:
    """The site's 429 page, saying when to try again, with Retry-After."""
    from cesp.core.errors import render_error

    response = render_error(request, 429, retry_minutes=exceeded.minutes)
    response["Retry-After"] = str(exceeded.retry_after)
    return response


def limit_post(group: str, keys):
    """Decorator of a view: its POST requests counted under ``group``, with the keys ``keys(request)``."""
    from functools import wraps

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                exceeded = check(request, group, keys(request))
                if exceeded is not None:
                    return page_response(request, exceeded)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class UploadLimitMiddleware:
    """Every upload (a POST sent as ``multipart/form-data``, whatever the page) counted per address and per
    account: one place for every form that takes a file, today's and later ones. Counted in
    ``process_view``, after the CSRF check (placed after it), so that a forged post from another site
    does not spend a person's allowance."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if request.method != "POST" or request.content_type != "multipart/form-data":
            return None
        user = getattr(request, "user", None)
        account = str(user.pk) if user is not None and user.is_authenticated else None
        exceeded = check(request, "upload", {"address": client_address(request), "account": account})
        return page_response(request, exceeded) if exceeded is not None else None
