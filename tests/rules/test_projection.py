"""The simulator's projections live in cesp.rules (issue #10): fulfilment date, limits, quotities."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cesp.rules import ScenarioError
from cesp.rules.obligation import fulfilment_date
from cesp.rules.projection import (
    build_scenario,
    max_postponement_months,
    postponements,
    project,
    quotity_choices,
    suspension_months_range,
)

ON = date(2026, 6, 1)
PLAN = {
    "cursus": "medecine",
    "situation": "student",
    "academic_year": "2024-2025",
    "applied_on": date(2024, 12, 2),
    "signed_on": date(2025, 7, 20),
    "studies_end": date(2029, 10, 31),
    "suspension_start": date(2026, 1, 1),
    "suspension_months": 4,
    "suspension_reason": "maternity",
    "postponement_months": 12,
    "quotity": "1",
    "zone": "ZIP",
    "mode": "liberal",
}


def test_fulfilment_date_counts_part_time_months_as_their_quotity():
    assert fulfilment_date(Decimal(57), date(2030, 11, 1), Decimal(1)) == date(2035, 7, 31)
    # 61 months at half time: 122 calendar months
    assert fulfilment_date(Decimal(61), date(2029, 11, 1), Decimal("0.5")) == date(2039, 12, 31)
    # 24 months at 0.625: 38.4, so 39 months (the 39th month brings 24.375)
    assert fulfilment_date(Decimal(24), date(2026, 11, 1), Decimal("0.625")) == date(2030, 1, 31)
    # a practice starting mid-month counts from the next month (first-day rule)
    assert fulfilment_date(Decimal(24), date(2026, 10, 15), Decimal(1)) == date(2028, 10, 31)
    assert fulfilment_date(Decimal(0), date(2026, 11, 1), Decimal(1)) is None


def test_limits_come_from_the_parameters():
    assert max_postponement_months(ON) == 36  # 3 reports of 12 months
    assert suspension_months_range(ON) == (1, 12)
    choices = quotity_choices(ON)
    values = [c.quotity for c in choices]
    assert values[0] == 1 and values[-1] == Decimal("0.5")
    assert Decimal("0.625") in values and Decimal("0.875") in values and Decimal("0.8") in values
    assert {c.quotity: c.half_days for c in choices}[Decimal("0.625")] == 5
    assert {c.quotity: c.half_days for c in choices}[Decimal("0.8")] is None
    assert values == sorted(set(values), reverse=True)


def test_postponements_are_split_into_reports_of_at_most_twelve_months():
    assert postponements(date(2029, 10, 31), 30, 12) == [
        (date(2029, 11, 1), date(2030, 10, 31)),
        (date(2030, 11, 1), date(2031, 10, 31)),
        (date(2031, 11, 1), date(2032, 4, 30)),
    ]


def test_the_design_example_projected():
    projection = project(PLAN)
    assert projection.practice_start == date(2030, 11, 1)
    assert projection.fulfilled_on == date(2035, 7, 31)
    assert projection.result["obligation"]["months_owed"] == "57.00"
    assert projection.result["status"] == "fulfilled"
    assert [s.kind for s in projection.segments] == ["allowance", "suspension", "postponement", "obligation"]
    assert projection.breach is None


def test_a_quotity_of_five_half_days_is_projected_exactly():
    projection = project({**PLAN, "quotity": "0.625", "suspension_start": None, "postponement_months": 0})
    # 61 months owed (2024-10 .. 2029-10) at 0.625: 97.6, so 98 months from 2029-11
    assert projection.result["obligation"]["months_owed"] == "61.00"
    assert projection.fulfilled_on == date(2037, 12, 31)
    assert projection.result["status"] == "fulfilled"


def test_the_plan_sends_the_application_date_and_without_it_the_conservative_reading_applies():
    scenario = build_scenario(PLAN, as_of=date(2030, 1, 1), practice_start=date(2030, 11, 1))
    assert scenario["applied_on"] == "2024-12-02"
    plan = {**PLAN, "cursus": "pharmacie", "academic_year": "2025-2026", "signed_on": date(2026, 3, 2)}
    plan.pop("applied_on")
    with pytest.raises(ScenarioError) as info:
        project({**plan, "suspension_start": None})
    assert info.value.errors[0]["field"] == "applied_on"
    assert (
        project({**plan, "suspension_start": None, "applied_on": date(2026, 1, 20)}).result["regime"] == "R3"
    )


def test_a_breach_date_is_simulated_on_its_own():
    projection = project({**PLAN, "breach_on": date(2027, 3, 15)})
    assert projection.breach["status"] == "breached"
    assert projection.breach["amount_due"]["basis"] == "before_studies_end"
