"""django-dsfr's own context processor reads the database on every request; ours caches the
site configuration for a while (see DESIGN.md, costs measured)."""

import time

from django.core.cache import cache
from django.utils.translation import get_language

CACHE_SECONDS = 300
# Each process also keeps what it read for a few seconds, so that a page makes no cache round trip for
# it either (a network one with CACHE_URL): a change in the admin shows within CACHE_SECONDS + that.
PROCESS_SECONDS = 30
_process_memo: dict[str, tuple[float, object]] = {}


def site_config(request):
    language = get_language() or "fr"
    now = time.monotonic()
    memo = _process_memo.get(language)
    if memo is not None and memo[0] > now:
        return {"SITE_CONFIG": memo[1] or None}
    key = f"dsfr-site-config:{language}"
    config = cache.get(key)
    if config is None:
        from dsfr.models import DsfrConfig

        config = DsfrConfig.objects.filter(language=language).first() or DsfrConfig.objects.first() or False
        cache.set(key, config, CACHE_SECONDS)
    _process_memo[language] = (now + PROCESS_SECONDS, config)
    return {"SITE_CONFIG": config or None}


def navigation(request):
    """The menu entries that apps registered for the current role (see cesp/core/navigation.py)."""
    from cesp.core.navigation import menu_for

    scope = getattr(request, "scope", None)
    return {"menu_entries": menu_for(scope.role if scope else None)}
