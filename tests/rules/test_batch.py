"""The batch path equals the rules contract by contract (issues #4 and #10).

Three layers of checks:
- hand cases (the DESIGN.md example and small edge cases) with figures worked out by hand;
- hypothesis: scenarios from the whole input domain (``strategies.py``), batch vs a month-by-month
  reference written here straight from the rules (one month at a time, dates compared on each
  month's first day; whether a practice counts and the floor of months owed come from
  ``obligation.py``, the one implementation of those rules);
- hypothesis: batch vs ``simulate()`` itself, field by field, and both accept the same scenarios.

``RULES_BATCH_EXAMPLES`` raises the number of hypothesis examples for a deeper run (default 60).
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cesp.rules import batch
from cesp.rules.errors import ScenarioError
from cesp.rules.examples import design_example
from cesp.rules.obligation import minimum_months, practice_weights
from cesp.rules.parameters import parameters
from cesp.rules.scenario import (
    Breach,
    DeathOrIncapacity,
    StudiesEnd,
    Suspension,
    Termination,
    parse_scenario,
)
from cesp.rules.simulate import simulate
from cesp.rules.timeline import timeline

from .strategies import scenarios as scenario_docs

DESIGN_EXAMPLE = design_example()


def _doc(**changes):
    doc = {
        "as_of": "2027-06-30",
        "cursus": "medecine",
        "status_at_signature": "student",
        "academic_year": "2024-2025",
        "signed_on": "2025-07-20",
        "events": [],
    }
    doc.update(changes)
    return doc


def _row(doc):
    result = batch.compute_batch(batch.arrays_from_scenarios([parse_scenario(doc)]))
    return batch.result_row(result, 0)


# --- reference: one month at a time, straight from the rules -----------------------------------------


def _first_day(m: int) -> date:
    return date(m // 12, m % 12 + 1, 1)


def _mi(d: date) -> int:
    return d.year * 12 + d.month - 1


def reference(s):
    """Figures of one scenario, month by month (the slow, obvious way)."""
    terms = parameters(s.signed_on)  # contract terms are read on the signature date
    start_number = int(getattr(terms.allowance.start_month, s.status_at_signature))
    start = s.campaign_year * 12 + start_number - 1
    gross = int(terms.allowance.monthly_gross * 100)

    def on(cls):
        e = s.first(cls)
        return None if e is None else e.on

    end, term, brk, death = on(StudiesEnd), on(Termination), on(Breach), on(DeathOrIncapacity)
    susps = [e for e in s.events if isinstance(e, Suspension)]

    def paid(m):
        d = _first_day(m)
        return (
            m >= start
            and (end is None or d <= end)
            and not any(_mi(x.start) <= m <= _mi(x.end) for x in susps)
            and all(d < t for t in (term, brk, death) if t is not None)
        )

    bounds = [t for t in (end, term, brk, death) if t is not None]
    last = max(_mi(s.as_of), _mi(s.signed_on), *(_mi(b) for b in bounds))
    months = [m for m in range(start, last + 1) if paid(m)]
    now = [m for m in months if _first_day(m) <= s.as_of]
    back = [m for m in now if _first_day(m) <= s.signed_on]
    months_paid = len(now)
    projected = len(months) if bounds else -1  # unknown while nothing ends the allowance
    tl = timeline(s)
    minimum = minimum_months(tl)  # 24, or none after a termination at internship entry
    owed = max(minimum, months_paid) * batch.QUOTITY_UNIT if months_paid > 0 else 0

    served = 0
    weights = practice_weights(tl)  # what a month of each period counts for (zone, sector, thesis delay)
    if end is not None:
        for m in range(_mi(end) + 1, _mi(s.as_of) + 1):
            d = _first_day(m)
            if any(t is not None and d >= t for t in (brk, death)):
                break
            for e, weight in weights:
                if e.start <= d and (e.end is None or d <= e.end):
                    served += batch.quotity_units(weight)
    fulfilled = owed > 0 and served >= owed
    served = min(served, owed)
    served_h = served // batch.UNITS_PER_HUNDREDTH  # published: down to the hundredth

    a = s.as_of
    term_reason = s.first(Termination).reason if term is not None else None
    if death is not None and death <= a:
        status = "void"
    elif brk is not None and brk <= a:
        status = "fulfilled" if fulfilled else "breached"
    elif term is not None and term <= a:
        status = "fulfilled" if fulfilled and term_reason == "internship_entry" else "terminated"
    elif fulfilled:
        status = "fulfilled"
    elif end is not None and end < a:
        status = "in_obligation"
    elif any(_mi(x.start) <= _mi(a) <= _mi(x.end) for x in susps):
        status = "suspended"
    else:
        status = "paid"
    owed_h = owed // batch.UNITS_PER_HUNDREDTH
    return {
        "months_paid": months_paid,
        "months_projected": projected,
        "total_gross_cents": gross * len(now),
        "back_pay_months": len(back),
        "back_pay_gross_cents": gross * len(back),
        "months_owed_h": owed_h,
        "months_served_h": served_h,
        "months_remaining_h": owed_h - served_h,
        "months_served_u": served,
        "status": status,
    }


def _batch_row(result, i):
    out = {
        f: int(getattr(result, f)[i])
        for f in (
            "months_paid",
            "months_projected",
            "total_gross_cents",
            "back_pay_months",
            "back_pay_gross_cents",
            "months_owed_h",
            "months_served_h",
            "months_remaining_h",
            "months_served_u",
        )
    }
    out["status"] = batch.STATUSES[int(result.status[i])]
    return out


# --- hand cases ---------------------------------------------------------------------------------------


def test_design_example():
    row = _row(DESIGN_EXAMPLE)
    assert row["allowance"]["months_paid"] == 57
    assert row["allowance"]["months_projected"] == 57
    assert row["obligation"] == {"months_owed": "57.00", "months_served": "8.00", "months_remaining": "49.00"}
    assert row["status"] == "in_obligation"
    # back pay: October 2024 to July 2025 were due when the contract was signed on 2025-07-20
    assert row["allowance"]["back_pay"]["months"] == 10
    gross = parameters(date(2025, 7, 20)).allowance.monthly_gross
    assert Decimal(row["allowance"]["back_pay"]["gross"]) == 10 * gross
    assert Decimal(row["allowance"]["total_gross"]) == 57 * gross


def test_design_example_equals_simulate():
    _assert_same_as_simulate(_row(DESIGN_EXAMPLE), simulate(DESIGN_EXAMPLE))


def test_running_contract_is_paid_until_as_of():
    # 2024-10 .. 2027-06: 33 months, no end of studies known yet
    row = _row(_doc(as_of="2027-06-30"))
    assert row["allowance"]["months_paid"] == 33
    assert row["allowance"]["months_projected"] is None  # nothing ends the allowance yet
    assert row["obligation"]["months_owed"] == "33.00"
    assert row["obligation"]["months_remaining"] == "33.00"
    assert row["status"] == "paid"


def test_minimum_obligation_and_first_day_rule():
    # terminated on 2025-03-02: March 2025 is still paid (in a paid state on its first day)
    doc = _doc(
        signed_on="2024-09-10", events=[{"type": "termination", "on": "2025-03-02", "reason": "request"}]
    )
    row = _row(doc)
    assert row["allowance"]["months_paid"] == 6  # 2024-10 .. 2025-03
    assert row["allowance"]["months_projected"] == 6
    assert row["obligation"]["months_owed"] == "24.00"
    assert row["status"] == "terminated"
    # on the 1st of a month, that month is not paid
    doc = _doc(
        signed_on="2024-09-10", events=[{"type": "termination", "on": "2025-03-01", "reason": "request"}]
    )
    assert _row(doc)["allowance"]["months_paid"] == 5


def test_nothing_paid_owes_nothing():
    row = _row(_doc(as_of="2024-09-15", signed_on="2024-09-10"))
    assert row["allowance"]["months_paid"] == 0
    assert row["obligation"]["months_owed"] == "0.00"
    assert row["status"] == "paid"


def test_part_time_practice_and_statuses():
    doc = _doc(
        as_of="2030-06-30",
        events=[
            {"type": "studies_end", "on": "2026-09-30"},
            {
                "type": "practice",
                "start": "2026-10-01",
                "end": None,
                "quotity": 0.5,
                "zone": "ZAC",
                "sector": None,
                "mode": "salaried",
            },
        ],
    )
    row = _row(doc)
    assert row["allowance"]["months_paid"] == 24  # 2024-10 .. 2026-09
    # 2026-10 .. 2030-06 = 45 months at half time
    assert row["obligation"] == {"months_owed": "24.00", "months_served": "22.50", "months_remaining": "1.50"}
    assert row["status"] == "in_obligation"
    doc["as_of"] = "2030-09-30"  # 48 half months: served
    row = _row(doc)
    assert row["obligation"] == {"months_owed": "24.00", "months_served": "24.00", "months_remaining": "0.00"}
    assert row["status"] == "fulfilled"


def test_suspended_and_practice_outside_zone():
    doc = _doc(
        as_of="2025-02-10",
        signed_on="2024-09-10",
        events=[{"type": "suspension", "start": "2025-01-01", "end": "2025-03-31", "reason": "sickness"}],
    )
    row = _row(doc)
    assert row["allowance"]["months_paid"] == 3  # 2024-10 .. 2024-12
    assert row["status"] == "suspended"
    # sector 2 liberal practice does not count
    doc = _doc(
        as_of="2028-06-30",
        events=[
            {"type": "studies_end", "on": "2026-09-30"},
            {
                "type": "practice",
                "start": "2026-10-01",
                "end": None,
                "quotity": 1,
                "zone": "ZIP",
                "sector": 2,
                "mode": "liberal",
            },
        ],
    )
    assert _row(doc)["obligation"]["months_served"] == "0.00"


def test_many_suspensions_and_practices_are_padded():
    docs = [
        DESIGN_EXAMPLE,
        _doc(),
        _doc(
            as_of="2029-12-31",
            signed_on="2024-09-10",
            events=[
                {"type": "suspension", "start": "2025-01-01", "end": "2025-02-28", "reason": "sickness"},
                {"type": "suspension", "start": "2025-06-01", "end": "2025-06-30", "reason": "accident"},
                {"type": "suspension", "start": "2026-01-01", "end": "2026-12-31", "reason": "maternity"},
                {"type": "studies_end", "on": "2027-06-30"},
            ],
        ),
    ]
    scenarios = [parse_scenario(d) for d in docs]
    a = batch.arrays_from_scenarios(scenarios)
    assert a.susp_start_m.shape == (3, 3)
    result = batch.compute_batch(a)
    for i, s in enumerate(scenarios):
        assert _batch_row(result, i) == reference(s)
    # 2024-10 .. 2027-06 = 33 months, minus 2 + 1 + 12 suspended
    assert int(result.months_paid[2]) == 18


def test_each_contract_keeps_the_amount_of_its_signature():
    """The monthly gross is a contract term: a batch may mix contracts signed under two amounts."""
    s = parse_scenario(
        _doc(
            as_of="2028-06-30",
            events=[
                {"type": "suspension", "start": "2025-12-01", "end": "2026-02-28", "reason": "sickness"},
                {"type": "studies_end", "on": "2027-12-31"},
            ],
        )
    )
    a = batch.arrays_from_scenarios([s, s])
    assert a.monthly_gross_cents.tolist() == [int(parameters(s.signed_on).allowance.monthly_gross * 100)] * 2
    a.monthly_gross_cents = np.array([120000, 130050])  # as if the second were signed under a new amount
    result = batch.compute_batch(a)
    # 2024-10 .. 2027-12 = 39 months, minus 3 suspended; back pay 2024-10 .. 2025-07
    assert result.months_paid.tolist() == [36, 36]
    assert result.total_gross_cents.tolist() == [36 * 120000, 36 * 130050]
    assert result.back_pay_gross_cents.tolist() == [10 * 120000, 10 * 130050]
    assert batch.result_row(result, 1)["allowance"]["total_gross"] == "46818.00"


def test_columns_with_absent_dates():
    n = 3
    nat = np.datetime64("NaT", "D")
    a = batch.arrays_from_columns(
        start_m=np.full(n, 2024 * 12 + 9),
        as_of=np.array(["2026-01-15"] * n, dtype="datetime64[D]"),
        signed_on=np.array(["2025-07-01"] * n, dtype="datetime64[D]"),
        studies_end=np.array([nat, "2025-06-30", nat], dtype="datetime64[D]"),
        breach=np.array([nat, nat, "2025-02-01"], dtype="datetime64[D]"),
        minimum_months=np.full(n, 24),
    )
    result = batch.compute_batch(a)
    assert result.months_paid.tolist() == [16, 9, 4]
    assert [batch.STATUSES[c] for c in result.status] == ["paid", "in_obligation", "breached"]
    assert result.back_pay_months.tolist() == [10, 9, 4]


def test_result_row_formats():
    assert batch.cents_str(6840000) == "68400.00"
    assert batch.cents_str(5) == "0.05"
    assert batch.months_decimal(2275) == Decimal("22.75")
    assert batch.months_str(5700) == "57.00"
    assert batch.months_str(2250) == "22.50"
    assert batch.months_str(2275) == "22.75"  # as simulate() writes months: two decimals
    assert batch.months_str(0) == "0.00"


# --- generated scenarios --------------------------------------------------------------------------------

_SETTINGS = settings(
    max_examples=int(os.environ.get("RULES_BATCH_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@_SETTINGS
@given(st.lists(scenario_docs(), min_size=1, max_size=12))
def test_batch_equals_month_by_month_reference(docs):
    scenarios = [parse_scenario(d) for d in docs]  # valid by construction
    result = batch.compute_batch(batch.arrays_from_scenarios(scenarios, validated=True))
    for i, s in enumerate(scenarios):
        assert _batch_row(result, i) == reference(s), s


@_SETTINGS
@given(st.lists(scenario_docs(), min_size=1, max_size=12))
def test_batch_equals_simulate(docs):
    scenarios = [parse_scenario(d) for d in docs]  # valid by construction
    result = batch.compute_batch(batch.arrays_from_scenarios(scenarios))
    for i, s in enumerate(scenarios):
        _assert_same_as_simulate(batch.result_row(result, i), simulate(s))
    # the same scenarios through the JSON documents
    assert [simulate(d)["status"] for d in docs] == [batch.STATUSES[c] for c in result.status]


def _assert_same_as_simulate(row, expected):
    """Every figure the batch computes, as simulate() writes it."""
    allowance = expected["allowance"]
    assert row["allowance"]["months_paid"] == allowance["months_paid"]
    assert row["allowance"]["months_projected"] == allowance["months_projected"]
    assert row["allowance"]["total_gross"] == allowance["total_gross"]
    assert row["allowance"]["back_pay"]["months"] == allowance["back_pay"]["months"]
    assert row["allowance"]["back_pay"]["gross"] == allowance["back_pay"]["gross"]
    for key in ("months_owed", "months_served", "months_remaining"):
        assert row["obligation"][key] == expected["obligation"][key], key
    assert row["status"] == expected["status"]


def _with_quotity(s, quotity):
    """The scenario with the quotity of its practice periods replaced (a Scenario, not parsed)."""
    events = tuple(replace(e, quotity=quotity) if e.type == "practice" else e for e in s.events)
    return replace(s, events=events)


PART_TIME = {
    **_doc(as_of="2030-06-30"),
    "events": [
        {"type": "studies_end", "on": "2026-09-30"},
        {
            "type": "practice",
            "start": "2026-10-01",
            "end": None,
            "quotity": 0.666,
            "zone": "ZAC",
            "sector": None,
            "mode": "salaried",
        },
    ],
}


def test_a_quotity_that_is_not_whole_hundredths_is_accepted_by_both():
    """0.666 (and 0.625, five half-days) are accepted by simulate() and by the batch, with the same
    figures: 45 months × 0.666 = 29.97 months, capped at the 24 owed."""
    for quotity, served in (
        (Decimal("0.666"), "24.00"),
        (Decimal("0.625"), "24.00"),
        (Decimal("0.5"), "22.50"),
    ):
        s = _with_quotity(parse_scenario(PART_TIME), quotity)
        row = batch.result_row(batch.compute_batch(batch.arrays_from_scenarios([s])), 0)
        _assert_same_as_simulate(row, simulate(s))
        assert row["obligation"]["months_served"] == served
    s = _with_quotity(parse_scenario({**PART_TIME, "as_of": "2029-06-30"}), Decimal("0.666"))
    row = batch.result_row(batch.compute_batch(batch.arrays_from_scenarios([s])), 0)
    # 2026-10 .. 2029-06: 33 months × 0.666 = 21.978, published 21.97 (down to the hundredth)
    assert row["obligation"] == {"months_owed": "24.00", "months_served": "21.97", "months_remaining": "2.03"}
    assert simulate(s)["obligation"]["months_served"] == "21.97"


def test_the_batch_refuses_what_simulate_refuses_with_the_same_errors():
    good = parse_scenario(PART_TIME)
    bad = _with_quotity(good, Decimal("0.6666666"))  # seven decimals
    with pytest.raises(ScenarioError) as expected:
        simulate(bad)
    with pytest.raises(ScenarioError) as got:
        batch.arrays_from_scenarios([good, bad])
    assert [e["field"] for e in got.value.errors] == [f"[1].{e['field']}" for e in expected.value.errors]
    assert [e["message"] for e in got.value.errors] == [e["message"] for e in expected.value.errors]


@_SETTINGS
@given(scenario_docs(), st.decimals(min_value=Decimal("0.3"), max_value=Decimal("1.2"), places=8))
def test_batch_and_simulate_accept_the_same_quotities(doc, quotity):
    s = _with_quotity(parse_scenario(doc), quotity)
    try:
        expected = simulate(s)
    except ScenarioError as exc:
        with pytest.raises(ScenarioError) as info:
            batch.arrays_from_scenarios([s])
        assert [e["message"] for e in info.value.errors] == [e["message"] for e in exc.errors]
    else:
        row = batch.result_row(batch.compute_batch(batch.arrays_from_scenarios([s])), 0)
        _assert_same_as_simulate(row, expected)


def test_scenario_dataclasses_are_read_not_changed():
    s = parse_scenario(DESIGN_EXAMPLE)
    before = replace(s)
    batch.arrays_from_scenarios([s])
    assert s == before


def test_empty_batch_and_open_practice_column():
    assert len(batch.compute_batch(batch.arrays_from_scenarios([]))) == 0
    # a 1-D practice column with no end given: the period is open
    a = batch.arrays_from_columns(
        start_m=np.array([2024 * 12 + 9]),
        as_of=np.array(["2031-01-01"], dtype="datetime64[D]"),
        signed_on=np.array(["2025-01-01"], dtype="datetime64[D]"),
        studies_end=np.array(["2026-06-30"], dtype="datetime64[D]"),
        practice_start=np.array(["2026-07-01"], dtype="datetime64[D]"),
        practice_quotity_h=np.array([100]),
    )
    row = batch.result_row(batch.compute_batch(a), 0)
    assert row["allowance"]["months_paid"] == 21  # 2024-10 .. 2026-06
    assert row["obligation"] == {"months_owed": "24.00", "months_served": "24.00", "months_remaining": "0.00"}
    assert row["status"] == "fulfilled"
