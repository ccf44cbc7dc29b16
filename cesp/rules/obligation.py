"""The service obligation: months owed, served and remaining; postponements and deadlines.

Served months are counted per practice period as an interval of month indices (first-day rule),
weighted by the quotity of the period: a half-time month counts for 0.5, five half-days out of
eight for 0.625. Every quantity is exact (``Decimal``) and is used exactly (status, degressivity);
only the published figures have two decimals: months served are rounded *down* to the hundredth
(the result never shows more service than was done) and months remaining are months owed minus that
figure, so that owed = served + remaining holds exactly in the JSON (docs/rules.md, "Rounding").

The helpers that decide whether a practice counts (``practice_counts``, ``practice_weights``) are
the ones the batch path uses too (``batch.py``): one implementation of the law.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from .allowance import Allowance
from .explain import day, explanation, number
from .explain import months as months_text
from .months import add_months, first_month_from, length, month_end, month_index
from .parameters import parameters, reference
from .scenario import Practice
from .timeline import Timeline

COUNTING_ZONES = ("ZIP", "ZAC")
L632_6 = "Code de l'éducation, art. L632-6"
HUNDREDTH = Decimal("0.01")


def shown_served(months: Decimal) -> Decimal:
    """Months served as published: rounded down to the hundredth (never more than was served)."""
    return months.quantize(HUNDREDTH, rounding=ROUND_FLOOR)


@dataclass(frozen=True, slots=True)
class Obligation:
    months_owed: Decimal  # a whole number of months
    months_counted: Decimal  # every eligible practice month × quotity, exact, before capping
    minimum_months: int  # the floor that applied to months owed
    installation_deadline: date | None
    postponements_used: int
    postponements_left: int
    latest_practice_start: date | None  # the practice begins at the latest on this day (thesis known)
    late_installation: bool  # the practice did not begin by then: a breach case
    weights: tuple[tuple[Practice, Decimal], ...] = ()  # practice_weights(), computed once

    @property
    def months_served(self) -> Decimal:
        """Exact months served (capped at months owed): what the status and the money use."""
        return min(self.months_counted, self.months_owed)

    @property
    def months_remaining(self) -> Decimal:
        return self.months_owed - self.months_served

    @property
    def fulfilled(self) -> bool:
        return self.months_owed > 0 and self.months_counted >= self.months_owed

    @property
    def served_shown(self) -> Decimal:
        return shown_served(self.months_served)

    @property
    def remaining_shown(self) -> Decimal:
        return self.months_owed - self.served_shown


def add_years(d: date, years: int) -> date:
    """``d`` moved by whole years (29 February becomes 28 February)."""
    return add_months(d, 12 * years)


def zone_counts(practice: Practice, signed_on: date) -> bool:
    """Is the commune an eligible zone at the installation: ZIP or ZAC then, or a commune that lost
    that classification less than ``zoning.lost_status_grace_years`` before the installation?"""
    if practice.zone in COUNTING_ZONES:
        return True
    if practice.zone_lost_on is None:
        return False
    grace = int(parameters(signed_on).zoning.lost_status_grace_years)
    return practice.start < add_years(practice.zone_lost_on, grace)


def practice_counts(practice: Practice, signed_on: date) -> bool:
    """Does a month of this practice count toward the obligation (zone, and sector 1 when liberal)?"""
    if not zone_counts(practice, signed_on):
        return False
    if practice.mode == "liberal":
        return practice.sector == 1
    if practice.mode == "mixed":
        return practice.sector in (1, None)
    return True


def latest_practice_start(tl: Timeline) -> date | None:
    """The last day on which the practice may begin: the day before the thesis's anniversary
    ``postponement.max_years_after_thesis`` years later (None while the thesis date is unknown)."""
    if tl.thesis is None:
        return None
    years = int(parameters(tl.scenario.signed_on).postponement.max_years_after_thesis)
    return add_years(tl.thesis, years) - timedelta(days=1)


def late_installation(tl: Timeline) -> bool:
    """The first counting practice began after the latest start, or none began by then (as of)."""
    limit = latest_practice_start(tl)
    if limit is None:
        return False
    signed_on = tl.scenario.signed_on
    first = next((pr for pr in tl.practices if practice_counts(pr, signed_on)), None)
    if first is not None:
        return first.start > limit
    return tl.scenario.as_of > limit


def practice_weights(tl: Timeline, late: bool | None = None) -> list[tuple[Practice, Decimal]]:
    """Each practice period with what one of its months counts for: its quotity, or 0 when it does
    not count (zone, sector, or an installation later than 3 years after the thesis)."""
    late = late_installation(tl) if late is None else late
    signed_on = tl.scenario.signed_on
    return [
        (pr, pr.quotity if not late and practice_counts(pr, signed_on) else Decimal(0)) for pr in tl.practices
    ]


def practice_months(tl: Timeline, practice: Practice) -> int:
    """Months of one practice period that count: after the month of the end of studies, first day
    within the period, on or before as_of and before a breach or a death."""
    if tl.studies_end is None:
        return 0
    lo = max(first_month_from(practice.start), month_index(tl.studies_end) + 1)
    hi = tl.as_of_month + 1
    if practice.end is not None:
        hi = min(hi, month_index(practice.end) + 1)
    stop = tl.practice_stop_month()
    if stop is not None:
        hi = min(hi, stop)
    return length((lo, hi))


def internship_entry_termination(tl: Timeline) -> bool:
    """A termination without penalty at internship entry, effective on as_of."""
    t = tl.termination
    return t is not None and t.reason == "internship_entry" and t.on <= tl.scenario.as_of


def minimum_months(tl: Timeline) -> int:
    """The floor of months owed: 24 (L632-6), or after a termination at internship entry the
    ``termination.internship_entry_minimum_months`` (the months received, without floor)."""
    p = parameters(tl.scenario.signed_on)
    if internship_entry_termination(tl):
        return int(p.termination.internship_entry_minimum_months)
    return int(p.obligation.minimum_months)


def compute(tl: Timeline, allowance: Allowance) -> Obligation:
    s = tl.scenario
    p = parameters(s.signed_on)
    paid = allowance.months_paid
    floor = minimum_months(tl)
    owed = Decimal(max(floor, paid)) if paid > 0 else Decimal(0)
    late = late_installation(tl)
    weights = tuple(practice_weights(tl, late))
    counted = sum((practice_months(tl, pr) * weight for pr, weight in weights), Decimal(0))
    # The end of the last postponement, else the end of studies (the obligation starts then).
    deadline = max(pp.end for pp in tl.postponements) if tl.postponements else tl.studies_end
    used = len(tl.postponements)
    return Obligation(
        months_owed=owed,
        months_counted=counted,
        minimum_months=floor,
        installation_deadline=deadline,
        postponements_used=used,
        postponements_left=max(0, int(p.postponement.max_count) - used),
        latest_practice_start=latest_practice_start(tl),
        late_installation=late,
        weights=weights,
    )


def fulfilment_date(owed: Decimal, practice_start: date, quotity: Decimal) -> date | None:
    """Last day of the month in which an open practice from ``practice_start`` at ``quotity``
    completes ``owed`` months (first-day rule; a part-time month counts as its quotity)."""
    if owed <= 0:
        return None
    needed = int((Decimal(owed) / Decimal(quotity)).to_integral_value(rounding=ROUND_CEILING))
    return month_end(first_month_from(practice_start) + needed - 1)


def as_json(o: Obligation) -> dict:
    return {
        "months_owed": months_text(o.months_owed),
        "months_served": months_text(o.served_shown),
        "months_remaining": months_text(o.remaining_shown),
        "installation_deadline": o.installation_deadline.isoformat() if o.installation_deadline else None,
        "postponements_used": o.postponements_used,
        "postponements_left": o.postponements_left,
        "latest_practice_start": o.latest_practice_start.isoformat() if o.latest_practice_start else None,
        "late_installation": o.late_installation,
    }


def explanations(tl: Timeline, allowance: Allowance, o: Obligation) -> list[dict]:
    s = tl.scenario
    p = parameters(s.signed_on)
    minimum = int(p.obligation.minimum_months)
    min_ref = reference("obligation.minimum_months", s.signed_on).cite()
    paid = allowance.months_paid
    if paid == 0:
        owed_rule = (
            f"Aucune allocation perçue au {day(s.as_of)} : aucun engagement de service n'est encore dû."
        )
    elif internship_entry_termination(tl):
        owed_rule = (
            "Après la résiliation à l'entrée en internat, l'engagement restant dû est égal aux "
            f"{number(paid)} mois d'allocation perçus"
        )
        if o.minimum_months:
            owed_rule += f", au moins {o.minimum_months} : {number(o.months_owed)} mois"
        owed_rule += "."
        min_ref = reference("termination.internship_entry_minimum_months", s.signed_on).cite()
    else:
        owed_rule = (
            f"L'engagement dure autant de mois que d'allocation perçue, au moins {minimum} : "
            f"max({minimum} ; {number(paid)}) = {number(o.months_owed)} mois."
        )
    out = [explanation("obligation.months_owed", owed_rule, min_ref)]

    grace = int(p.zoning.lost_status_grace_years)
    details = []
    for pr, weight in o.weights:
        n = practice_months(tl, pr)
        if weight and n:
            detail = f"{number(n)} mois à la quotité {number(pr.quotity)} depuis le {day(pr.start)}"
            if pr.zone not in COUNTING_ZONES:
                detail += (
                    f" (la commune a perdu son classement le {day(pr.zone_lost_on)}, moins de {grace} ans "
                    "avant l'installation : elle compte encore)"
                )
            details.append(detail)
        else:
            details.append(
                f"la période commencée le {day(pr.start)} ne compte pas ({_why_not(tl, pr, o, grace)})"
            )
    served_rule = (
        "Un mois d'exercice compte s'il est en cours le premier "
        "jour du mois, après la fin des études, en zone "
        "ZIP ou ZAC et, en libéral, en secteur 1 ; à temps partiel il compte pour sa quotité. "
    )
    served_rule += ("Ici : " + " ; ".join(details) + ". ") if details else "Aucun exercice déclaré. "
    served_rule += f"Effectué : {number(o.served_shown)} mois"
    if o.served_shown != o.months_served:
        served_rule += f" ({number(o.months_served)} mois exactement, arrondi au centième inférieur)"
    served_rule += f" ; reste dû : {number(o.remaining_shown)} mois."
    served_rule += (
        " La zone est celle de la commune à l'installation ; une commune qui a perdu son classement ZIP "
        f"ou ZAC moins de {grace} ans avant l'installation compte encore."
    )
    quotity_ref = reference("part_time.min_quotity", s.signed_on).cite()
    grace_ref = reference("zoning.lost_status_grace_years", s.signed_on).cite()
    out.append(
        explanation("obligation.months_served", served_rule, f"{L632_6} ; {quotity_ref} ; {grace_ref}")
    )
    out.append(
        explanation(
            "obligation.months_remaining",
            f"Reste dû = {number(o.months_owed)} − "
            f"{number(o.served_shown)} = {number(o.remaining_shown)} mois.",
            L632_6,
        )
    )

    pp_ref = reference("postponement.max_count", s.signed_on).cite()
    if o.installation_deadline is None:
        deadline_rule = "La date de fin des études n'est pas connue : la date limite d'installation non plus."
    elif tl.postponements:
        deadline_rule = (
            f"L'installation doit intervenir au plus tard à la fin du dernier report, le "
            f"{day(o.installation_deadline)}."
        )
    else:
        deadline_rule = (
            f"Sans report, l'engagement commence à la fin des études, le {day(o.installation_deadline)}."
        )
    if tl.thesis:
        years = int(p.postponement.max_years_after_thesis)
        deadline_rule += (
            f" L'exercice doit commencer dans les {years} ans qui suivent la thèse ({day(tl.thesis)}), "
            f"au plus tard le {day(o.latest_practice_start)}."
        )
        if o.late_installation:
            deadline_rule += " Il n'a pas commencé à temps : cas de rupture, à instruire par l'ARS."
        pp_ref += " ; " + reference("postponement.max_years_after_thesis", s.signed_on).cite()
    out.append(explanation("obligation.installation_deadline", deadline_rule, pp_ref))
    out.append(
        explanation(
            "obligation.postponements_left",
            f"L'ARS accorde au plus {int(p.postponement.max_count)} reports d'installation de "
            f"{int(p.postponement.max_months)} mois au plus chacun : {o.postponements_used} utilisé(s), "
            f"{o.postponements_left} restant(s).",
            reference("postponement.max_count", s.signed_on).cite(),
        )
    )
    return out


def _why_not(tl: Timeline, pr: Practice, o: Obligation, grace: int) -> str:
    signed_on = tl.scenario.signed_on
    if not zone_counts(pr, signed_on):
        if pr.zone_lost_on is not None:
            return (
                f"la commune a perdu son classement le {day(pr.zone_lost_on)}, {grace} ans ou plus avant "
                "l'installation"
            )
        return "hors zone ZIP ou ZAC"
    if not practice_counts(pr, signed_on):
        return "exercice libéral hors secteur 1"
    if o.late_installation:
        return (
            f"installation après le {day(o.latest_practice_start)}, plus de "
            f"{int(parameters(signed_on).postponement.max_years_after_thesis)} ans après la thèse : "
            "cas de rupture"
        )
    if tl.studies_end is None:
        return "fin des études inconnue"
    if pr.start > tl.scenario.as_of:
        return f"postérieure au {day(tl.scenario.as_of)}"
    return "aucun mois entier en cours à la date de calcul"
