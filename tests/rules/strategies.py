"""Hypothesis strategies over the whole input domain of ``simulate()``, valid by construction.

``scenarios()`` draws every cursus, status, regime (with or without an application date), a
signature anywhere in its campaign's window, and every event type with every value the law allows:
repeated years, suspensions of every reason (back to back when the reasons differ), internship
entry and both kinds of termination, the thesis and the postponements it bounds, several practice
periods with any quotity of up to six decimals, every zone (with a commune that lost its status),
sector and mode, breach and death. The properties (``test_properties.py``) and the batch
equivalence (``test_batch.py``) draw from it.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from cesp.rules.months import add_months, month_end, month_index, month_start

R3_FROM = date(2026, 1, 16)
PART_TIME_FROM = date(2020, 1, 1)
REASONS = ("maternity", "adoption", "paternity", "sickness", "accident")
# Quotities: common ones, eighths (half-days out of 8) and any with up to six decimals (0.571429 for
# 20 hours out of 35): never rounded to hundredths.
QUOTITIES = st.one_of(
    st.sampled_from([Decimal(q) for q in ("0.5", "0.6", "0.625", "0.666", "0.75", "0.8", "0.875", "1")]),
    st.decimals(min_value=Decimal("0.5"), max_value=Decimal(1), places=6),
)


def _between(draw, lo: date, hi: date) -> date:
    return lo + timedelta(days=draw(st.integers(0, max(0, (hi - lo).days))))


@st.composite
def scenarios(draw, *, first_year: int = 2010, last_year: int = 2030) -> dict:
    """A valid scenario document (see the module docstring)."""
    year = draw(st.integers(first_year, last_year))
    opens = date(year, 9, 1)
    closes = date(year + 2, 1, 30)  # campaign.* parameters: 16 months from the opening, + 30 days
    signed_on = _between(draw, opens, closes)
    applied_on = None
    if draw(st.booleans()):
        applied_on = _between(draw, opens - timedelta(days=60), signed_on)
    r3 = (applied_on or min(opens, signed_on)) >= R3_FROM

    cursus = draw(st.sampled_from(["medecine", "odontologie", "pharmacie", "maieutique"]))
    if not r3 and cursus in ("pharmacie", "maieutique"):
        cursus = "medecine"
    statuses = ["student", "intern"]
    if cursus in ("medecine", "odontologie"):
        statuses.append("padhue")
    if r3:
        statuses.append("first_cycle")
    status = draw(st.sampled_from(statuses))
    allowance_from = date(year, 11 if status == "intern" else 10, 1)
    events: list[dict] = []

    studies_end = None
    if draw(st.integers(0, 5)):
        end_month = month_index(signed_on) + draw(st.integers(0, 84))
        studies_end = month_end(end_month) if draw(st.booleans()) else month_start(end_month) + timedelta(14)
        studies_end = max(studies_end, signed_on)
        events.append({"type": "studies_end", "on": studies_end.isoformat()})
    last_study_day = studies_end or signed_on + timedelta(days=3000)

    internship = None
    if status in ("student", "first_cycle") and draw(st.booleans()):
        internship = _between(draw, signed_on + timedelta(days=1), last_study_day + timedelta(days=1))
        events.append({"type": "internship_start", "on": internship.isoformat()})

    if draw(st.integers(0, 3)) == 0:
        start = _between(draw, signed_on - timedelta(days=400), last_study_day)
        events.append(
            {
                "type": "repeat_year",
                "start": start.isoformat(),
                "end": (start + timedelta(days=draw(st.integers(0, 400)))).isoformat(),
            }
        )

    # Suspensions: whole months from the signature and the allowance start, during the studies; a
    # same-reason suspension never directly follows another (they would cumulate past 12 months).
    first = max(signed_on, allowance_from)
    cursor = month_index(first) + (0 if first.day == 1 else 1)
    previous_reason = None
    for _ in range(draw(st.integers(0, 3))):
        gap = draw(st.integers(0, 18))
        intern_then = status in ("intern", "padhue") or (
            internship is not None and month_start(cursor + gap) >= internship
        )
        reason = draw(st.sampled_from([*REASONS, "disponibilite"] if intern_then else REASONS))
        if gap == 0 and reason == previous_reason:
            gap = 1
        lo = cursor + gap
        if month_start(lo) > last_study_day:
            break
        hi = lo + draw(st.integers(1, 12)) - 1
        events.append(
            {
                "type": "suspension",
                "start": month_start(lo).isoformat(),
                "end": month_end(hi).isoformat(),
                "reason": reason,
            }
        )
        cursor, previous_reason = hi + 1, reason

    kind = draw(st.sampled_from([None, None, "request", "internship_entry"]))
    if kind == "internship_entry" and internship is not None and cursus == "medecine":
        on = _between(draw, internship, add_months(internship, 3) - timedelta(days=1))
        if on <= last_study_day:
            events.append({"type": "termination", "on": on.isoformat(), "reason": kind})
    elif kind == "request":
        on = _between(draw, signed_on, last_study_day)
        events.append({"type": "termination", "on": on.isoformat(), "reason": kind})

    thesis = None
    if draw(st.booleans()):
        around = studies_end or signed_on + timedelta(days=1500)
        thesis = around + timedelta(days=draw(st.integers(-500, 500)))
        events.append({"type": "thesis", "on": thesis.isoformat()})
    latest = add_months(thesis, 36) - timedelta(days=1) if thesis else None

    if studies_end is not None:
        after = month_index(studies_end) + 1
        for _ in range(draw(st.integers(0, 3))):
            length = draw(st.integers(1, 12))
            if latest is not None and month_end(after + length - 1) >= latest:
                break
            events.append(
                {
                    "type": "postponement",
                    "start": month_start(after).isoformat(),
                    "end": month_end(after + length - 1).isoformat(),
                }
            )
            after += length
        start = month_start(after + draw(st.integers(0, 8))) + timedelta(
            days=draw(st.sampled_from([0, 0, 12]))
        )
        for _ in range(draw(st.integers(0, 3))):
            quotity = draw(QUOTITIES) if signed_on >= PART_TIME_FROM else Decimal(1)
            mode = draw(st.sampled_from(["liberal", "salaried", "mixed"]))
            sector = {"liberal": draw(st.sampled_from([1, 2])), "mixed": draw(st.sampled_from([1, 2, None]))}
            zone = draw(st.sampled_from(["ZIP", "ZAC", "none"]))
            event = {
                "type": "practice",
                "start": start.isoformat(),
                "end": None,
                "quotity": float(quotity),
                "zone": zone,
                "sector": sector.get(mode),
                "mode": mode,
            }
            if zone == "none" and draw(st.booleans()):
                event["zone_lost_on"] = (start - timedelta(days=draw(st.integers(0, 2000)))).isoformat()
            open_ended = draw(st.integers(0, 2)) == 0
            if not open_ended:
                end = start + timedelta(days=draw(st.integers(0, 2500)))
                event["end"] = end.isoformat()
            events.append(event)
            if open_ended:
                break
            start = end + timedelta(days=draw(st.integers(1, 200)))

    for kind in ("breach", "death_or_incapacity"):
        if draw(st.integers(0, 4)) == 0:
            events.append(
                {"type": kind, "on": _between(draw, signed_on, signed_on + timedelta(6000)).isoformat()}
            )

    as_of = signed_on + timedelta(days=draw(st.integers(0, 7000)))
    return {
        "as_of": as_of.isoformat(),
        "cursus": cursus,
        "status_at_signature": status,
        "academic_year": f"{year}-{year + 1}",
        "applied_on": applied_on.isoformat() if applied_on else None,
        "signed_on": signed_on.isoformat(),
        "events": draw(st.permutations(events)),
    }
