"""The vocabulary and the layering hold in the code itself, not only in reviews.

- Roles are named through ``cesp.accounts.roles`` only: a role name written as a string literal
  elsewhere is a rule about who may act that escapes the one module that documents them.
- Views stay thin: a ``views.py`` (or a module of a ``views`` package) never touches ``.objects``;
  reads go through a selector scoped to the user, writes through a service.
"""

import ast
from pathlib import Path

import pytest

from cesp.accounts.roles import Role

CESP = Path(__file__).resolve().parent.parent / "cesp"
ROLES_MODULE = CESP / "accounts" / "roles.py"
# "candidate" and "admin" are also field names ("candidate" on a file); they count as role names only
# where a role is compared or given as a ``role``/``roles`` argument.
AMBIGUOUS = {Role.CANDIDATE.value, Role.ADMIN.value}
ROLE_NAMES = set(Role.values)


def _python_files():
    for path in sorted(CESP.rglob("*.py")):
        if "migrations" in path.parts or path == ROLES_MODULE:
            continue
        yield path


def _role_literal(node) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in ROLE_NAMES


def role_literals(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if _role_literal(node) and node.value not in AMBIGUOUS:
            lines.append(node.lineno)
        elif isinstance(node, ast.Compare):
            lines += [c.lineno for c in [node.left, *node.comparators] if _role_literal(c)]
            for c in node.comparators:
                if isinstance(c, ast.Tuple | ast.List | ast.Set):
                    lines += [e.lineno for e in c.elts if _role_literal(e)]
        elif isinstance(node, ast.keyword) and node.arg in ("role", "roles"):
            values = (
                node.value.elts if isinstance(node.value, ast.Tuple | ast.List | ast.Set) else [node.value]
            )
            lines += [v.lineno for v in values if _role_literal(v)]
    return sorted(set(lines))


def test_no_role_name_is_written_as_a_string_outside_the_roles_module():
    found = {}
    for path in _python_files():
        lines = role_literals(ast.parse(path.read_text(), filename=str(path)))
        if lines:
            found[str(path.relative_to(CESP.parent))] = lines
    assert found == {}, f"role names as string literals (use cesp.accounts.roles): {found}"


def test_the_role_literal_check_finds_what_it_is_meant_to_find():
    probe = 'x = scope.role == "admin"\nregister_menu(roles=["ufr_agent"])\nqs.filter(role="asp_agent")\n'
    assert role_literals(ast.parse(probe)) == [1, 2, 3]
    assert role_literals(ast.parse('qs.select_related("candidate")')) == []


def _is_view_module(path: Path) -> bool:
    return path.name == "views.py" or "views" in path.parent.name.split("_")


def orm_uses(tree: ast.AST) -> list[int]:
    return sorted(
        {node.lineno for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "objects"}
    )


# Views that still query the ORM, each to be moved behind a selector or a service. The list only
# shrinks: a view module not named here fails as soon as it touches ``.objects``.
VIEWS_STILL_QUERYING: set[str] = set()  # empty: every view reads through selectors


def _view_modules():
    for path in _python_files():
        relative = str(path.relative_to(CESP.parent))
        if _is_view_module(path) or relative in VIEWS_STILL_QUERYING:
            yield relative, path


@pytest.mark.parametrize("relative, path", list(_view_modules()), ids=lambda v: str(v))
def test_views_do_not_query_the_orm(relative, path):
    lines = orm_uses(ast.parse(path.read_text(), filename=str(path)))
    if relative in VIEWS_STILL_QUERYING:
        assert lines, f"{relative} no longer queries the ORM: remove it from VIEWS_STILL_QUERYING"
    else:
        assert lines == [], f"{relative} queries the ORM at lines {lines}: call a selector or a service"


def test_the_orm_check_finds_what_it_is_meant_to_find():
    assert orm_uses(ast.parse("Contract.objects.filter(pk=1)\nselectors.contract_list(scope=s)")) == [1]
