"""Command line: ``python -m cesp.rules simulate FILE|-``.

Prints the result JSON (exit 0); on unreadable JSON, an invalid scenario or a usage error prints
``{"errors": [...]}`` on standard output and exits 2 (DESIGN.md, the simulator contract). Never a
traceback for bad input: the simulator's users are not programmers. A bug of ours exits 1 with a JSON
message on standard output, and is logged (``cesp.rules`` logger, with the traceback and what the
scenario was; on standard error unless logging is configured) so that it can be reported and fixed.
"""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

USAGE = "usage : python -m cesp.rules simulate FICHIER|-"
logger = logging.getLogger("cesp.rules")


def _summary(data: Any) -> str:
    """What the failing scenario was, for the log (a scenario holds no personal data)."""
    if not isinstance(data, dict):
        return type(data).__name__
    fields = [
        f"{key}={data.get(key)!r:.40}" for key in ("as_of", "cursus", "status_at_signature", "signed_on")
    ]
    events = data.get("events")
    if isinstance(events, list):
        kinds = [e.get("type") if isinstance(e, dict) else type(e).__name__ for e in events]
        fields.append(f"events={kinds!r:.200}")
    return ", ".join(fields)


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
    except Exception as exc:  # a bug of ours: say so in JSON (exit 1, not an input error), and log it
        logger.exception("simulate() failed on a valid scenario: %s", _summary(data))
        message = f"Erreur interne du simulateur ({type(exc).__name__}) : merci de la signaler."
        print(json.dumps({"errors": [{"field": "", "message": message}]}, ensure_ascii=False, indent=2))
        return 1
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
