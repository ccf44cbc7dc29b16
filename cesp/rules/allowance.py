"""The monthly allowance: start, paid months, schedule gross and net, back pay.

Paid months are computed as intervals of month indices: from the start month (1st of October or
November of the campaign) to the month that stops payments, minus the suspended months. The
schedule then lists those intervals month by month up to ``as_of`` (one row per month paid).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from .explain import day, euros, explanation, money, number, percent, round_cents
from .months import Interval, clip, month_end, month_index, month_label, month_start, subtract, total_length
from .parameters import parameters, reference
from .scenario import Scenario
from .timeline import Timeline

STATUS_LABELS = {
    "student": "étudiant du 2e cycle",
    "intern": "interne (3e cycle)",
    "padhue": "PADHUE",
    "first_cycle": "étudiant du 1er cycle",
}


@dataclass(frozen=True, slots=True)
class MonthRow:
    month: int
    gross: Decimal
    csg: Decimal
    crds: Decimal
    net: Decimal
    back_pay: bool

    def as_json(self) -> dict:
        gross, csg, crds, net = _amount_texts(self.gross, self.csg, self.crds, self.net)
        return {
            "month": month_label(self.month),
            "gross": gross,
            "csg": csg,
            "crds": crds,
            "net": net,
            "back_pay": self.back_pay,
        }


@lru_cache(maxsize=256)
def _amount_texts(gross: Decimal, csg: Decimal, crds: Decimal, net: Decimal) -> tuple[str, str, str, str]:
    """The JSON forms of one month's amounts: the same few rows repeat month after month."""
    return money(gross), money(csg), money(crds), money(net)


@dataclass(frozen=True, slots=True)
class Allowance:
    start: date
    paid: tuple[Interval, ...]  # months paid, ignoring as_of (the last one is open when unbounded)
    bounded: bool  # an end of studies, termination, breach or death closes the paid period
    months_paid: int
    months_projected: int | None
    monthly_gross: Decimal
    rows: tuple[MonthRow, ...]
    # Sums of the rows, computed once (``compute``): the JSON, the explanations and the breach read them.
    total_gross: Decimal
    total_net: Decimal
    back_pay_gross: Decimal
    back_pay_net: Decimal

    @property
    def back_pay_rows(self) -> list[MonthRow]:
        return [r for r in self.rows if r.back_pay]

    @property
    def end(self) -> date | None:
        """Last day of the last month the allowance will be paid, when known."""
        if not self.bounded or not self.paid:
            return None
        return month_end(self.paid[-1][1] - 1)


def allowance_start(s: Scenario) -> date:
    """1st of the start month of the status at signature, in the campaign's first calendar year."""
    month = int(getattr(parameters(s.signed_on).allowance.start_month, s.status_at_signature))
    return date(s.campaign_year, month, 1)


def start_date(tl: Timeline) -> date:
    return allowance_start(tl.scenario)


@lru_cache(maxsize=4096)
def _contributions(gross: Decimal, month: int) -> tuple[Decimal, Decimal, Decimal]:
    """CSG, CRDS and net of one month's gross, at the rates in force on the month's first day
    (each contribution rounded to the cent on its own: docs/rules.md, "Rounding")."""
    p = parameters(month_start(month)).allowance
    base = gross * p.csg_crds_base_ratio
    csg, crds = round_cents(base * p.csg_rate), round_cents(base * p.crds_rate)
    return csg, crds, gross - csg - crds


def compute(tl: Timeline) -> Allowance:
    s = tl.scenario
    start = start_date(tl)
    gross = Decimal(parameters(s.signed_on).allowance.monthly_gross)
    stop = tl.stop_month()
    first = month_index(start)
    as_of_hi = tl.as_of_month + 1  # months whose first day is on or before as_of
    hi = stop if stop is not None else max(as_of_hi, first)
    paid = subtract((first, max(first, hi)), tl.suspension_intervals)
    paid_to_date = clip(paid, (first, as_of_hi))
    signed = month_index(s.signed_on)  # months up to the signature's are paid as back pay
    rows = []
    total_net = back_gross = back_net = Decimal(0)
    for lo, up in paid_to_date:
        for m in range(lo, up):
            csg, crds, net = _contributions(gross, m)
            back = m <= signed
            rows.append(MonthRow(m, gross, csg, crds, net, back))
            total_net += net
            if back:
                back_gross += gross
                back_net += net
    return Allowance(
        start=start,
        paid=tuple(paid),
        bounded=stop is not None,
        months_paid=total_length(paid_to_date),
        months_projected=total_length(paid) if stop is not None else None,
        monthly_gross=gross,
        rows=tuple(rows),
        total_gross=gross * len(rows),
        total_net=total_net,
        back_pay_gross=back_gross,
        back_pay_net=back_net,
    )


def as_json(a: Allowance) -> dict:
    back_months = sum(1 for r in a.rows if r.back_pay)
    return {
        "start": a.start.isoformat(),
        "end": a.end.isoformat() if a.end else None,
        "months_paid": a.months_paid,
        "months_projected": a.months_projected,
        "monthly_gross": money(a.monthly_gross),
        "total_gross": money(a.total_gross),
        "total_net": money(a.total_net),
        "back_pay": {
            "months": back_months,
            "gross": money(a.back_pay_gross),
            "net": money(a.back_pay_net),
        },
        "schedule": [r.as_json() for r in a.rows],
    }


def explanations(tl: Timeline, a: Allowance) -> list[dict]:
    s = tl.scenario
    status = s.status_at_signature
    start_ref = reference(f"allowance.start_month.{status}", s.signed_on).cite()
    gross_ref = reference("allowance.monthly_gross", s.signed_on).cite()
    out = [
        explanation(
            "allowance.start",
            f"Pour un {STATUS_LABELS[status]} de la campagne "
            f"{s.academic_year}, l'allocation est due à partir "
            f"du {day(a.start)}.",
            start_ref,
        ),
        explanation(
            "allowance.monthly_gross",
            f"L'allocation est forfaitaire : {euros(a.monthly_gross)} bruts par mois, sans prorata "
            "(un mois est dû en entier si le contrat ouvre droit au paiement le premier jour du mois).",
            gross_ref,
        ),
        explanation("allowance.months_paid", _months_paid_rule(tl, a), gross_ref),
        explanation(
            "allowance.total_gross",
            f"{number(len(a.rows))} mois × {euros(a.monthly_gross)} = {euros(a.total_gross)} bruts.",
            gross_ref,
        ),
    ]
    if a.rows:
        last = a.rows[-1]
        p = parameters(month_start(last.month)).allowance
        out.append(
            explanation(
                "allowance.total_net",
                f"Net = brut − CSG − CRDS, calculées sur {percent(p.csg_crds_base_ratio)} du brut : "
                f"CSG {percent(p.csg_rate)}, CRDS {percent(p.crds_rate)}, "
                f"soit pour {month_label(last.month)} "
                f"{euros(last.gross)} − {euros(last.csg)} − {euros(last.crds)} = {euros(last.net)}. "
                f"Total net versé : {euros(a.total_net)} sur {number(len(a.rows))} mois.",
                "; ".join(
                    dict.fromkeys(
                        reference(name, month_start(last.month)).cite()
                        for name in (
                            "allowance.csg_rate",
                            "allowance.crds_rate",
                            "allowance.csg_crds_base_ratio",
                        )
                    )
                ),
            )
        )
    back = a.back_pay_rows
    out.append(
        explanation(
            "allowance.back_pay",
            (
                f"{number(len(back))} mois échus avant la signature "
                f"du {day(s.signed_on)} sont versés en rappel "
                f"avec le premier paiement, soit {euros(a.back_pay_gross)} bruts."
                if back
                else f"Aucun mois n'était échu à la signature du {day(s.signed_on)} : pas de rappel."
            ),
            start_ref,
        )
    )
    return out


def _months_paid_rule(tl: Timeline, a: Allowance) -> str:
    s = tl.scenario
    parts = [f"{number(a.months_paid)} mois d'allocation dus au {day(s.as_of)}"]
    if tl.studies_end:
        parts.append(f"jusqu'à la fin des études le {day(tl.studies_end)} (dernier mois payé)")
    if tl.termination:
        parts.append(f"paiement arrêté par la résiliation du {day(tl.termination.on)}")
    if tl.breach:
        parts.append(f"paiement arrêté par la rupture du {day(tl.breach)}")
    if tl.death:
        parts.append(f"paiement arrêté le {day(tl.death)} (décès ou incapacité)")
    if tl.suspensions:
        suspended = total_length(tl.suspension_intervals)
        parts.append(f"hors {number(suspended)} mois de suspension, non payés et non comptés")
    sentence = ", ".join(parts) + "."
    if a.months_projected is not None:
        sentence += f" Total prévu à la fin du versement : {number(a.months_projected)} mois."
    sentence += " Un redoublement ou une année de césure ne suspend pas le versement."
    return sentence
