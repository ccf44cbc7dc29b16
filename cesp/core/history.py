"""Which objects have a viewable history, and through which scoped selector.

Each app registers, in its AppConfig.ready(), a function ``scope -> QuerySet`` returning the objects
of a model that a scope may see. The history page fetches the object through it, so an agent sees
the history of exactly the objects they may see, and a forbidden object answers like a missing one.
"""

from collections.abc import Callable

from django.db.models import Model, QuerySet

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


def history_labels() -> list[str]:
    return sorted(_SELECTORS)
