"""The status of a contract on a date, and what is owed on a breach.

Owed on a breach (arrêté of 26 May 2020, art. 1 and 2; for R0 the arrêtés of 24 June 2011 and, in
odontology, 29 October 2013): the net allowances received (reimbursement) and a penalty. Before
the end of studies the penalty is per month of allowance, with a floor; after it, a lump sum, and
both parts are multiplied by a degressivity rate that falls with the service already done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .allowance import Allowance
from .explain import day, euros, explanation, money, number, percent, round_cents
from .months import month_index
from .obligation import Obligation
from .parameters import parameters, reference
from .timeline import Timeline

RATE_PLACES = Decimal("0.0001")  # the rate is shown and applied at 4 decimals (0.6400 = 64 %)
ODONTOLOGY_R0_SOURCE = "Arrêté du 29 octobre 2013 (odontologie, NOR AFSH1327240A), art. 2, 3 et annexe"


def status(tl: Timeline, o: Obligation) -> str:
    """The first of these that holds on ``as_of``: void, breached, terminated, fulfilled,
    in_obligation, suspended, paid (DESIGN.md, the simulator contract)."""
    as_of = tl.scenario.as_of
    if tl.death is not None and tl.death <= as_of:
        return "void"
    if tl.breach is not None and tl.breach <= as_of:
        return "breached"
    if tl.termination is not None and tl.termination.on <= as_of:
        return "terminated"
    if o.months_owed > 0 and o.months_counted >= o.months_owed:
        return "fulfilled"
    if tl.studies_end is not None and tl.studies_end < as_of:
        return "in_obligation"
    m = month_index(as_of)
    if any(lo <= m < hi for lo, hi in tl.suspension_intervals):
        return "suspended"
    return "paid"


STATUS_RULES = {
    "void": "Décès ou incapacité établie le {date} : le contrat prend fin et rien n'est dû.",
    "breached": "Rupture du contrat décidée le {date}.",
    "terminated": "Contrat résilié le {date} : le versement de l'allocation a cessé.",
    "fulfilled": "L'engagement de service est entièrement accompli.",
    "in_obligation": "Les études sont terminées depuis le {date} : l'engagement de service est en cours.",
    "suspended": "Le {date}, le contrat est suspendu : pas d'allocation et pas de décompte.",
    "paid": "Le {date}, le contrat est en cours d'études : l'allocation est versée chaque mois.",
}


@dataclass(frozen=True, slots=True)
class AmountDue:
    reimbursement: Decimal
    penalty: Decimal
    rate: Decimal | None = None  # degressivity rate, after the end of studies only
    basis: str | None = None  # "before_studies_end" | "after_studies_end" | None
    on: date | None = None  # date of the breach (or of the termination on request)

    @property
    def total(self) -> Decimal:
        return self.reimbursement + self.penalty

    def as_json(self) -> dict:
        return {
            "reimbursement": money(self.reimbursement),
            "penalty": money(self.penalty),
            "total": money(self.total),
            "rate": _rate_str(self.rate) if self.rate is not None else None,
            "basis": self.basis,
        }


def _rate_str(rate: Decimal) -> str:
    """``0.6400`` -> ``"0.64"``; at least two decimals, at most four."""
    text = format(rate.quantize(RATE_PLACES), "f").rstrip("0")
    whole, _, frac = text.partition(".")
    return f"{whole}.{frac.ljust(2, '0')}"


def degressivity_rate(d: Decimal, f: Decimal, threshold: Decimal, coefficient: Decimal) -> Decimal:
    """100 % when f <= threshold, else 100 % − min(100 %, coefficient × √((f − threshold) / d))."""
    if f <= threshold:
        return Decimal(1)
    reduction = min(Decimal(1), coefficient * ((f - threshold) / d).sqrt())
    return (Decimal(1) - reduction).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def breach_date(tl: Timeline, current: str) -> date | None:
    """The date whose consequences are owed: a breach, or a termination on request (treated alike)."""
    if current == "breached":
        return tl.breach
    if current == "terminated" and tl.termination.reason == "request":
        return tl.termination.on
    return None


def compute(tl: Timeline, a: Allowance, o: Obligation, current: str) -> AmountDue:
    on = breach_date(tl, current)
    if on is None:
        return AmountDue(Decimal(0), Decimal(0))
    p = parameters(tl.scenario.signed_on).breach
    net = a.total_net
    if tl.studies_end is None or on <= tl.studies_end:
        penalty = max(p.penalty_per_month * a.months_paid, p.penalty_floor)
        return AmountDue(round_cents(net), round_cents(penalty), basis="before_studies_end", on=on)
    rate = degressivity_rate(
        o.months_owed, o.months_served, p.degressivity_threshold_months, p.degressivity_coefficient
    )
    return AmountDue(
        round_cents(net * rate),
        round_cents(p.lump_sum_penalty * rate),
        rate=rate,
        basis="after_studies_end",
        on=on,
    )


def _source(tl: Timeline, name: str, code: str) -> str:
    if code == "R0" and tl.scenario.cursus == "odontologie":
        return ODONTOLOGY_R0_SOURCE
    return reference(name, tl.scenario.signed_on).cite()


def explanations(
    tl: Timeline, a: Allowance, o: Obligation, current: str, due: AmountDue, code: str
) -> list[dict]:
    s = tl.scenario
    dates = {
        "void": tl.death,
        "breached": tl.breach,
        "terminated": tl.termination.on if tl.termination else None,
        "in_obligation": tl.studies_end,
    }
    status_rule = STATUS_RULES[current].format(date=day(dates.get(current) or s.as_of))
    status_source = {
        "void": "Code de l'éducation, art. L632-6 ; arrêté du 26 mai 2020",
        "breached": "Code de l'éducation, art. R631-24-16",
        "terminated": "Code de l'éducation, art. R631-24 et suivants",
    }.get(current, "Code de l'éducation, art. L632-6")
    out = [explanation("status", status_rule, status_source)]

    p = parameters(s.signed_on).breach
    if current == "void":
        rule = "Décès ou incapacité dûment établie : ni remboursement ni pénalité."
        source = "Code de l'éducation, art. R631-24-16 ; arrêté du 26 mai 2020"
        out.append(explanation("amount_due.total", rule, source))
        return out
    if due.basis is None:
        if current == "terminated" and tl.termination.reason == "internship_entry":
            window = int(parameters(s.signed_on).termination.internship_entry_window_months)
            rule = (
                f"Résiliation à l'entrée en internat dans les {window} premiers mois de l'internat : "
                "sans remboursement ni pénalité."
            )
            source = reference("termination.internship_entry_window_months", s.signed_on).cite()
        else:
            rule = "Aucune rupture au " + day(s.as_of) + " : rien n'est dû."
            source = _source(tl, "breach.penalty_per_month", code)
        out.append(explanation("amount_due.total", rule, source))
        return out

    what = (
        "Rupture"
        if current == "breached"
        else "Résiliation à la demande du bénéficiaire, traitée comme une rupture,"
    )
    if due.basis == "before_studies_end":
        out.append(
            explanation(
                "amount_due.reimbursement",
                f"{what} le {day(due.on)}, avant la fin des études "
                ": remboursement des allocations nettes perçues "
                f"depuis la signature, {euros(due.reimbursement)}.",
                _source(tl, "breach.penalty_per_month", code),
            )
        )
        out.append(
            explanation(
                "amount_due.penalty",
                f"Pénalité de {euros(p.penalty_per_month)} par mois d'allocation perçu, au moins "
                f"{euros(p.penalty_floor)} : max({number(a.months_paid)} × {euros(p.penalty_per_month)} ; "
                f"{euros(p.penalty_floor)}) = {euros(due.penalty)}.",
                _source(tl, "breach.penalty_floor", code),
            )
        )
    else:
        threshold = number(p.degressivity_threshold_months)
        d, f = number(o.months_owed), number(o.months_served)
        if o.months_served <= p.degressivity_threshold_months:
            rate_rule = f"f = {f} mois ≤ {threshold} : taux de {percent(due.rate)}"
        else:
            rate_rule = (
                f"taux = 100 % − min(100 % ; {percent(p.degressivity_coefficient)} "
                f"× √(({f} − {threshold}) / {d})) "
                f"= {percent(due.rate)}"
            )
        out.append(
            explanation(
                "amount_due.rate",
                f"{what} le {day(due.on)}, après la fin des études : la somme due est dégressive selon "
                f"l'engagement dû (d = {d} mois) et effectué (f = {f} mois) ; {rate_rule}.",
                _source(tl, "breach.degressivity_coefficient", code),
            )
        )
        out.append(
            explanation(
                "amount_due.reimbursement",
                f"Allocations nettes perçues {euros(a.total_net)} × "
                f"{percent(due.rate)} = {euros(due.reimbursement)}.",
                _source(tl, "breach.degressivity_coefficient", code),
            )
        )
        out.append(
            explanation(
                "amount_due.penalty",
                f"Pénalité forfaitaire {euros(p.lump_sum_penalty)} "
                f"× {percent(due.rate)} = {euros(due.penalty)}.",
                _source(tl, "breach.lump_sum_penalty", code),
            )
        )
    out.append(
        explanation(
            "amount_due.total",
            f"Total dû : {euros(due.reimbursement)} + {euros(due.penalty)} = {euros(due.total)}.",
            _source(tl, "breach.penalty_per_month", code),
        )
    )
    return out
