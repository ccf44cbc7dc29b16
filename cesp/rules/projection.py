"""Projections for the public simulator: a planned path through the CESP, simulated three times.

A student describes a plan (campaign, dates of application, signature and end of studies, an
optional suspension, the months of postponement asked for, the planned practice and an optional
breach date). ``project()`` turns it into scenarios and asks ``simulate()`` for the figures at the
end of studies (months owed), at the end of the obligation (when the planned practice fulfils it)
and at the breach date. The limits the simulator's form offers (months of postponement, quotities)
come from the parameters too, so the page only renders (``cesp/web/simulator.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal
from typing import Any

from .months import month_end, month_index, month_start
from .obligation import fulfilment_date
from .parameters import parameters
from .simulate import simulate

# The kinds of segment of the timeline a projection draws, in order.
SEGMENT_KINDS = ("allowance", "suspension", "postponement", "obligation")


@dataclass(frozen=True, slots=True)
class Segment:
    kind: str  # one of SEGMENT_KINDS
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Projection:
    result: dict  # simulate() at the end of the obligation (or at the start of practice)
    breach: dict | None  # simulate() at the breach date, when one is planned
    fulfilled_on: date | None  # last day of the month the planned practice fulfils the obligation
    practice_start: date
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class QuotityChoice:
    quotity: Decimal
    half_days: int | None  # half-days a week out of ``part_time.full_time_half_days``, when whole


def max_postponement_months(on: date) -> int:
    """The longest installation postponement the ARS can grant: max_count reports of max_months."""
    p = parameters(on).postponement
    return int(p.max_count) * int(p.max_months)


def suspension_months_range(on: date) -> tuple[int, int]:
    p = parameters(on).suspension
    return int(p.min_months), int(p.max_months)


def quotity_choices(on: date) -> list[QuotityChoice]:
    """The quotities a simulator offers, full time first: every half-day schedule from the minimum
    quotity (``part_time.full_time_half_days`` a week is full time) and every tenth of full time."""
    p = parameters(on).part_time
    minimum, week = Decimal(p.min_quotity), int(p.full_time_half_days)
    first = int((minimum * week).to_integral_value(rounding=ROUND_CEILING))
    by_half_days = {Decimal(k) / week: k for k in range(first, week + 1)}
    tenths = {Decimal(k) / 10 for k in range(int((minimum * 10).to_integral_value(ROUND_CEILING)), 11)}
    values = sorted(set(by_half_days) | tenths, reverse=True)
    return [QuotityChoice(q.normalize(), by_half_days.get(q)) for q in values]


def postponements(studies_end: date, months: int, max_months: int) -> list[tuple[date, date]]:
    """``months`` of postponement after the studies, split into reports of at most ``max_months``."""
    out = []
    cursor = studies_end + timedelta(days=1)
    while months > 0:
        length = min(max_months, months)
        end = month_end(month_index(cursor) + length - 1)
        out.append((cursor, end))
        cursor, months = end + timedelta(days=1), months - length
    return out


def practice_start(plan: dict) -> date:
    """The 1st of the month after the studies and the postponements."""
    return month_start(month_index(plan["studies_end"]) + 1 + plan["postponement_months"])


def suspension_end(plan: dict) -> date | None:
    if not plan.get("suspension_start"):
        return None
    return month_end(month_index(plan["suspension_start"]) + plan["suspension_months"] - 1)


def build_scenario(plan: dict, *, as_of: date, practice_start: date, breach_on: date | None = None) -> dict:
    """The scenario document of a plan, computed as of ``as_of``."""
    events: list[dict[str, Any]] = []
    if plan.get("suspension_start"):
        events.append(
            {
                "type": "suspension",
                "start": plan["suspension_start"].isoformat(),
                "end": suspension_end(plan).isoformat(),
                "reason": plan.get("suspension_reason") or "sickness",
            }
        )
    studies_end = plan["studies_end"]
    events.append({"type": "studies_end", "on": studies_end.isoformat()})
    max_months = int(parameters(plan["signed_on"]).postponement.max_months)
    for start, end in postponements(studies_end, plan["postponement_months"], max_months):
        events.append({"type": "postponement", "start": start.isoformat(), "end": end.isoformat()})
    mode = plan["mode"]
    events.append(
        {
            "type": "practice",
            "start": practice_start.isoformat(),
            "end": None,
            "quotity": Decimal(plan["quotity"]),
            "zone": plan["zone"],
            "sector": None if mode == "salaried" else 1,
            "mode": mode,
        }
    )
    if breach_on:
        events.append({"type": "breach", "on": breach_on.isoformat()})
    scenario = {
        "as_of": as_of.isoformat(),
        "cursus": plan["cursus"],
        "status_at_signature": plan["situation"],
        "academic_year": plan["academic_year"],
        "signed_on": plan["signed_on"].isoformat(),
        "events": events,
    }
    if plan.get("applied_on"):
        scenario["applied_on"] = plan["applied_on"].isoformat()
    return scenario


def project(plan: dict) -> Projection:
    """Run the rules at the end of studies, then at the end of the obligation, then at the breach date.

    ``plan`` holds ``cursus``, ``situation`` (status at signature), ``academic_year``,
    ``applied_on`` (optional: the conservative reading applies without it), ``signed_on``,
    ``studies_end``, ``suspension_start`` / ``suspension_months`` / ``suspension_reason``
    (optional), ``postponement_months``, ``quotity``, ``zone``, ``mode`` and ``breach_on``
    (optional). Raises ScenarioError when the plan is one the law does not allow.
    """
    start = practice_start(plan)
    at_end_of_studies = simulate(build_scenario(plan, as_of=plan["studies_end"], practice_start=start))
    owed = Decimal(at_end_of_studies["obligation"]["months_owed"])
    fulfilled_on = fulfilment_date(owed, start, Decimal(plan["quotity"]))
    result = simulate(build_scenario(plan, as_of=fulfilled_on or start, practice_start=start))
    breach = None
    if plan.get("breach_on"):
        breach = simulate(
            build_scenario(plan, as_of=plan["breach_on"], practice_start=start, breach_on=plan["breach_on"])
        )
    allowance_start = date.fromisoformat(result["allowance"]["start"])
    segments = [Segment("allowance", allowance_start, plan["studies_end"])]
    if plan.get("suspension_start"):
        segments.append(Segment("suspension", plan["suspension_start"], suspension_end(plan)))
    if plan["postponement_months"]:
        segments.append(
            Segment("postponement", plan["studies_end"] + timedelta(days=1), start - timedelta(days=1))
        )
    if fulfilled_on:
        segments.append(Segment("obligation", start, fulfilled_on))
    return Projection(result, breach, fulfilled_on, start, tuple(segments))


__all__ = [
    "Projection",
    "QuotityChoice",
    "Segment",
    "build_scenario",
    "max_postponement_months",
    "project",
    "quotity_choices",
    "suspension_months_range",
]
