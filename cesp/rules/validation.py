"""Legal checks of a well-formed scenario.

A scenario the law does not allow is an input error whose message names the rule that forbids it
(DESIGN.md). Every check runs and every failure is collected, so a user fixes them all at once.
Limits are read from the parameters in force at the signature date (the terms of the contract).
"""

from __future__ import annotations

from datetime import date

from .eligibility import eligibility_errors
from .errors import ScenarioError
from .explain import day, number
from .months import add_months, is_month_end, is_month_start, month_index
from .parameters import parameters, reference
from .regime import regime
from .scenario import (
    Breach,
    DeathOrIncapacity,
    InternshipStart,
    Postponement,
    Practice,
    RepeatYear,
    Scenario,
    StudiesEnd,
    Suspension,
    Termination,
    Thesis,
)

ONCE_ONLY = {
    StudiesEnd: "une seule fin d'études",
    Thesis: "une seule thèse",
    InternshipStart: "une seule entrée en internat",
    Termination: "une seule résiliation",
    Breach: "une seule rupture",
    DeathOrIncapacity: "un seul décès ou incapacité",
}
FIRST_CAMPAIGN = 2010  # the first selection campaign (seeds: « depuis la rentrée universitaire 2010-2011 »)
SUSPENSION_SOURCE_R1 = "Code de l'éducation, art. R631-24 et suivants"
ORDER_SOURCE = "Code de l'éducation, art. L632-6"


class _Errors(list):
    def add(self, field: str, message: str) -> None:
        self.append({"field": field, "message": message})


def validate(scenario: Scenario) -> None:
    """Raise ScenarioError listing every rule the scenario breaks."""
    errors = _Errors()
    s = scenario
    if s.as_of < s.signed_on:
        errors.add(
            "as_of",
            f"La date de calcul ({day(s.as_of)}) précède la signature du contrat ({day(s.signed_on)}).",
        )
    if s.applied_on is not None and s.applied_on > s.signed_on:
        errors.add("applied_on", "La candidature précède nécessairement la signature du contrat.")
    if s.campaign_year < FIRST_CAMPAIGN:
        errors.add(
            "academic_year",
            f"Le CESP est ouvert depuis la rentrée universitaire {FIRST_CAMPAIGN}-{FIRST_CAMPAIGN + 1} "
            "(décret n° 2010-735 du 29 juin 2010).",
        )
    if s.signed_on.year < s.campaign_year:
        errors.add(
            "signed_on",
            f"Un contrat de la campagne {s.academic_year} ne "
            f"peut être signé avant le 01/01/{s.campaign_year}.",
        )
    if errors and (s.campaign_year < FIRST_CAMPAIGN or s.signed_on.year < s.campaign_year):
        # The contract's terms cannot be read (no parameter before the scheme existed): stop here.
        raise ScenarioError(list(errors))
    errors.extend(eligibility_errors(s, regime(s)))

    for cls, label in ONCE_ONLY.items():
        for i, _event in s.of_type(cls)[1:]:
            errors.add(f"events[{i}]", f"Un contrat comporte {label}.")

    studies_end = s.first(StudiesEnd)
    end = studies_end.on if studies_end else None
    for i, event in enumerate(s.events):
        _check_dates(errors, s, i, event, end)

    _check_suspensions(errors, s, end)
    _check_postponements(errors, s, end)
    _check_practices(errors, s, end)
    _check_termination(errors, s, end)
    if errors:
        raise ScenarioError(list(errors))


def _check_dates(errors: _Errors, s: Scenario, i: int, event, end: date | None) -> None:
    """Periods run forward; the end of the contract's life cannot precede its signature."""
    start = getattr(event, "start", None)
    stop = getattr(event, "end", None)
    if start is not None and stop is not None and stop < start:
        errors.add(f"events[{i}].end", f"La fin ({day(stop)}) précède le début ({day(start)}).")
    if isinstance(event, StudiesEnd | Termination | Breach | DeathOrIncapacity) and event.on < s.signed_on:
        errors.add(
            f"events[{i}].on",
            f"Cet événement ({day(event.on)}) ne peut précéder la signature du contrat ({day(s.signed_on)}).",
        )
    if isinstance(event, Termination) and end is not None and event.on > end:
        errors.add(
            f"events[{i}].on",
            f"Une résiliation arrête le versement de l'allocation : elle intervient avant la fin des études "
            f"({day(end)}) ; après, une sortie du dispositif est une rupture (événement breach).",
        )
    if isinstance(event, RepeatYear) and end is not None and event.start > end:
        errors.add(f"events[{i}].start", f"Un redoublement se situe pendant les études (fin le {day(end)}).")


def _check_suspensions(errors: _Errors, s: Scenario, end: date | None) -> None:
    p = parameters(s.signed_on).suspension
    lo, hi = int(p.min_months), int(p.max_months)
    source = reference("suspension.max_months", s.signed_on).cite()
    rule = f"Une suspension dure de {lo} à {hi} mois entiers ({source})"
    internship = s.first(InternshipStart)
    seen: list[tuple[int, Suspension]] = []
    for i, sus in sorted(s.of_type(Suspension), key=lambda pair: pair[1].start):
        if not is_month_start(sus.start):
            errors.add(
                f"events[{i}].start", f"{rule} : elle commence le 1er d'un mois, pas le {day(sus.start)}."
            )
        if not is_month_end(sus.end):
            errors.add(
                f"events[{i}].end", f"{rule} : elle finit le dernier jour d'un mois, pas le {day(sus.end)}."
            )
        if sus.end >= sus.start:
            n = month_index(sus.end) - month_index(sus.start) + 1
            if not lo <= n <= hi:
                errors.add(f"events[{i}].end", f"{rule} ; celle-ci couvre {n} mois.")
        for j, other in seen:
            if sus.start <= other.end:
                errors.add(
                    f"events[{i}].start",
                    f"Cette suspension chevauche celle du {day(other.start)} "
                    f"au {day(other.end)} (events[{j}]) : "
                    f"un mois ne peut être suspendu qu'une fois ({source}).",
                )
        seen.append((i, sus))
        if end is not None and sus.start > end:
            errors.add(
                f"events[{i}].start",
                "Une suspension du versement de l'allocation se "
                f"situe pendant les études (fin le {day(end)}) "
                f"({source}).",
            )
        if sus.reason == "disponibilite":
            is_intern = s.status_at_signature in ("intern", "padhue") or (
                internship is not None and sus.start >= internship.on
            )
            if not is_intern:
                errors.add(
                    f"events[{i}].reason",
                    "La mise en disponibilité ne suspend l'allocation que pour un interne "
                    f"(arrêté du 27 juillet 2010, art. 3, 2° ; {SUSPENSION_SOURCE_R1}).",
                )


def _check_postponements(errors: _Errors, s: Scenario, end: date | None) -> None:
    p = parameters(s.signed_on).postponement
    max_count, max_months = int(p.max_count), int(p.max_months)
    source = reference("postponement.max_count", s.signed_on).cite()
    ordinals = {4: "quatrième", 5: "cinquième", 6: "sixième"}
    previous = None
    for n, (i, pp) in enumerate(sorted(s.of_type(Postponement), key=lambda pair: pair[1].start), start=1):
        if n > max_count:
            errors.add(
                f"events[{i}]",
                f"{ordinals.get(n, f'{n}e').capitalize()} report refusé : l'ARS accorde au plus {max_count} "
                f"reports d'installation ({source}).",
            )
        if pp.end >= add_months(pp.start, max_months):
            errors.add(
                f"events[{i}].end",
                f"Un report d'installation dure au plus {max_months} mois ({source}) : "
                f"du {day(pp.start)}, il finit au plus tard la "
                f"veille du {day(add_months(pp.start, max_months))}.",
            )
        if end is None:
            errors.add(
                f"events[{i}]", "Un report d'installation suppose la fin des études (événement studies_end)."
            )
        elif pp.start <= end:
            errors.add(
                f"events[{i}].start",
                f"Un report d'installation commence après la fin des études ({day(end)}) ({source}).",
            )
        if previous is not None and pp.start <= previous.end:
            errors.add(f"events[{i}].start", "Deux reports d'installation ne peuvent se chevaucher.")
        previous = pp


def _check_practices(errors: _Errors, s: Scenario, end: date | None) -> None:
    p = parameters(s.signed_on).part_time
    min_quotity = p.min_quotity
    quotity_source = reference("part_time.min_quotity", s.signed_on).cite()
    since_source = reference("part_time.allowed_signed_from", s.signed_on).cite()
    previous = None
    for i, pr in sorted(s.of_type(Practice), key=lambda pair: pair[1].start):
        if pr.quotity < min_quotity or pr.quotity > 1:
            errors.add(
                f"events[{i}].quotity",
                f"La quotité d'exercice va de {number(min_quotity)} (mi-temps) à 1 (temps plein), "
                f"reçu {number(pr.quotity)} ({quotity_source}).",
            )
        elif pr.quotity < 1 and s.signed_on < p.allowed_signed_from:
            errors.add(
                f"events[{i}].quotity",
                f"L'exercice à temps partiel n'est ouvert qu'aux contrats signés à partir du "
                f"{day(p.allowed_signed_from)} ; ce contrat a été "
                f"signé le {day(s.signed_on)} ({since_source}).",
            )
        if pr.mode == "liberal" and pr.sector is None:
            errors.add(
                f"events[{i}].sector",
                "Un exercice libéral précise son secteur conventionnel (1 ou 2) : seul le secteur 1 compte "
                f"pour l'engagement ({ORDER_SOURCE}).",
            )
        if end is None:
            errors.add(
                f"events[{i}]",
                f"L'engagement de service commence à la fin des études ({ORDER_SOURCE}) : "
                "indiquez-la (événement studies_end).",
            )
        elif pr.start <= end:
            errors.add(
                f"events[{i}].start",
                f"L'exercice compté au titre de l'engagement commence après la fin des études ({day(end)}) "
                f"({ORDER_SOURCE}).",
            )
        if previous is not None and (previous.end is None or pr.start <= previous.end):
            errors.add(
                f"events[{i}].start",
                "Deux périodes d'exercice se chevauchent : déclarez "
                "une seule période avec la quotité totale.",
            )
        previous = pr


def _check_termination(errors: _Errors, s: Scenario, end: date | None) -> None:
    window = int(parameters(s.signed_on).termination.internship_entry_window_months)
    source = reference("termination.internship_entry_window_months", s.signed_on).cite()
    internship = s.first(InternshipStart)
    for i, term in s.of_type(Termination):
        if term.reason != "internship_entry":
            continue
        if internship is None:
            errors.add(
                f"events[{i}].reason",
                "La résiliation sans pénalité pour entrée en internat suppose une entrée en internat "
                f"(événement internship_start) ({source}).",
            )
            continue
        limit = add_months(internship.on, window)
        if not internship.on <= term.on <= limit:
            errors.add(
                f"events[{i}].on",
                "La résiliation sans pénalité pour entrée en internat "
                f"se demande dans les {window} premiers mois "
                f"de l'internat, du {day(internship.on)} au "
                f"{day(limit)} ; reçu le {day(term.on)} ({source}).",
            )


__all__ = ["validate"]
