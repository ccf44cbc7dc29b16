"""The legal regime of a contract (R0 to R3), decided by its signature or application date."""

from __future__ import annotations

from datetime import date

from .explain import day, explanation
from .parameters import parameters
from .scenario import Scenario

REGIME_SOURCES = {
    "R0": "Décret n° 2010-735 du 29 juin 2010 et arrêtés "
    "du 27 juillet 2010 ; Code de l'éducation, art. L632-6",
    "R1": "Code de l'éducation, art. R631-24 et suivants (décret n° 2020-268) ; arrêtés du 26 mai 2020",
    "R2": "Décret n° 2025-270 (l'ASP signe et gère le "
    "contrat) ; Code de l'éducation, art. R631-24 et suivants",
    "R3": "Décret n° 2026-4 (extension du CESP) ; Code de l'éducation, art. R631-24 et suivants",
}


def campaign_opens(scenario: Scenario) -> date:
    """The day the campaign's academic year opens (``campaign.opens_month`` of its first year)."""
    year = scenario.campaign_year
    return date(year, int(parameters(date(year, 1, 1)).campaign.opens_month), 1)


def application_date(scenario: Scenario) -> date:
    """The date that decides R3: the application date, or, when it is unknown, the earliest date the
    application can have been filed: the opening of the campaign (never after the signature).

    That is the conservative reading: R3 (and what it opens: pharmacy, midwifery, the first cycle)
    is granted only when it is certain. The signature date used to stand in for it, which could only
    place a contract in R3 too early.
    """
    if scenario.applied_on is not None:
        return scenario.applied_on
    return min(campaign_opens(scenario), scenario.signed_on)


def r3_depends_on_unknown_application(scenario: Scenario) -> bool:
    """No application date, and an application filed as late as the signature would be R3."""
    r3 = parameters(scenario.signed_on).regimes.r3_applied_from
    return scenario.applied_on is None and scenario.signed_on >= r3 > application_date(scenario)


def regime(scenario: Scenario) -> str:
    p = parameters(scenario.signed_on).regimes
    if application_date(scenario) >= p.r3_applied_from:
        return "R3"
    if scenario.signed_on >= p.r2_signed_from:
        return "R2"
    if scenario.signed_on >= p.r1_signed_from:
        return "R1"
    return "R0"


def regime_explanation(scenario: Scenario, code: str) -> dict[str, str]:
    p = parameters(scenario.signed_on).regimes
    r3 = p.r3_applied_from
    if code == "R3":
        if scenario.applied_on:
            rule = f"Candidature du {day(scenario.applied_on)}, à partir du {day(r3)} : régime R3."
        else:
            rule = (
                "Date de candidature inconnue : même déposée dès l'ouverture de la campagne, le "
                f"{day(application_date(scenario))}, elle est postérieure au {day(r3)} : régime R3."
            )
    elif code == "R2":
        rule = f"Contrat signé le {day(scenario.signed_on)}, à partir du {day(p.r2_signed_from)} : régime R2."
    elif code == "R1":
        rule = (
            f"Contrat signé le {day(scenario.signed_on)}, entre le {day(p.r1_signed_from)} et le "
            f"{day(p.r2_signed_from)} : régime R1."
        )
    else:
        rule = f"Contrat signé le {day(scenario.signed_on)}, avant le {day(p.r1_signed_from)} : régime R0."
    if code != "R3" and scenario.applied_on and scenario.signed_on >= r3:
        rule += f" La candidature du {day(scenario.applied_on)} précède le {day(r3)} : pas de régime R3."
    if r3_depends_on_unknown_application(scenario):
        rule += (
            " Date de candidature inconnue : lecture prudente, la candidature a pu être déposée dès "
            f"l'ouverture de la campagne, le {day(application_date(scenario))}, avant le {day(r3)} : "
            "pas de régime R3 sans la date de candidature (applied_on)."
        )
    return explanation("regime", rule, REGIME_SOURCES[code])
