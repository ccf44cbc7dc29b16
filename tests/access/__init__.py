"""Expected answers of the access matrix (tests/web/test_access_matrix.py), one module per app.

Each module defines ``EXPECTED = {url_name: {role: status}}`` for its URLs and, when its URLs take
arguments, ``url_kwargs(world) -> {url_name: {kwarg: value}}`` building the objects they need
(objects of UFR A / region A, so that the matrix shows who is refused). A new URL without a row
fails the matrix.
"""

import importlib
import pkgutil

from tests.conftest import ROLES

PUBLIC = dict.fromkeys(ROLES, 200)
LOGGED_IN = {**dict.fromkeys(ROLES, 200), "anonymous": 302}
AGENTS_ONLY = {**dict.fromkeys(ROLES, 200), "anonymous": 302, "candidate": 403, "admin": 403}
ANONYMOUS_ONLY = {**dict.fromkeys(ROLES, 302), "anonymous": 200}
POST_ONLY = dict.fromkeys(ROLES, 405)


def only(status_by_role: dict[str, int], *, default: int = 403) -> dict[str, int]:
    """``only({"ufr_agent": 200})``: 302 for anonymous, ``default`` for every other role unless listed."""
    return {**dict.fromkeys(ROLES, default), "anonymous": 302, **status_by_role}


def modules():
    for info in pkgutil.iter_modules(__path__):
        yield importlib.import_module(f"{__name__}.{info.name}")


def expected() -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {}
    for module in modules():
        overlap = set(table) & set(module.EXPECTED)
        assert not overlap, f"URL names declared twice in tests/access: {overlap}"
        table.update(module.EXPECTED)
    return table


def url_kwargs(world) -> dict[str, dict[str, str]]:
    kwargs: dict[str, dict[str, str]] = {}
    for module in modules():
        if hasattr(module, "url_kwargs"):
            kwargs.update(module.url_kwargs(world))
    return kwargs
