"""Who may sign a contract: cursus × status at signature × regime."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from .explain import day
from .parameters import parameters
from .regime import application_date, r3_depends_on_unknown_application
from .scenario import Scenario

# Cursus opened only by the R3 extension (décret 2026-4), and statuses they cannot have.
R3_ONLY_CURSUSES = ("pharmacie", "maieutique")
R3_ONLY_STATUSES = ("first_cycle",)
NO_PADHUE_CURSUSES = ("pharmacie", "maieutique")


def eligibility_errors(scenario: Scenario, code: str) -> list[dict[str, str]]:
    """Cursus × status × regime combinations the law does not open."""
    errors = []
    r3 = parameters(scenario.signed_on).regimes.r3_applied_from
    r3_only = scenario.cursus in R3_ONLY_CURSUSES or scenario.status_at_signature in R3_ONLY_STATUSES
    ask_date = r3_only and code != "R3" and r3_depends_on_unknown_application(scenario)
    if ask_date:
        # R3 is possible, not certain: ask for the date instead of refusing the cursus.
        errors.append(
            {
                "field": "applied_on",
                "message": (
                    "Indiquez la date de dépôt de la candidature (applied_on) : ce contrat n'est ouvert "
                    f"qu'aux candidatures déposées à partir du {day(r3)} (régime R3, décret n° 2026-4), et "
                    "sans cette date la lecture prudente retient l'ouverture de la campagne, le "
                    f"{day(application_date(scenario))}."
                ),
            }
        )
    if scenario.cursus in R3_ONLY_CURSUSES and code != "R3" and not ask_date:
        errors.append(
            {
                "field": "cursus",
                "message": (
                    f"Le CESP n'est ouvert aux études de {_cursus_label(scenario.cursus)} que pour les "
                    f"candidatures déposées à partir du {day(r3)} (régime R3, décret n° 2026-4)."
                ),
            }
        )
    if scenario.status_at_signature in R3_ONLY_STATUSES and code != "R3" and not ask_date:
        errors.append(
            {
                "field": "status_at_signature",
                "message": (
                    "Le CESP n'est ouvert aux étudiants du 1er cycle (à partir de la 2e année) que pour les "
                    f"candidatures déposées à partir du {day(r3)} (régime R3, décret n° 2026-4)."
                ),
            }
        )
    if scenario.cursus in NO_PADHUE_CURSUSES and scenario.status_at_signature == "padhue":
        errors.append(
            {
                "field": "status_at_signature",
                "message": (
                    "Le statut PADHUE (parcours de consolidation des compétences) concerne la médecine et "
                    "l'odontologie, pas les études de "
                    f"{_cursus_label(scenario.cursus)} (Code de l'éducation, "
                    "art. R631-24 et suivants ; décret n° 2026-4)."
                ),
            }
        )
    return errors


def cumulation_errors(*, applied_on: date, active_contracts: Sequence[str]) -> list[dict[str, str]]:
    """No cumulation (régime R3): a person who holds a contract in force (``active_contracts``, their
    numbers) can neither apply for nor sign a second one. Read at the application date, the date that
    decides R3 (``eligibility.single_contract``); the application and the signature both ask."""
    if not active_contracts or not parameters(applied_on).eligibility.single_contract:
        return []
    numbers = ", ".join(active_contracts)
    held = f"du contrat {numbers}" if len(active_contracts) == 1 else f"des contrats {numbers}"
    return [
        {
            "field": "contracts",
            "message": (
                f"Vous êtes titulaire {held}, en cours : un contrat d'engagement de service public ne se "
                "cumule pas avec un autre (régime R3, décret n° 2026-4). Une nouvelle candidature ou "
                "signature n'est possible qu'une fois ce contrat terminé."
            ),
        }
    ]


def _cursus_label(cursus: str) -> str:
    return {"pharmacie": "pharmacie", "maieutique": "maïeutique"}.get(cursus, cursus)
