"""``simulate()``: one scenario in, the JSON-ready result of the simulator contract out."""

from __future__ import annotations

from typing import Any

from . import allowance, breach, obligation
from .regime import regime, regime_explanation
from .scenario import Scenario, parse_scenario
from .timeline import timeline
from .validation import validate


def simulate(scenario: dict | Scenario) -> dict[str, Any]:
    """Compute allowance, obligation, status and amounts due as of ``scenario.as_of``.

    Takes the JSON document of DESIGN.md (or a Scenario) and returns the result document: amounts
    as strings with two decimals, months of obligation with one. Raises ScenarioError on input
    the law does not allow.
    """
    if isinstance(scenario, Scenario):
        validate(scenario)
        s = scenario
    else:
        s = parse_scenario(scenario)
    code = regime(s)
    tl = timeline(s)
    a = allowance.compute(tl)
    o = obligation.compute(tl, a)
    current = breach.status(tl, o)
    due = breach.compute(tl, a, o, current)
    return {
        "regime": code,
        "allowance": allowance.as_json(a),
        "obligation": obligation.as_json(o),
        "status": current,
        "amount_due": due.as_json(),
        "explanations": [
            regime_explanation(s, code),
            *allowance.explanations(tl, a),
            *obligation.explanations(tl, a, o),
            *breach.explanations(tl, a, o, current, due, code),
        ],
    }
