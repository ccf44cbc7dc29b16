"""The batch path: many contracts at once, for the monthly payment run (issue #4).

``simulate()`` reads one scenario and explains every figure; the payment run needs the same figures
for every active contract, fast. This module computes them for N contracts with numpy, on whole
months as integer indices and interval arithmetic (overlap lengths), never month by month:

    month index  m = year * 12 + (month - 1)

A month is paid when the contract is in a paid state on its **first day** (DOMAIN.md), so each
date of the timeline becomes a month bound once, when the arrays are built:

- allowance start: the ``start_month`` parameter of the status at signature, in the first year of
  the campaign (``2024-2025``, student -> 2024-10);
- end of studies ``on``: its month is the last one paid (the 1st of that month is <= ``on``);
- termination, breach, death ``on``: the first month *not* paid is the first whose 1st day is
  >= ``on`` (``months.first_month_from``);
- suspension ``start``..``end``: months ``month(start)`` .. ``month(end)`` inclusive;
- ``as_of`` / ``signed_on``: the last month counted is their month (its 1st day is <= the date);
- practice ``start``..``end``: months ``first_month_from(start)`` .. ``month(end)`` (open if None).

Absent dates are sentinels (``NEVER`` far in the future, empty intervals for absent periods), so the
arithmetic has no branches. Quotities are integer millionths (``QUOTITY_UNIT``: the rules accept at
most six decimals, ``validation.QUOTITY_PLACES``), months served integer millionths of a month and
amounts integer cents: everything is exact, and turns into ``Decimal`` or strings only at the edge
(:func:`result_row`), with the rounding of ``simulate()`` (months served down to the hundredth).

What decides whether a practice period counts, how many months are owed at least, and the order of
the statuses are not copied here: :func:`arrays_from_scenarios` asks ``obligation.py``
(``practice_weights``, ``minimum_months``) and validates each scenario with the ``validate()`` of
``simulate()``, so the batch accepts exactly what ``simulate()`` accepts.

Parameters (allowance amount, start months, minimum obligation) are read from
:func:`cesp.rules.parameters.parameters` once per distinct date, never per contract. They are
contract terms fixed on the signature date (``parameters/allowance.yaml``): a contract keeps its
monthly gross for its whole life, so the gross of N months is N times the contract's amount, and a
new amount in the parameters reaches contracts signed from its effective date (each contract carries
its own amount in ``ContractArrays.monthly_gross_cents``).

The batch computes, per contract: months paid to ``as_of``, months projected, total gross, back pay
(months and gross), months owed, served and remaining, and the status. It must equal ``simulate()``
contract by contract on these figures (``tests/rules/test_batch.py``). It does not compute what only
one contract at a time needs: the month-by-month schedule with CSG/CRDS and net amounts, the
amounts due on breach, postponements and the installation deadline, the explanations: ``simulate()``
gives those for the contracts that need them. ``bench/rules_batch.py`` measures the batch
(``docs/benchmarks.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

import numpy as np

from .errors import ScenarioError
from .obligation import minimum_months, practice_weights
from .parameters import parameters
from .scenario import STATUSES as STATUSES_AT_SIGNATURE
from .scenario import Scenario
from .timeline import timeline
from .validation import QUOTITY_PLACES, validate

#: Sentinel month / day index for "never" (absent date). Far enough to never be reached, small
#: enough that adding or subtracting a few thousand never overflows int32.
NEVER = np.int32(100_000_000)

#: Status codes of :class:`BatchResult.status`, in the order of the codes.
STATUSES = ("paid", "suspended", "in_obligation", "fulfilled", "terminated", "breached", "void")
PAID, SUSPENDED, IN_OBLIGATION, FULFILLED, TERMINATED, BREACHED, VOID = range(len(STATUSES))

I32 = np.int32
I64 = np.int64

#: Quotities and months served are integers of this unit (millionths): exact for six decimals.
QUOTITY_UNIT = 10**QUOTITY_PLACES
#: Published months have two decimals: one hundredth is this many units.
UNITS_PER_HUNDREDTH = QUOTITY_UNIT // 100


# --- months and days, vectorised (``months.py`` holds the scalar helpers) ----------------------------


#: Offset between numpy's months since 1970-01 and our month index.
_EPOCH_MONTH = 1970 * 12
#: Offset between numpy's days since 1970-01-01 and ``date.toordinal()``.
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def month_index_dt64(d: np.ndarray) -> np.ndarray:
    """Vectorised :func:`month_index` of a ``datetime64`` array (NaT -> ``NEVER``)."""
    m = d.astype("datetime64[M]")
    out = m.astype(np.int64) + _EPOCH_MONTH
    return np.where(np.isnat(d), NEVER, out).astype(I32)


def month_ceil_dt64(d: np.ndarray) -> np.ndarray:
    """Vectorised :func:`month_ceil` of a ``datetime64[D]`` array (NaT -> ``NEVER``)."""
    d = d.astype("datetime64[D]")
    m = d.astype("datetime64[M]")
    out = m.astype(np.int64) + _EPOCH_MONTH + (m.astype("datetime64[D]") != d)
    return np.where(np.isnat(d), NEVER, out).astype(I32)


def day_index_dt64(d: np.ndarray) -> np.ndarray:
    """Vectorised ``date.toordinal()`` of a ``datetime64[D]`` array (NaT -> ``NEVER``)."""
    d = d.astype("datetime64[D]")
    out = d.astype(np.int64) + _EPOCH_ORDINAL
    return np.where(np.isnat(d), NEVER, out).astype(I32)


# --- parameters, read once per distinct date ----------------------------------------------------------


@lru_cache(maxsize=65536)
def contract_terms(signed_on: date) -> tuple[int, int, dict[str, int]]:
    """Terms fixed at the signature: monthly gross in cents, minimum months owed, start month by status.

    The allowance amount and start month are contract terms read on the signature date
    (``parameters/allowance.yaml``), as is the minimum obligation; a batch reads them once per
    distinct signature date.
    """
    p = parameters(signed_on)
    gross = Decimal(p.allowance.monthly_gross) * 100
    assert gross == gross.to_integral_value(), f"monthly gross {gross / 100} is not a whole number of cents"
    starts = {status: int(getattr(p.allowance.start_month, status)) for status in STATUSES_AT_SIGNATURE}
    return int(gross), int(p.obligation.minimum_months), starts


def allowance_start_month(status: str, campaign_year: int, signed_on: date) -> int:
    """Month index of the first month of allowance (its month number in the campaign's first year)."""
    return campaign_year * 12 + contract_terms(signed_on)[2][status] - 1


def _terms_by_date(signed_on_d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(monthly gross cents, minimum months) for day indices, reading each distinct date once."""
    uniq, inv = np.unique(signed_on_d, return_inverse=True)
    terms = [contract_terms(date.fromordinal(int(d))) for d in uniq]
    gross = np.array([t[0] for t in terms], dtype=np.int64)
    minimum = np.array([t[1] for t in terms], dtype=I32)
    inv = inv.reshape(-1)
    return gross[inv], minimum[inv]


# --- the arrays -----------------------------------------------------------------------------------


@dataclass
class ContractArrays:
    """N contracts as whole-month (and, for statuses, whole-day) integer indices.

    1-D arrays have shape (N,); suspensions (N, K) and practices (N, P) are padded with empty
    intervals (start ``NEVER``, end ``-NEVER``). Days are ``date.toordinal()``. ``*_stop_m`` is the
    first month *not* paid because of the event (``NEVER`` when absent). The monthly gross and the
    minimum obligation are contract terms read from the parameters on the signature date.
    """

    start_m: np.ndarray  # first month of allowance
    studies_end_m: np.ndarray  # month of the end of studies: last month paid (NEVER if unknown)
    studies_end_d: np.ndarray
    termination_stop_m: np.ndarray
    termination_d: np.ndarray
    breach_stop_m: np.ndarray
    breach_d: np.ndarray
    death_stop_m: np.ndarray
    death_d: np.ndarray
    as_of_m: np.ndarray
    as_of_d: np.ndarray
    signed_m: np.ndarray
    susp_start_m: np.ndarray  # (N, K)
    susp_end_m: np.ndarray  # (N, K)
    practice_start_m: np.ndarray  # (N, P) first month whose 1st day is in the period
    practice_end_m: np.ndarray  # (N, P) last such month (NEVER if open)
    practice_quotity_u: np.ndarray  # (N, P) int64 millionths; 0 when the period does not count
    monthly_gross_cents: np.ndarray  # int64, the allowance amount of the contract
    minimum_months: np.ndarray  # obligation floor
    internship_entry: np.ndarray  # bool: terminated at internship entry (fulfilled once served)

    def __len__(self) -> int:
        return len(self.start_m)

    @property
    def nbytes(self) -> int:
        return sum(getattr(self, f.name).nbytes for f in fields(self))


def quotity_units(quotity: Decimal) -> int:
    """A quotity as an integer of ``QUOTITY_UNIT`` (exact: validation allows six decimals at most)."""
    u = Decimal(quotity) * QUOTITY_UNIT
    if u != u.to_integral_value():
        raise ValueError(f"quotity {quotity} has more than {QUOTITY_PLACES} decimals")
    return int(u)


def _paid_bound(a: ContractArrays) -> np.ndarray:
    """Last month the allowance can be paid, whatever ``as_of`` (about NEVER when unbounded)."""
    hi = np.minimum(a.studies_end_m, a.termination_stop_m - 1)
    hi = np.minimum(hi, a.breach_stop_m - 1)
    return np.minimum(hi, a.death_stop_m - 1)


def _as_2d(x: np.ndarray, n: int) -> np.ndarray:
    """A column of N values as (N, 1); an (N, K) block as it is."""
    return x.reshape(n, 1) if x.ndim == 1 else x


def arrays_from_columns(
    *,
    start_m: np.ndarray,
    as_of: np.ndarray,
    signed_on: np.ndarray,
    studies_end: np.ndarray | None = None,
    termination: np.ndarray | None = None,
    breach: np.ndarray | None = None,
    death: np.ndarray | None = None,
    susp_start: np.ndarray | None = None,
    susp_end: np.ndarray | None = None,
    practice_start: np.ndarray | None = None,
    practice_end: np.ndarray | None = None,
    practice_quotity_u: np.ndarray | None = None,
    practice_quotity_h: np.ndarray | None = None,
    monthly_gross_cents: np.ndarray | None = None,
    minimum_months: np.ndarray | None = None,
    internship_entry: np.ndarray | None = None,
) -> ContractArrays:
    """ContractArrays from columns of ``datetime64[D]`` (NaT when absent), as a database gives them.

    ``start_m`` is already a month index (see :func:`allowance_start_month`); suspension and
    practice columns are (N, K) / (N, P); ``practice_quotity_u`` (millionths, or
    ``practice_quotity_h`` in hundredths) is 0 where a period does not count (see
    ``obligation.practice_weights``); ``monthly_gross_cents`` and ``minimum_months`` default to the
    parameters on ``signed_on`` (:func:`contract_terms`), read once per distinct date (a contract
    terminated at internship entry owes no floor: pass ``minimum_months`` and ``internship_entry``).
    """
    n = len(start_m)
    nat = np.full(n, np.datetime64("NaT", "D"), dtype="datetime64[D]")

    def col(x):
        return nat if x is None else np.asarray(x, dtype="datetime64[D]")

    studies_end, termination, breach, death = map(col, (studies_end, termination, breach, death))
    as_of = col(as_of)
    signed_on = col(signed_on)

    def period(lo, hi, lo_conv, hi_conv, open_end=False):
        if lo is None:
            return np.full((n, 1), NEVER, I32), np.full((n, 1), -NEVER, I32)
        lo = _as_2d(np.asarray(lo, dtype="datetime64[D]"), n)
        hi = (
            np.full(lo.shape, np.datetime64("NaT", "D"))
            if hi is None
            else _as_2d(np.asarray(hi, "datetime64[D]"), n)
        )
        absent = np.isnat(lo)
        lo_m = np.where(absent, NEVER, lo_conv(lo))
        hi_m = hi_conv(hi)
        hi_m = np.where(absent, -NEVER, hi_m if open_end else np.where(np.isnat(hi), -NEVER, hi_m))
        return lo_m.astype(I32), hi_m.astype(I32)

    ss_m, se_m = period(susp_start, susp_end, month_index_dt64, month_index_dt64)
    ps_m, pe_m = period(practice_start, practice_end, month_ceil_dt64, month_index_dt64, open_end=True)
    if practice_quotity_u is None and practice_quotity_h is not None:
        practice_quotity_u = np.asarray(practice_quotity_h, dtype=I64) * UNITS_PER_HUNDREDTH
    if practice_quotity_u is None:
        q = np.zeros(ps_m.shape, I64)
    else:
        q = np.where(ps_m == NEVER, 0, _as_2d(np.asarray(practice_quotity_u, dtype=I64), n)).astype(I64)

    start_m = np.asarray(start_m, dtype=I32)
    if monthly_gross_cents is None or minimum_months is None:
        gross, minimum = _terms_by_date(day_index_dt64(signed_on))
        monthly_gross_cents = gross if monthly_gross_cents is None else monthly_gross_cents
        minimum_months = minimum if minimum_months is None else minimum_months

    a = ContractArrays(
        start_m=start_m,
        studies_end_m=month_index_dt64(studies_end),
        studies_end_d=day_index_dt64(studies_end),
        termination_stop_m=month_ceil_dt64(termination),
        termination_d=day_index_dt64(termination),
        breach_stop_m=month_ceil_dt64(breach),
        breach_d=day_index_dt64(breach),
        death_stop_m=month_ceil_dt64(death),
        death_d=day_index_dt64(death),
        as_of_m=month_index_dt64(as_of),
        as_of_d=day_index_dt64(as_of),
        signed_m=month_index_dt64(signed_on),
        susp_start_m=ss_m,
        susp_end_m=se_m,
        practice_start_m=ps_m,
        practice_end_m=pe_m,
        practice_quotity_u=q,
        monthly_gross_cents=np.broadcast_to(np.asarray(monthly_gross_cents, dtype=np.int64), (n,)),
        minimum_months=np.broadcast_to(np.asarray(minimum_months, dtype=I32), (n,)),
        internship_entry=np.broadcast_to(
            np.zeros(n, bool) if internship_entry is None else np.asarray(internship_entry, dtype=bool), (n,)
        ),
    )
    return a


def arrays_from_scenarios(scenarios: Sequence[Scenario], *, validated: bool = False) -> ContractArrays:
    """ContractArrays of scenarios; parameters are read once per distinct date.

    Each scenario is checked with the ``validate()`` of ``simulate()`` (unless ``validated``, for
    scenarios that come from ``parse_scenario``): a scenario ``simulate()`` refuses is refused here
    with the same errors, their fields prefixed by the scenario's position (``[3].events[1].end``).
    """
    if not validated:
        errors = []
        for i, s in enumerate(scenarios):
            try:
                validate(s)
            except ScenarioError as exc:
                errors += [
                    {**e, "field": f"[{i}]" + ("." + e["field"] if e["field"] else "")} for e in exc.errors
                ]
        if errors:
            raise ScenarioError(errors)
    n = len(scenarios)
    tls = [timeline(s) for s in scenarios]
    k = max([1] + [len(tl.suspensions) for tl in tls])
    p = max([1] + [len(tl.practices) for tl in tls])
    nat = np.datetime64("NaT", "D")

    def d64(d: date | None):
        return nat if d is None else np.datetime64(d, "D")

    start_m = np.empty(n, I32)
    minimum = np.empty(n, I32)
    internship_entry = np.zeros(n, bool)
    gross = np.empty(n, I64)
    cols: dict[str, list] = {
        k_: [] for k_ in ("as_of", "signed_on", "studies_end", "termination", "breach", "death")
    }
    ss = np.full((n, k), nat, dtype="datetime64[D]")
    se = np.full((n, k), nat, dtype="datetime64[D]")
    ps = np.full((n, p), nat, dtype="datetime64[D]")
    pe = np.full((n, p), nat, dtype="datetime64[D]")
    pq = np.zeros((n, p), I64)
    for i, (s, tl) in enumerate(zip(scenarios, tls, strict=True)):
        start_m[i] = allowance_start_month(s.status_at_signature, s.campaign_year, s.signed_on)
        gross[i] = contract_terms(s.signed_on)[0]
        minimum[i] = minimum_months(tl)
        internship_entry[i] = tl.termination is not None and tl.termination.reason == "internship_entry"
        cols["as_of"].append(d64(s.as_of))
        cols["signed_on"].append(d64(s.signed_on))
        cols["studies_end"].append(d64(tl.studies_end))
        cols["termination"].append(d64(tl.termination.on if tl.termination else None))
        cols["breach"].append(d64(tl.breach))
        cols["death"].append(d64(tl.death))
        for j, e in enumerate(tl.suspensions):
            ss[i, j], se[i, j] = d64(e.start), d64(e.end)
        for j, (e, weight) in enumerate(practice_weights(tl)):
            ps[i, j], pe[i, j] = d64(e.start), d64(e.end)
            pq[i, j] = quotity_units(weight)
    columns = {name: np.array(v, dtype="datetime64[D]") for name, v in cols.items()}
    return arrays_from_columns(
        start_m=start_m,
        susp_start=ss,
        susp_end=se,
        practice_start=ps,
        practice_end=pe,
        practice_quotity_u=pq,
        monthly_gross_cents=gross,
        minimum_months=minimum,
        internship_entry=internship_entry,
        **columns,
    )


# --- the computation ------------------------------------------------------------------------------


@dataclass
class BatchResult:
    """Figures of N contracts; months are counts, obligation in hundredths of months as published
    (``_h``) and served months exactly in millionths (``_u``), money in cents."""

    months_paid: np.ndarray  # int32, months due on or before as_of
    months_projected: np.ndarray  # int32, months the allowance reaches when its end is known, else -1
    total_gross_cents: np.ndarray  # int64, gross of the months paid
    back_pay_months: np.ndarray  # int32, months paid whose first day is on or before signed_on
    back_pay_gross_cents: np.ndarray  # int64
    months_owed_h: np.ndarray  # int32, hundredths of months (whole months × 100)
    months_served_h: np.ndarray  # int32, published: rounded down to the hundredth
    months_remaining_h: np.ndarray  # int32, owed − served as published (exact sum)
    months_served_u: np.ndarray  # int64, exact, millionths of months (capped at months owed)
    status: np.ndarray  # int8, index into STATUSES

    def __len__(self) -> int:
        return len(self.months_paid)


def _count(lo: np.ndarray, hi: np.ndarray, s0: np.ndarray, s1: np.ndarray) -> np.ndarray:
    """Months in [lo, hi] outside the (non-overlapping) intervals [s0, s1] of each row."""
    n = np.maximum(hi - lo + 1, 0)
    ov = np.minimum(s1, hi[:, None]) - np.maximum(s0, lo[:, None]) + 1
    return n - np.maximum(ov, 0).sum(axis=1, dtype=I32)


def compute_batch(a: ContractArrays) -> BatchResult:
    """Allowance months, back pay, obligation and status of every contract (see the module doc)."""
    lo = a.start_m
    hi = _paid_bound(a)
    hi_now = np.minimum(hi, a.as_of_m)
    hi_signed = np.minimum(hi_now, a.signed_m)  # the months of the schedule due at the signature
    months_paid = _count(lo, hi_now, a.susp_start_m, a.susp_end_m)
    bounded = hi < NEVER // 2
    projected = np.where(bounded, _count(lo, hi, a.susp_start_m, a.susp_end_m), -1)
    back_pay = _count(lo, hi_signed, a.susp_start_m, a.susp_end_m)

    total_gross = months_paid * a.monthly_gross_cents
    back_pay_gross = back_pay * a.monthly_gross_cents

    owed = np.where(months_paid > 0, np.maximum(a.minimum_months, months_paid), 0).astype(I64)
    owed_u = owed * QUOTITY_UNIT

    # practice months: after the month of the end of studies, up to as_of, before breach or death
    p_lo = np.maximum(a.practice_start_m, (a.studies_end_m + 1)[:, None])
    p_hi = np.minimum(
        a.practice_end_m, np.minimum(a.as_of_m, np.minimum(a.breach_stop_m, a.death_stop_m) - 1)[:, None]
    )
    served_raw = (np.maximum(p_hi - p_lo + 1, 0).astype(I64) * a.practice_quotity_u).sum(axis=1, dtype=I64)
    served_u = np.minimum(served_raw, owed_u)
    served_h = served_u // UNITS_PER_HUNDREDTH  # rounded down, as simulate() publishes it
    owed_h = owed * 100
    fulfilled = (owed > 0) & (served_raw >= owed_u)

    # the order of breach.status(): the first condition that holds
    as_of = a.as_of_d
    as_of_m = a.as_of_m[:, None]
    in_susp = ((a.susp_start_m <= as_of_m) & (as_of_m <= a.susp_end_m)).any(axis=1)
    breached = a.breach_d <= as_of
    terminated = a.termination_d <= as_of
    status = np.select(
        [
            a.death_d <= as_of,
            breached & fulfilled,
            breached,
            terminated & a.internship_entry & fulfilled,
            terminated,
            fulfilled,
            a.studies_end_d < as_of,
            in_susp,
        ],
        [VOID, FULFILLED, BREACHED, FULFILLED, TERMINATED, FULFILLED, IN_OBLIGATION, SUSPENDED],
        PAID,
    ).astype(np.int8)

    return BatchResult(
        months_paid=months_paid,
        months_projected=projected.astype(I32),
        total_gross_cents=total_gross,
        back_pay_months=back_pay,
        back_pay_gross_cents=back_pay_gross,
        months_owed_h=owed_h.astype(I32),
        months_served_h=served_h.astype(I32),
        months_remaining_h=(owed_h - served_h).astype(I32),
        months_served_u=served_u,
        status=status,
    )


# --- the edge: one row as simulate() shows it ------------------------------------------------------


def cents_str(cents: int) -> str:
    """Integer cents as a decimal string of euros with two places ("68400.00")."""
    return str((Decimal(int(cents)) / 100).quantize(Decimal("0.01")))


def months_decimal(hundredths: int) -> Decimal:
    """Hundredths of a month as the exact Decimal (``Decimal("22.75")``)."""
    return Decimal(int(hundredths)) / 100


def months_str(hundredths: int) -> str:
    """Months of obligation as ``simulate()`` writes them: two decimals (``"57.00"``)."""
    return str(months_decimal(hundredths).quantize(Decimal("0.01")))


def result_row(result: BatchResult, i: int) -> dict[str, Any]:
    """Row ``i`` with the field names and string formats of ``simulate()``'s result."""
    projected = int(result.months_projected[i])
    return {
        "allowance": {
            "months_paid": int(result.months_paid[i]),
            "months_projected": projected if projected >= 0 else None,
            "total_gross": cents_str(result.total_gross_cents[i]),
            "back_pay": {
                "months": int(result.back_pay_months[i]),
                "gross": cents_str(result.back_pay_gross_cents[i]),
            },
        },
        "obligation": {
            "months_owed": months_str(result.months_owed_h[i]),
            "months_served": months_str(result.months_served_h[i]),
            "months_remaining": months_str(result.months_remaining_h[i]),
        },
        "status": STATUSES[int(result.status[i])],
    }
