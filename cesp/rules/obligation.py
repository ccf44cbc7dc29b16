"""The service obligation: months owed, served and remaining; postponements and deadline.

Served months are counted per practice period as an interval of month indices (first-day rule),
weighted by the quotity of the period: a half-time month counts for 0.5.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .allowance import Allowance
from .explain import day, explanation, number
from .explain import months as months_text
from .months import first_month_from, length, month_index
from .parameters import parameters, reference
from .scenario import Practice
from .timeline import Timeline

COUNTING_ZONES = ("ZIP", "ZAC")
L632_6 = "Code de l'éducation, art. L632-6"


@dataclass(frozen=True, slots=True)
class Obligation:
    months_owed: Decimal
    months_counted: Decimal  # every eligible practice month, before capping at months_owed
    installation_deadline: date | None
    postponements_used: int
    postponements_left: int

    @property
    def months_served(self) -> Decimal:
        return min(self.months_counted, self.months_owed)

    @property
    def months_remaining(self) -> Decimal:
        return max(Decimal(0), self.months_owed - self.months_served)


def practice_counts(practice: Practice) -> bool:
    """Does a month of this practice count toward the obligation (zone, and sector 1 when liberal)?"""
    if practice.zone not in COUNTING_ZONES:
        return False
    if practice.mode == "liberal":
        return practice.sector == 1
    if practice.mode == "mixed":
        return practice.sector in (1, None)
    return True


def practice_months(tl: Timeline, practice: Practice) -> int:
    """Months of one practice period that count: after the month of the end of studies, first day
    within the period, on or before as_of and before a breach or a death."""
    if tl.studies_end is None or not practice_counts(practice):
        return 0
    lo = max(first_month_from(practice.start), month_index(tl.studies_end) + 1)
    hi = tl.as_of_month + 1
    if practice.end is not None:
        hi = min(hi, month_index(practice.end) + 1)
    stop = tl.practice_stop_month()
    if stop is not None:
        hi = min(hi, stop)
    return length((lo, hi))


def compute(tl: Timeline, allowance: Allowance) -> Obligation:
    s = tl.scenario
    p = parameters(s.signed_on)
    paid = allowance.months_paid
    owed = Decimal(max(int(p.obligation.minimum_months), paid)) if paid > 0 else Decimal(0)
    counted = sum((practice_months(tl, pr) * pr.quotity for pr in tl.practices), Decimal(0))
    # The end of the last postponement, else the end of studies (the obligation starts then).
    deadline = max(pp.end for pp in tl.postponements) if tl.postponements else tl.studies_end
    used = len(tl.postponements)
    return Obligation(
        months_owed=owed,
        months_counted=counted,
        installation_deadline=deadline,
        postponements_used=used,
        postponements_left=max(0, int(p.postponement.max_count) - used),
    )


def as_json(o: Obligation) -> dict:
    return {
        "months_owed": months_text(o.months_owed),
        "months_served": months_text(o.months_served),
        "months_remaining": months_text(o.months_remaining),
        "installation_deadline": o.installation_deadline.isoformat() if o.installation_deadline else None,
        "postponements_used": o.postponements_used,
        "postponements_left": o.postponements_left,
    }


def explanations(tl: Timeline, allowance: Allowance, o: Obligation) -> list[dict]:
    s = tl.scenario
    p = parameters(s.signed_on)
    minimum = int(p.obligation.minimum_months)
    min_ref = reference("obligation.minimum_months", s.signed_on).cite()
    if allowance.months_paid == 0:
        owed_rule = (
            f"Aucune allocation perçue au {day(s.as_of)} : aucun engagement de service n'est encore dû."
        )
    else:
        owed_rule = (
            f"L'engagement dure autant de mois que d'allocation perçue, au moins {minimum} : "
            f"max({minimum} ; {number(allowance.months_paid)}) = {number(o.months_owed)} mois."
        )
        if tl.termination and tl.termination.reason == "internship_entry":
            owed_rule += " La résiliation à l'entrée en internat laisse dû l'engagement des mois déjà perçus."
    out = [explanation("obligation.months_owed", owed_rule, min_ref)]

    details = []
    for pr in tl.practices:
        n = practice_months(tl, pr)
        if n:
            details.append(f"{number(n)} mois à la quotité {number(pr.quotity)} depuis le {day(pr.start)}")
        else:
            details.append(f"la période commencée le {day(pr.start)} ne compte pas ({_why_not(tl, pr)})")
    served_rule = (
        "Un mois d'exercice compte s'il est en cours le premier "
        "jour du mois, après la fin des études, en zone "
        "ZIP ou ZAC et, en libéral, en secteur 1 ; à temps partiel il compte pour sa quotité. "
    )
    served_rule += ("Ici : " + " ; ".join(details) + ". ") if details else "Aucun exercice déclaré. "
    served_rule += (
        f"Effectué : {number(o.months_served)} mois ; reste dû : {number(o.months_remaining)} mois."
    )
    quotity_ref = reference("part_time.min_quotity", s.signed_on).cite()
    grace = int(p.zoning.lost_status_grace_years)
    served_rule += (
        " La zone déclarée est celle que retient l'ARS : une zone qui a perdu son classement moins de "
        f"{grace} ans avant l'installation compte encore."
    )
    grace_ref = reference("zoning.lost_status_grace_years", s.signed_on).cite()
    out.append(
        explanation("obligation.months_served", served_rule, f"{L632_6} ; {quotity_ref} ; {grace_ref}")
    )
    out.append(
        explanation(
            "obligation.months_remaining",
            f"Reste dû = {number(o.months_owed)} − "
            f"{number(o.months_served)} = {number(o.months_remaining)} mois.",
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
            f" L'exercice doit commencer dans les {years} ans qui suivent la thèse ({day(tl.thesis)})."
        )
    out.append(explanation("obligation.installation_deadline", deadline_rule, pp_ref))
    out.append(
        explanation(
            "obligation.postponements_left",
            f"L'ARS accorde au plus {int(p.postponement.max_count)} reports d'installation de "
            f"{int(p.postponement.max_months)} mois au plus chacun : {o.postponements_used} utilisé(s), "
            f"{o.postponements_left} restant(s).",
            pp_ref,
        )
    )
    return out


def _why_not(tl: Timeline, pr: Practice) -> str:
    if pr.zone not in COUNTING_ZONES:
        return "hors zone ZIP ou ZAC"
    if not practice_counts(pr):
        return "exercice libéral hors secteur 1"
    if tl.studies_end is None:
        return "fin des études inconnue"
    if pr.start > tl.scenario.as_of:
        return f"postérieure au {day(tl.scenario.as_of)}"
    return "aucun mois entier en cours à la date de calcul"
