"""No silent catch-all: an ``except Exception`` (or ``BaseException``, or a bare ``except``) in cesp/
logs what failed, with its context, or raises again. A narrower ``except`` says what it expects and
needs no log."""

import ast
from pathlib import Path

CESP = Path(__file__).resolve().parent.parent / "cesp"
BROAD = {"Exception", "BaseException"}
# The level is the module's choice (the public PDF check logs garbage uploads at INFO, docs/signature.md).
LOG_METHODS = {"exception", "error", "critical", "warning", "info", "debug", "log"}


def _is_broad(handler: ast.ExceptHandler) -> bool:
    caught = handler.type
    if caught is None:
        return True
    names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
    return any(isinstance(n, ast.Name) and n.id in BROAD for n in names)


def _logs_or_raises(handler: ast.ExceptHandler) -> bool:
    for node in ast.walk(ast.Module(body=handler.body, type_ignores=[])):
        if isinstance(node, ast.Raise):
            return True
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in LOG_METHODS
        ):
            return True
    return False


def silent_catch_alls(tree: ast.AST) -> list[int]:
    return sorted(
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.ExceptHandler) and _is_broad(node) and not _logs_or_raises(node)
    )


def test_no_catch_all_is_silent():
    found = {}
    for path in sorted(CESP.rglob("*.py")):
        relative = str(path.relative_to(CESP.parent))
        if "migrations" in path.parts:
            continue
        lines = silent_catch_alls(ast.parse(path.read_text(), filename=relative))
        if lines:
            found[relative] = lines
    assert found == {}, f"log what failed (logger.exception with context) or narrow the except: {found}"


def test_the_check_finds_what_it_is_meant_to_find():
    probe = """
try: a()
except Exception: pass
try: a()
except (ValueError, BaseException) as e: result = str(e)
try: a()
except: return_none()
try: a()
except Exception: logger.exception("a() failed for %s", x)
try: a()
except Exception as e: raise Refused(str(e)) from e
try: a()
except ValueError: pass
"""
    assert silent_catch_alls(ast.parse(probe)) == [3, 5, 7]
