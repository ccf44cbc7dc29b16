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
