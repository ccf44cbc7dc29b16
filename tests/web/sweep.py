"""One walk of the URL patterns, shared by every sweep over every page (DESIGN.md: the access matrix,
the query-count snapshot, and the CSP, English, 390 px and axe sweeps to come).

``pages(kwargs_by_name)`` gives every named URL of the project with the arguments that tests/access
builds for it (``access.url_kwargs(world)``); a sweep GETs each one as each role and checks what it
owns (the status code, the number of SQL queries…).
"""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse


@dataclass(frozen=True)
class Page:
    name: str  # namespaced URL name, e.g. "applications:queue"
    url: str

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:")


def walk(patterns, namespace=""):
    """``(namespaced name, pattern)`` for every named pattern under ``patterns``."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            child_namespace = namespace
            if pattern.namespace:
                child_namespace = f"{namespace}{pattern.namespace}:"
            yield from walk(pattern.url_patterns, child_namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def all_url_names() -> list[str]:
    return sorted({name for name, _ in walk(get_resolver().url_patterns)})


def url_for(name, pattern, kwargs_by_name) -> str:
    """The URL of ``name``: the Django admin gets placeholder arguments, every other page the ones
    tests/access built for it."""
    params = set(pattern.pattern.regex.groupindex)
    if name.startswith("admin:"):
        kwargs = dict.fromkeys(params, "0")
        if "app_label" in kwargs:
            kwargs["app_label"] = "auth"
        if "content_type_id" in kwargs:
            kwargs = {"content_type_id": "1", "object_id": "1"}
        return reverse(name, kwargs=kwargs)
    return reverse(name, kwargs=kwargs_by_name.get(name, {}))


def pages(kwargs_by_name, *, only=None) -> list[Page]:
    """Every named page of the project (or those named in ``only``), in URL-pattern order."""
    return [
        Page(name, url_for(name, pattern, kwargs_by_name))
        for name, pattern in walk(get_resolver().url_patterns)
        if only is None or name in only
    ]
