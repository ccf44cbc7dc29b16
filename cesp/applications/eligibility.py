"""May this candidate apply to this campaign? The law comes from ``cesp.rules``.

The regime (R3 or earlier) and the cursus × status combinations the law opens are decided by
``cesp.rules`` (``regime``, ``eligibility_errors``) on a scenario whose application and signature
dates are the application date: a contract signed later can only be in the same or a later regime,
and R3 depends on the application date alone. Two checks are added here, because they concern the
campaign rather than the contract: the campaign's discipline and kind (UFR or PADHUE), and the year of
study (rules parameters ``eligibility.*``: 2nd cycle from the 4th year; 1st cycle from the 2nd year).

No cumulation (``cesp.rules.eligibility.cumulation_errors``): the contracts a candidate already holds
are read through ``contracts_held``, which the contracts app (a floor above) registers at start-up.
"""

from collections.abc import Callable, Sequence
from datetime import date
from functools import partial

from cesp.rules import Scenario, parameters
from cesp.rules.eligibility import cumulation_errors, eligibility_errors
from cesp.rules.formatting import ordinal
from cesp.rules.regime import regime
from cesp.rules.vocabulary import FIRST_CYCLE, INTERN, PADHUE, STUDENT

PADHUE_CURSUSES = ("medecine", "odontologie")

_HELD_READERS: list[Callable] = []


def register_contracts_held(reader: Callable) -> None:
    """``reader(user)`` returns the numbers of the contracts in force ``user`` holds (cesp.contracts)."""
    if reader not in _HELD_READERS:
        _HELD_READERS.append(reader)


def contracts_held(user) -> list[str]:
    """The numbers of the contracts in force that ``user`` holds, whichever app keeps them."""
    return [number for reader in _HELD_READERS for number in reader(user)]


def application_eligibility_errors(
    *,
    campaign,
    cursus: str,
    status_at_signature: str,
    current_year: int | None,
    applied_on: date,
    held_contracts: Sequence[str] = (),
) -> list[dict[str, str]]:
    """The reasons, in French, why this situation cannot apply to ``campaign`` (empty when it can);
    ``held_contracts``: the numbers of the contracts in force the candidate holds (no cumulation)."""
    errors: list[dict[str, str]] = cumulation_errors(applied_on=applied_on, active_contracts=held_contracts)
    if campaign.is_padhue and status_at_signature != PADHUE:
        errors.append(
            {
                "field": "status_at_signature",
                "message": "Cette campagne de l'ARS est réservée aux praticiens à diplôme hors Union "
                "européenne (PADHUE).",
            }
        )
    if not campaign.is_padhue and status_at_signature == PADHUE:
        errors.append(
            {
                "field": "status_at_signature",
                "message": "Les PADHUE candidatent auprès de l'ARS de leur région, pas auprès d'une UFR.",
            }
        )
    if cursus != campaign.discipline:
        errors.append(
            {
                "field": "cursus",
                "message": "Cette campagne concerne les études de "
                f"{campaign.get_discipline_display().lower()}.",
            }
        )
    years = parameters(applied_on).eligibility
    year = partial(ordinal, locale="fr", feminine=True)  # "de la 1re à la 3e année"
    first_from, first_to = int(years.first_cycle_from_year), int(years.first_cycle_to_year)
    second_from = int(years.second_cycle_from_year)
    if status_at_signature == FIRST_CYCLE and (
        current_year is None or not first_from <= current_year <= first_to
    ):
        errors.append(
            {
                "field": "current_year",
                "message": f"Au 1er cycle, le CESP est ouvert de la {year(first_from)} à la {year(first_to)} "
                "année.",
            }
        )
    if status_at_signature == STUDENT and (current_year is None or current_year < second_from):
        errors.append(
            {
                "field": "current_year",
                "message": "Au 2e cycle, le CESP est ouvert à partir de la "
                f"{year(second_from)} année d'études.",
            }
        )
    scenario = Scenario(
        as_of=applied_on,
        cursus=cursus,
        status_at_signature=status_at_signature,
        academic_year=campaign.academic_year.label,
        applied_on=applied_on,
        signed_on=applied_on,
    )
    errors.extend(eligibility_errors(scenario, regime(scenario)))
    return errors


def eligible_statuses(*, campaign) -> list[str]:
    """The statuses a campaign receives: PADHUE alone for an ARS campaign, the students otherwise."""
    if campaign.is_padhue:
        return [PADHUE]
    return [FIRST_CYCLE, STUDENT, INTERN]


def campaign_open_to_candidates(*, campaign, applied_on: date) -> bool:
    """Whether the law lets anyone apply to ``campaign`` on ``applied_on`` (e.g. a pharmacy campaign
    before R3 is open to no one): some status the campaign receives, in some year, is eligible."""
    law = parameters(applied_on).eligibility
    years = {
        FIRST_CYCLE: int(law.first_cycle_from_year),
        STUDENT: int(law.second_cycle_from_year),
        INTERN: 1,
        PADHUE: None,
    }
    return any(
        not application_eligibility_errors(
            campaign=campaign,
            cursus=campaign.discipline,
            status_at_signature=status,
            current_year=years[status],
            applied_on=applied_on,
        )
        for status in eligible_statuses(campaign=campaign)
    )
