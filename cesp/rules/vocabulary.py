"""The words of the scheme that every floor shares: statuses at signature, cycles, quota categories,
regimes. Defined here once, because ``cesp.rules`` is the bottom floor: the scenario validates against
these values, and the Django apps build their choices (with French labels marked for translation) and
their mappings from them (``applications.models.StatusAtSignature`` and ``CYCLE_OF_STATUS``,
``decrees.models.Category`` and ``CATEGORY_OF_STATUS``, ``contracts.models.Regime``).
"""

from __future__ import annotations

from dataclasses import dataclass

# Statuses at signature (the scenario's ``status_at_signature``).
FIRST_CYCLE = "first_cycle"  # 1st cycle, from the 2nd year (regime R3)
STUDENT = "student"  # 2nd cycle
INTERN = "intern"  # 3rd cycle
PADHUE = "padhue"  # practitioner with a non-EU diploma, outside the cycles

# Categories of the yearly quota decree: one per cycle, the PADHUE apart.
QUOTA_FIRST_CYCLE = "premier_cycle"
QUOTA_SECOND_CYCLE = "deuxieme_cycle"
QUOTA_THIRD_CYCLE = "troisieme_cycle"
QUOTA_PADHUE = "padhue"


@dataclass(frozen=True)
class Situation:
    """A status at signature ("situation à la signature"): its cycle of studies, its quota category."""

    code: str
    cycle: int | None
    quota_category: str


SITUATIONS = (
    Situation(FIRST_CYCLE, 1, QUOTA_FIRST_CYCLE),
    Situation(STUDENT, 2, QUOTA_SECOND_CYCLE),
    Situation(INTERN, 3, QUOTA_THIRD_CYCLE),
    Situation(PADHUE, None, QUOTA_PADHUE),
)

STATUSES_AT_SIGNATURE: tuple[str, ...] = tuple(s.code for s in SITUATIONS)
CYCLES: tuple[int, ...] = tuple(s.cycle for s in SITUATIONS if s.cycle is not None)
QUOTA_CATEGORIES: tuple[str, ...] = tuple(s.quota_category for s in SITUATIONS)
CYCLE_OF_STATUS: dict[str, int | None] = {s.code: s.cycle for s in SITUATIONS}
QUOTA_CATEGORY_OF_STATUS: dict[str, str] = {s.code: s.quota_category for s in SITUATIONS}

# Legal regimes of a contract (see regime.py and docs/rules.md).
REGIMES: tuple[str, ...] = ("R0", "R1", "R2", "R3")
