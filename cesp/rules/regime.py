"""The legal regime of a contract (R0 to R3), decided by its signature or application date."""

from __future__ import annotations

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


def application_date(scenario: Scenario):
    """The date that decides R3: the application date, or the signature date when it is unknown.

    An application always precedes the signature, so using the signature as a proxy can only
    place a contract in R3 later than its real application would: a conservative default.
    """
    return scenario.applied_on or scenario.signed_on


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
    if code == "R3":
        proxy = (
            ""
            if scenario.applied_on
            else " (date de candidature inconnue : la date de signature en tient lieu)"
        )
        rule = (
            f"Candidature du {day(application_date(scenario))}{proxy}, à partir du "
            f"{day(p.r3_applied_from)} : régime R3."
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
    return explanation("regime", rule, REGIME_SOURCES[code])
