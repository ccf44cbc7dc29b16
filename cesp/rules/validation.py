"""Legal checks of a well-formed scenario.

A scenario the law does not allow is an input error whose message names the rule that forbids it
(DESIGN.md). Every check runs and every failure is collected, so a user fixes them all at once.
Limits are read from the parameters in force at the signature date (the terms of the contract).
"""

from __future__ import annotations

from datetime import date, timedelta

from .allowance import allowance_start
from .eligibility import eligibility_errors
from .errors import ScenarioError
from .explain import day, number
from .months import add_months, is_month_end, is_month_start, month_index
from .parameters import parameters, reference
from .regime import campaign_opens, regime
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
PARAMETERS_FROM = date(2010, 1, 1)  # every parameter has a value from this day (temporal coverage test)
QUOTITY_PLACES = 6  # a quotity is written with at most six decimals (0.571429 for 20 hours out of 35)
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
    if s.campaign_year >= FIRST_CAMPAIGN:
        opens, closes = signature_window(s)
        if not opens <= s.signed_on <= closes:
            errors.add("signed_on", _signature_window_message(s, opens, closes))
    if s.campaign_year < FIRST_CAMPAIGN or s.signed_on < PARAMETERS_FROM:
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


def signature_window(s: Scenario) -> tuple[date, date]:
    """First and last day on which a contract of the scenario's campaign can be signed.

    From the opening of the campaign's academic year (``campaign.opens_month``) to the end of the
    ``campaign.signature_window_months`` during which unsigned contracts are redistributed, plus
    the days an offer leaves to sign (``offer.signature_deadline_days``). Read on 1 January of the
    campaign's first year.
    """
    opens = campaign_opens(s)
    p = parameters(date(s.campaign_year, 1, 1))
    last_redistribution = add_months(opens, int(p.campaign.signature_window_months)) - timedelta(days=1)
    return opens, last_redistribution + timedelta(days=int(p.offer.signature_deadline_days))


def _signature_window_message(s: Scenario, opens: date, closes: date) -> str:
    on = date(s.campaign_year, 1, 1)
    p = parameters(on)
    window = reference("campaign.signature_window_months", on).cite()
    deadline = int(p.offer.signature_deadline_days)
    last = closes - timedelta(days=deadline)
    return (
        f"Un contrat de la campagne {s.academic_year} se signe du {day(opens)} au {day(closes)} : pas avant "
        f"l'ouverture de son année universitaire, ni plus de {deadline} jours après la dernière répartition "
        f"des contrats restant à pourvoir (au plus tard le {day(last)}) ; reçu le {day(s.signed_on)} "
        f"({window})."
    )


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
    allowance_from = allowance_start(s)
    seen: list[tuple[int, Suspension]] = []
    run_start: dict[str, Suspension] = {}  # reason -> first suspension of the run of back-to-back ones
    run_end: dict[str, Suspension] = {}
    for i, sus in sorted(s.of_type(Suspension), key=lambda pair: pair[1].start):
        if not is_month_start(sus.start):
            errors.add(
                f"events[{i}].start", f"{rule} : elle commence le 1er d'un mois, pas le {day(sus.start)}."
            )
        if not is_month_end(sus.end):
            errors.add(
                f"events[{i}].end", f"{rule} : elle finit le dernier jour d'un mois, pas le {day(sus.end)}."
            )
        if sus.start < s.signed_on:
            errors.add(
                f"events[{i}].start",
                f"Une suspension se demande par le signataire : elle ne peut commencer ({day(sus.start)}) "
                f"avant la signature du contrat ({day(s.signed_on)}) ({source}).",
            )
        elif sus.start < allowance_from:
            errors.add(
                f"events[{i}].start",
                f"Une suspension suspend le versement de l'allocation : elle ne peut commencer "
                f"({day(sus.start)}) avant le début de l'allocation ({day(allowance_from)}) ({source}).",
            )
        if sus.end >= sus.start:
            n = month_index(sus.end) - month_index(sus.start) + 1
            if not lo <= n <= hi:
                errors.add(f"events[{i}].end", f"{rule} ; celle-ci couvre {n} mois.")
            previous = run_end.get(sus.reason)
            if previous is not None and month_index(sus.start) == month_index(previous.end) + 1:
                first = run_start[sus.reason]
                total = month_index(sus.end) - month_index(first.start) + 1
                if total > hi and n <= hi:
                    errors.add(
                        f"events[{i}].end",
                        f"{rule} : des suspensions pour un même motif qui se suivent sans interruption "
                        f"forment une seule suspension, ici du {day(first.start)} au {day(sus.end)}, "
                        f"soit {total} mois.",
                    )
            else:
                run_start[sus.reason] = sus
            run_end[sus.reason] = sus
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
    practices = [pr for _, pr in s.of_type(Practice)]
    practice_from = min((pr.start for pr in practices), default=None)
    thesis = s.first(Thesis)
    years = int(p.max_years_after_thesis)
    latest = add_months(thesis.on, 12 * years) - timedelta(days=1) if thesis else None
    thesis_source = reference("postponement.max_years_after_thesis", s.signed_on).cite()
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
        if practice_from is not None and pp.start >= practice_from:
            errors.add(
                f"events[{i}].start",
                "Un report d'installation se demande avant l'installation : celui-ci commence "
                f"({day(pp.start)}) après le début de l'exercice ({day(practice_from)}) ({source}).",
            )
        if latest is not None and pp.end >= latest:
            errors.add(
                f"events[{i}].end",
                f"L'exercice doit commencer dans les {years} ans qui suivent la thèse ({day(thesis.on)}), au "
                f"plus tard le {day(latest)} : ce report, qui finit le {day(pp.end)}, le retarderait au-delà "
                f"({thesis_source}).",
            )


def _check_practices(errors: _Errors, s: Scenario, end: date | None) -> None:
    p = parameters(s.signed_on).part_time
    min_quotity = p.min_quotity
    quotity_source = reference("part_time.min_quotity", s.signed_on).cite()
    since_source = reference("part_time.allowed_signed_from", s.signed_on).cite()
    grace_source = reference("zoning.lost_status_grace_years", s.signed_on).cite()
    previous = None
    for i, pr in sorted(s.of_type(Practice), key=lambda pair: pair[1].start):
        if pr.quotity < min_quotity or pr.quotity > 1:
            errors.add(
                f"events[{i}].quotity",
                f"La quotité d'exercice va de {number(min_quotity)} (mi-temps) à 1 (temps plein), "
                f"reçu {number(pr.quotity)} ({quotity_source}).",
            )
        elif pr.quotity.normalize().as_tuple().exponent < -QUOTITY_PLACES:
            errors.add(
                f"events[{i}].quotity",
                f"La quotité s'écrit avec au plus {QUOTITY_PLACES} décimales (0.571429 pour 20 heures "
                f"sur 35, 0.625 pour 5 demi-journées sur 8), reçu {number(pr.quotity)}.",
            )
        elif pr.quotity < 1 and s.signed_on < p.allowed_signed_from:
            errors.add(
                f"events[{i}].quotity",
                f"L'exercice à temps partiel n'est ouvert qu'aux contrats signés à partir du "
                f"{day(p.allowed_signed_from)} ; ce contrat a été "
                f"signé le {day(s.signed_on)} ({since_source}).",
            )
        if pr.zone_lost_on is not None:
            if pr.zone != "none":
                errors.add(
                    f"events[{i}].zone_lost_on",
                    "La date de perte du classement ne s'indique qu'avec la zone « none » : la zone "
                    f"déclarée est celle de la commune à l'installation ({grace_source}).",
                )
            elif pr.zone_lost_on > pr.start:
                errors.add(
                    f"events[{i}].zone_lost_on",
                    f"La perte du classement ({day(pr.zone_lost_on)}) précède l'installation "
                    f"({day(pr.start)}) ; si la commune était classée à l'installation, indiquez sa "
                    f"zone d'alors (ZIP ou ZAC) ({grace_source}).",
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
    p = parameters(s.signed_on).termination
    window = int(p.internship_entry_window_months)
    source = reference("termination.internship_entry_window_months", s.signed_on).cite()
    internship = s.first(InternshipStart)
    for i, term in s.of_type(Termination):
        if term.reason != "internship_entry":
            continue
        if not getattr(p.internship_entry_cursus, s.cursus):
            cursus_source = reference(f"termination.internship_entry_cursus.{s.cursus}", s.signed_on).cite()
            errors.add(
                f"events[{i}].reason",
                "La résiliation sans pénalité pour entrée en internat est ouverte aux étudiants en "
                f"médecine ; pas pour ce cursus ({cursus_source}).",
            )
        if s.status_at_signature not in ("student", "first_cycle"):
            errors.add(
                f"events[{i}].reason",
                "La résiliation sans pénalité pour entrée en internat est ouverte à l'étudiant qui devient "
                f"interne : ce contrat a été signé en tant qu'interne ou PADHUE ({source}).",
            )
        if internship is None:
            errors.add(
                f"events[{i}].reason",
                "La résiliation sans pénalité pour entrée en internat suppose une entrée en internat "
                f"(événement internship_start) ({source}).",
            )
            continue
        if internship.on <= s.signed_on:
            errors.add(
                f"events[{i}].reason",
                "La résiliation sans pénalité pour entrée en internat vaut pour un contrat signé avant "
                f"l'entrée en internat ; celle-ci ({day(internship.on)}) précède la signature du "
                f"{day(s.signed_on)} ({source}).",
            )
        limit = add_months(internship.on, window) - timedelta(days=1)
        if not internship.on <= term.on <= limit:
            errors.add(
                f"events[{i}].on",
                "La résiliation sans pénalité pour entrée en internat "
                f"se demande dans les {window} premiers mois "
                f"de l'internat, du {day(internship.on)} au "
                f"{day(limit)} ; reçu le {day(term.on)} ({source}).",
            )


__all__ = ["validate"]
