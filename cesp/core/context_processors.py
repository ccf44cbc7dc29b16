"""django-dsfr's own context processor reads the database on every request; ours caches the
site configuration for a while (see DESIGN.md, costs measured)."""

from django.core.cache import cache
from django.utils.translation import get_language

CACHE_SECONDS = 300


def site_config(request):
    from dsfr.models import DsfrConfig

    language = get_language() or "fr"
    key = f"dsfr-site-config:{language}"
    config = cache.get(key)
    if config is None:
        config = DsfrConfig.objects.filter(language=language).first() or DsfrConfig.objects.first() or False
        cache.set(key, config, CACHE_SECONDS)
    return {"SITE_CONFIG": config or None}


def navigation(request):
    """The menu entries that apps registered for the current role (see cesp/core/navigation.py)."""
    from cesp.core.navigation import menu_for

    scope = getattr(request, "scope", None)
    return {"menu_entries": menu_for(scope.role if scope else None)}
