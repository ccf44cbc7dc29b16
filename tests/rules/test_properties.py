"""Properties that hold for every valid scenario (hypothesis builds them)."""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cesp.rules import ScenarioError, parse_scenario, simulate
from cesp.rules.months import add_months, month_end, month_index, month_start
from cesp.rules.scenario import scenario_to_dict

from .strategies import scenarios

# Moderate by default so the rules suite stays fast; RULES_HYPOTHESIS_EXAMPLES=5000 for a deep run.
SETTINGS = settings(
    max_examples=int(os.environ.get("RULES_HYPOTHESIS_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
AMOUNT = re.compile(r"^-?\d+\.\d{2}$")
MONTHS = re.compile(r"^\d+\.\d{2}$")  # two decimals, "18.75" (DESIGN.md)
STATUSES = {"paid", "suspended", "in_obligation", "fulfilled", "terminated", "breached", "void"}


def _amounts(result: dict) -> list[str]:
    a = result["allowance"]
    values = [
        a["monthly_gross"],
        a["total_gross"],
        a["total_net"],
        a["back_pay"]["gross"],
        a["back_pay"]["net"],
    ]
    for row in a["schedule"]:
        values += [row["gross"], row["csg"], row["crds"], row["net"]]
    due = result["amount_due"]
    values += [due["reimbursement"], due["penalty"], due["total"]]
    return values


@SETTINGS
@given(scenarios())
def test_generated_scenarios_are_valid(doc):
    simulate(doc)  # raises ScenarioError if the strategy ever builds an invalid timeline


@SETTINGS
@given(scenarios())
def test_obligation_bounds(doc):
    result = simulate(doc)
    paid = result["allowance"]["months_paid"]
    ob = result["obligation"]
    owed, served, remaining = (Decimal(ob[k]) for k in ("months_owed", "months_served", "months_remaining"))
    terminated_at_internship = any(
        e["type"] == "termination" and e["reason"] == "internship_entry" and e["on"] <= doc["as_of"]
        for e in doc["events"]
    )
    if paid > 0 and terminated_at_internship:
        assert owed == paid  # the months received, without the 24-month floor
    elif paid > 0:
        assert owed >= 24
        assert owed >= paid
    else:
        assert owed == 0
    assert remaining >= 0
    assert 0 <= served <= owed
    assert owed == served + remaining  # exactly, in the published figures
    assert all(MONTHS.match(ob[k]) for k in ("months_owed", "months_served", "months_remaining"))
    assert 0 <= ob["postponements_left"] <= 3
    assert result["status"] in STATUSES


@SETTINGS
@given(scenarios())
def test_amounts_are_decimal_strings_with_two_places(doc):
    for value in _amounts(simulate(doc)):
        assert isinstance(value, str) and AMOUNT.match(value), value
        Decimal(value)


@SETTINGS
@given(scenarios())
def test_schedule_sums_equal_totals(doc):
    result = simulate(doc)
    a = result["allowance"]
    rows = a["schedule"]
    assert len(rows) == a["months_paid"]
    assert sum((Decimal(r["gross"]) for r in rows), Decimal(0)) == Decimal(a["total_gross"])
    assert sum((Decimal(r["net"]) for r in rows), Decimal(0)) == Decimal(a["total_net"])
    for r in rows:
        assert Decimal(r["gross"]) - Decimal(r["csg"]) - Decimal(r["crds"]) == Decimal(r["net"])
    back = [r for r in rows if r["back_pay"]]
    assert a["back_pay"]["months"] == len(back)
    assert sum((Decimal(r["gross"]) for r in back), Decimal(0)) == Decimal(a["back_pay"]["gross"])
    months = [r["month"] for r in rows]
    assert months == sorted(set(months))
    if a["months_projected"] is not None:
        assert a["months_projected"] >= a["months_paid"]
    due = result["amount_due"]
    assert Decimal(due["reimbursement"]) + Decimal(due["penalty"]) == Decimal(due["total"])


@SETTINGS
@given(scenarios(), st.data())
def test_adding_a_suspension_never_increases_months_paid(doc, data):
    before = simulate(doc)["allowance"]["months_paid"]
    lo = month_index(date.fromisoformat(doc["signed_on"])) + data.draw(st.integers(-12, 60))
    hi = lo + data.draw(st.integers(1, 12)) - 1
    extra = {"type": "suspension", "start": month_start(lo).isoformat(), "end": month_end(hi).isoformat()}
    extra["reason"] = "sickness"
    try:
        after = simulate({**doc, "events": [*doc["events"], extra]})["allowance"]["months_paid"]
    except ScenarioError:
        assume(False)  # the extra suspension overlaps another or falls after the end of studies
    assert after <= before


@SETTINGS
@given(scenarios())
def test_a_scenario_object_gives_the_same_result_as_its_document(doc):
    scenario = parse_scenario(doc)
    assert simulate(scenario) == simulate(doc)
    assert simulate(scenario_to_dict(scenario)) == simulate(doc)


@SETTINGS
@given(scenarios(), st.integers(1, 400))
def test_months_paid_never_decrease_with_as_of(doc, days):
    later = date.fromisoformat(doc["as_of"]) + timedelta(days=days)
    first = simulate(doc)["allowance"]["months_paid"]
    second = simulate({**doc, "as_of": later.isoformat()})["allowance"]["months_paid"]
    assert second >= first


def test_add_months_clamps_to_month_end():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


REQUIRED_FIGURES = {
    "regime",
    "allowance.start",
    "allowance.monthly_gross",
    "allowance.months_paid",
    "allowance.total_gross",
    "allowance.back_pay",
    "obligation.months_owed",
    "obligation.months_served",
    "obligation.months_remaining",
    "obligation.installation_deadline",
    "obligation.postponements_left",
    "status",
    "amount_due.total",
}


@SETTINGS
@given(scenarios())
def test_every_figure_is_explained_with_a_source(doc):
    result = simulate(doc)
    explanations = result["explanations"]
    figures = {e["figure"] for e in explanations}
    assert figures >= REQUIRED_FIGURES
    if result["allowance"]["months_paid"]:
        assert "allowance.total_net" in figures
    if result["amount_due"]["basis"]:
        assert {"amount_due.reimbursement", "amount_due.penalty"} <= figures
    if result["amount_due"]["basis"] == "after_studies_end":
        assert "amount_due.rate" in figures
    for e in explanations:
        assert set(e) == {"figure", "rule", "source"}
        assert e["rule"].strip() and e["source"].strip()


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**9)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["2025-02-30", "2025-01-01", "0000-01-01", "9999-12-31", "ZIP", "liberal", "student"]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


@SETTINGS
@given(scenarios(), st.data())
def test_any_corruption_gives_a_result_or_scenario_errors_never_a_crash(doc, data):
    """No input makes the rules fail otherwise than with ScenarioError (no 500, no traceback)."""
    corrupted = {**doc, "events": [dict(e) for e in doc["events"]]}
    targets = [("", key) for key in corrupted] + [
        (i, key) for i, e in enumerate(corrupted["events"]) for key in [*e, "extra"]
    ]
    for _ in range(data.draw(st.integers(1, 3))):
        where, key = data.draw(st.sampled_from(targets))
        events = corrupted.get("events")
        if where == "":
            container = corrupted
        elif isinstance(events, list) and where < len(events) and isinstance(events[where], dict):
            container = events[where]
        else:
            continue  # the events list itself was replaced by an earlier corruption
        if data.draw(st.booleans()) and key in container:
            del container[key]
        else:
            container[key] = data.draw(JSON_VALUES)
    try:
        result = simulate(corrupted)
    except ScenarioError as exc:
        assert exc.errors
        for e in exc.errors:
            assert isinstance(e["field"], str) and e["message"]
    else:
        assert result["status"] in STATUSES


@SETTINGS
@given(JSON_VALUES)
def test_arbitrary_documents_are_rejected_cleanly(doc):
    try:
        simulate(doc)
    except ScenarioError as exc:
        assert exc.errors
