"""Command line: ``python -m cesp.rules simulate FILE|-``.

Prints the result JSON (exit 0); on unreadable JSON, an invalid scenario or a usage error prints
``{"errors": [...]}`` on standard output and exits 2 (DESIGN.md, the simulator contract). Never a
traceback: the simulator's users are not programmers.
"""

from __future__ import annotations

import json
import sys
from typing import Any

USAGE = "usage : python -m cesp.rules simulate FICHIER|-"


def _fail(errors: list[dict[str, str]]) -> int:
    print(json.dumps({"errors": errors}, ensure_ascii=False, indent=2))
    return 2


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    with open(path, encoding="utf-8") as f:
        return f.read()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] != "simulate":
        return _fail([{"field": "", "message": f"Commande inconnue. {USAGE}"}])
    try:
        text = _read(args[1])
    except (OSError, UnicodeDecodeError) as exc:
        return _fail([{"field": "", "message": f"Lecture impossible de « {args[1]} » : {exc}"}])
    from .errors import ScenarioError
    from .jsondoc import loads

    try:
        data: Any = loads(text)
    except ScenarioError as exc:
        return _fail(exc.errors)

    from . import simulate  # after argument checks: a usage error needs no parameters

    try:
        result = simulate(data)
    except ScenarioError as exc:
        return _fail(exc.errors)
    except Exception as exc:  # a bug of ours: say so in JSON, never a traceback (exit 1, not an input error)
        message = f"Erreur interne du simulateur ({type(exc).__name__}) : merci de la signaler."
        print(json.dumps({"errors": [{"field": "", "message": message}]}, ensure_ascii=False, indent=2))
        return 1
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
