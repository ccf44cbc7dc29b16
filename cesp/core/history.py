"""Which objects have a viewable history, and through which scoped selector.

Each app registers, in its AppConfig.ready(), a function ``scope -> QuerySet`` returning the objects
of a model that a scope may see. The history page fetches the object through it, so an agent sees
the history of exactly the objects they may see, and a forbidden object answers like a missing one.
"""

from collections.abc import Callable

from django.db.models import Model, QuerySet

from cesp.core.models import AuditEvent

_SELECTORS: dict[str, Callable[..., QuerySet]] = {}


def register_history(model: type[Model], selector: Callable[..., QuerySet]) -> None:
    _SELECTORS[model._meta.label_lower] = selector


def visible_object(label: str, pk: str, *, scope) -> Model | None:
    selector = _SELECTORS.get(label)
    if selector is None:
        return None
    try:
        return selector(scope=scope).filter(pk=pk).first()
    except (ValueError, TypeError):
        return None


def history_for(
    *, label: str, pk, scope, limit: int | None = None
) -> tuple[Model, QuerySet[AuditEvent]] | None:
    """The object ``label``/``pk`` as the scope may see it and its audit events, newest first (``limit``
    of them when given); None when the scope may not see it (or it does not exist)."""
    obj = visible_object(label, pk, scope=scope)
    if obj is None:
        return None
    events = AuditEvent.objects.for_object(obj).select_related("actor")
    return obj, events[:limit] if limit is not None else events


def history_labels() -> list[str]:
    return sorted(_SELECTORS)
