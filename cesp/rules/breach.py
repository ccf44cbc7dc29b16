"""The status of a contract on a date, and what is owed on a breach.

Owed on a breach (arrêté of 26 May 2020, art. 1 and 2; for R0 the arrêtés of 24 June 2011 and, in
odontology, 29 October 2013): the net allowances received (reimbursement) and a penalty. Before
the end of studies the penalty is per month of allowance, with a floor (per month *elapsed since
the signature* under the 2012–2013 wording of the 2011 arrêté, a formula dated by the breach);
after it, a lump sum, and for doctors and dentists the whole sum is multiplied by a degressivity
rate that falls with the service already done. The rate is exact (never rounded before it is
applied); money is rounded once, to the cent, at the end (docs/rules.md, "Rounding").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .allowance import Allowance
from .explain import day, euros, explanation, money, number, percent, round_cents
from .months import add_months, month_index
from .obligation import Obligation
from .parameters import parameter, parameters, reference
from .timeline import Timeline

RATE_PLACES = Decimal("0.000001")  # the rate is published with six decimals; amounts use it exactly
ODONTOLOGY_R0_SOURCE = "Arrêté du 29 octobre 2013 (odontologie, NOR AFSH1327240A), art. 2, 3 et annexe"
ELAPSED = "breach.penalty_per_month_elapsed_since_signature"
L632_6 = "Code de l'éducation, art. L632-6"


def status(tl: Timeline, o: Obligation) -> str:
    """The first of these that holds on ``as_of``: void, breached, terminated, fulfilled,
    in_obligation, suspended, paid (DESIGN.md, the simulator contract).

    A breach after the obligation was fully served is no breach (fulfilled: months are counted up to
    the breach), and a contract terminated at internship entry is fulfilled once the months it still
    owes are served.
    """
    as_of = tl.scenario.as_of
    if tl.death is not None and tl.death <= as_of:
        return "void"
    if tl.breach is not None and tl.breach <= as_of:
        return "fulfilled" if o.fulfilled else "breached"
    if tl.termination is not None and tl.termination.on <= as_of:
        if tl.termination.reason == "internship_entry" and o.fulfilled:
            return "fulfilled"
        return "terminated"
    if o.fulfilled:
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
    rate: Decimal | None = None  # exact degressivity rate, after the end of studies (doctors, dentists)
    basis: str | None = None  # "before_studies_end" | "after_studies_end" | None
    on: date | None = None  # date of the breach (or of the termination on request)
    penalty_months: int | None = None  # months the penalty counts, before the end of studies
    months_elapsed: bool = False  # ... counted since the signature (R0 medicine, 2012–2013 wording)

    @property
    def total(self) -> Decimal:
        return self.reimbursement + self.penalty

    def as_json(self) -> dict:
        return {
            "reimbursement": money(self.reimbursement),
            "penalty": money(self.penalty),
            "total": money(self.total),
            "rate": rate_text(self.rate) if self.rate is not None else None,
            "basis": self.basis,
        }


def rate_text(rate: Decimal) -> str:
    """The published rate: six decimals half up, trailing zeros dropped, at least two (``"0.64"``)."""
    text = format(rate.quantize(RATE_PLACES, rounding=ROUND_HALF_UP), "f").rstrip("0")
    whole, _, frac = text.partition(".")
    return f"{whole}.{frac.ljust(2, '0')}"


def rate_shown(rate: Decimal) -> Decimal:
    return Decimal(rate_text(rate))


def degressivity_rate(d: Decimal, f: Decimal, threshold: Decimal, coefficient: Decimal) -> Decimal:
    """100 % when f <= threshold, else 100 % − min(100 %, coefficient × √((f − threshold) / d)).

    Exact to the precision of ``decimal`` (28 digits): never rounded before it is applied.
    """
    if f <= threshold:
        return Decimal(1)
    return Decimal(1) - min(Decimal(1), coefficient * ((f - threshold) / d).sqrt())


def degressive(cursus: str, signed_on: date) -> bool:
    """Is the sum owed after the end of studies degressive for this cursus (doctors and dentists)?"""
    return bool(getattr(parameters(signed_on).breach.degressivity, cursus))


def months_elapsed(start: date, end: date) -> int:
    """Whole months elapsed from ``start`` to ``end`` (the last n with start + n months <= end)."""
    n = (end.year - start.year) * 12 + end.month - start.month
    while n > 0 and add_months(start, n) > end:
        n -= 1
    return max(n, 0)


def penalty_counts_months_elapsed(tl: Timeline, on: date) -> bool:
    """The 2012–2013 wording of art. 1-1 of the arrêté of 24 June 2011 (R0 medicine), in force on
    the breach date: 200 € per month elapsed since the signature instead of per month received."""
    s = tl.scenario
    if s.cursus != "medecine" or s.signed_on >= parameters(s.signed_on).regimes.r1_signed_from:
        return False
    return bool(parameter(ELAPSED)(on))


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
    s = tl.scenario
    p = parameters(s.signed_on).breach
    net = a.total_net
    if tl.studies_end is None or on <= tl.studies_end:
        elapsed = penalty_counts_months_elapsed(tl, on)
        count = months_elapsed(s.signed_on, on) if elapsed else a.months_paid
        penalty = max(p.penalty_per_month * count, p.penalty_floor)
        return AmountDue(
            round_cents(net),
            round_cents(penalty),
            basis="before_studies_end",
            on=on,
            penalty_months=count,
            months_elapsed=elapsed,
        )
    lump = p.lump_sum_penalty
    if not degressive(s.cursus, s.signed_on):
        return AmountDue(round_cents(net), round_cents(lump), basis="after_studies_end", on=on)
    rate = degressivity_rate(
        o.months_owed, o.months_served, p.degressivity_threshold_months, p.degressivity_coefficient
    )
    # One amount (annex, I: the sum of the net allowances and the penalty, times the rate), rounded
    # once; the reimbursement is its share of the net allowances and the penalty the rest.
    total = round_cents((net + lump) * rate)
    reimbursement = round_cents(net * rate)
    return AmountDue(reimbursement, total - reimbursement, rate=rate, basis="after_studies_end", on=on)


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
    breach_after_service = current == "fulfilled" and tl.breach is not None and tl.breach <= s.as_of
    if breach_after_service:
        status_rule += (
            f" La rupture du {day(tl.breach)} intervient après l'accomplissement complet de l'engagement : "
            "ce n'est pas une rupture."
        )
    if current == "in_obligation" and o.late_installation:
        status_rule += (
            " L'exercice n'a pas commencé dans les délais après la thèse (au plus tard le "
            f"{day(o.latest_practice_start)}) : cas de rupture, à instruire par l'ARS."
        )
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
        if current in ("terminated", "fulfilled") and internship_entry(tl):
            window = int(parameters(s.signed_on).termination.internship_entry_window_months)
            rule = (
                f"Résiliation à l'entrée en internat dans les {window} premiers mois de l'internat : "
                "sans remboursement ni pénalité."
            )
            source = reference("termination.internship_entry_window_months", s.signed_on).cite()
        elif breach_after_service:
            rule = f"La rupture du {day(tl.breach)} suit l'accomplissement de l'engagement : rien n'est dû."
            source = L632_6
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
        per = p.penalty_per_month
        if due.months_elapsed:
            first, last = parameter(ELAPSED).in_force(due.on)
            rule = (
                f"Somme (« fraction des frais d'études engagés ») de {euros(per)} par mois écoulé depuis la "
                f"signature du {day(s.signed_on)}, au moins {euros(p.penalty_floor)} : "
                f"max({number(due.penalty_months)} × {euros(per)} ; {euros(p.penalty_floor)}) = "
                f"{euros(due.penalty)}, selon la rédaction de l'art. 1-1 en vigueur à la date de la rupture "
                f"(du {day(first)} au {day(last)})."
            )
            source = reference(ELAPSED, due.on).cite()
        else:
            rule = (
                f"Pénalité de {euros(per)} par mois d'allocation perçu, au moins "
                f"{euros(p.penalty_floor)} : max({number(due.penalty_months)} × {euros(per)} ; "
                f"{euros(p.penalty_floor)}) = {euros(due.penalty)}."
            )
            source = _source(tl, "breach.penalty_floor", code)
        out.append(explanation("amount_due.penalty", rule, source))
    elif due.rate is None:
        source = reference(f"breach.degressivity.{s.cursus}", s.signed_on).cite()
        out.append(
            explanation(
                "amount_due.rate",
                f"{what} le {day(due.on)}, après la fin des études : l'indemnité est calculée de manière "
                "dégressive pour les médecins et les chirurgiens-dentistes seulement ; pour ce contrat elle "
                "n'est pas dégressive : les allocations nettes et la pénalité sont dues en entier.",
                source,
            )
        )
        out.append(
            explanation(
                "amount_due.reimbursement",
                f"Allocations nettes perçues depuis la signature : {euros(due.reimbursement)}.",
                _source(tl, "breach.penalty_per_month", code),
            )
        )
        out.append(
            explanation(
                "amount_due.penalty",
                f"Pénalité forfaitaire après la fin des études : {euros(due.penalty)}.",
                _source(tl, "breach.lump_sum_penalty", code),
            )
        )
    else:
        threshold = number(p.degressivity_threshold_months)
        d, f, f_exact = number(o.months_owed), number(o.served_shown), number(o.months_served)
        served = f"f = {f} mois" if f == f_exact else f"f = {f} mois, exactement {f_exact}"
        shown = rate_shown(due.rate)
        if o.months_served <= p.degressivity_threshold_months:
            rate_rule = f"f = {f_exact} mois ≤ {threshold} : taux de {percent(shown)}"
        else:
            rate_rule = (
                f"taux = 100 % − min(100 % ; {percent(p.degressivity_coefficient)} "
                f"× √(({f_exact} − {threshold}) / {d})) "
                f"= {percent(shown)}"
            )
            if shown != due.rate:
                rate_rule += " (arrondi pour l'affichage ; les montants emploient le taux exact)"
        degressive_source = _source(tl, "breach.degressivity_coefficient", code)
        out.append(
            explanation(
                "amount_due.rate",
                f"{what} le {day(due.on)}, après la fin des études : la somme due est dégressive selon "
                f"l'engagement dû (d = {d} mois) et effectué ({served}) ; {rate_rule}.",
                degressive_source,
            )
        )
        out.append(
            explanation(
                "amount_due.reimbursement",
                f"Part des allocations nettes perçues : {euros(a.total_net)} × "
                f"{percent(shown)} = {euros(due.reimbursement)}.",
                degressive_source,
            )
        )
        penalty_rule = (
            f"Pénalité forfaitaire {euros(p.lump_sum_penalty)} × {percent(shown)} = {euros(due.penalty)}."
        )
        if due.penalty != round_cents(p.lump_sum_penalty * due.rate):
            penalty_rule = (
                f"Pénalité forfaitaire {euros(p.lump_sum_penalty)} × {percent(shown)} : le total, arrondi "
                f"une seule fois, moins la part des allocations, soit {euros(due.penalty)} (un centime "
                "d'écart avec l'arrondi de ce seul produit)."
            )
        out.append(
            explanation("amount_due.penalty", penalty_rule, _source(tl, "breach.lump_sum_penalty", code))
        )
        out.append(
            explanation(
                "amount_due.total",
                f"Total dû : ({euros(a.total_net)} + {euros(p.lump_sum_penalty)}) × {percent(shown)} = "
                f"{euros(due.total)}, arrondi une seule fois, au centime, avec le taux exact.",
                degressive_source,
            )
        )
        return out
    out.append(
        explanation(
            "amount_due.total",
            f"Total dû : {euros(due.reimbursement)} + {euros(due.penalty)} = {euros(due.total)}.",
            _source(tl, "breach.penalty_per_month", code),
        )
    )
    return out


def internship_entry(tl: Timeline) -> bool:
    return tl.termination is not None and tl.termination.reason == "internship_entry"
