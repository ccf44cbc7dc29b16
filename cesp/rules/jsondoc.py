"""Reading a scenario document from JSON text, for the CLI and the API alike.

``json.loads`` alone is not enough for text from strangers: a deeply nested document
(``[`` × 2000) raises ``RecursionError``, an integer of 5,000 digits raises ``ValueError``, and
``NaN`` or ``Infinity`` are accepted although they are not JSON. Every such input is an input error
here (``ScenarioError`` with a French message), so that the CLI exits 2 and the API answers 422,
never a traceback. The nesting is measured on the text before it is decoded, without recursion.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from .errors import ScenarioError

# A scenario is three levels deep (document → events → event); anything much deeper is not one.
MAX_DEPTH = 32


def _depth(text: str) -> int:
    """The deepest nesting of arrays and objects in ``text``, ignoring brackets inside strings."""
    deepest = depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


def loads(text: str) -> Any:
    """Decode ``text``; raise ScenarioError (field ``""``) for anything that is not plain JSON."""
    if _depth(text) > MAX_DEPTH:
        raise ScenarioError.single(
            "", f"JSON invalide : imbrication trop profonde (au plus {MAX_DEPTH} niveaux)."
        )
    try:
        # Decimal, not float: a quotity of 0.7 stays exactly 0.7.
        return json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        where = f"ligne {exc.lineno}, colonne {exc.colno}"
        raise ScenarioError.single("", f"JSON invalide ({where}) : {exc.msg}") from None
    except RecursionError:
        raise ScenarioError.single("", "JSON invalide : imbrication trop profonde.") from None
    except ValueError as exc:  # NaN, Infinity, or an integer too long to convert
        if str(exc) in ("NaN", "Infinity", "-Infinity"):
            message = f"JSON invalide : « {exc} » n'est pas une valeur JSON."
        else:
            message = "JSON invalide : un nombre est trop long."
        raise ScenarioError.single("", message) from None
