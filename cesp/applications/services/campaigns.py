"""Campaigns: a UFR (or, for PADHUE candidates, an ARS) opens one per academic year, with its filing
period, its commission date and the weights of the three criteria. Its status moves only along the
declared workflow (``workflows.CAMPAIGN``)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cesp.accounts.roles import acting_role
from cesp.applications.models import Campaign, CampaignKind, CampaignStatus
from cesp.applications.services.base import ApplicationError
from cesp.applications.workflows import CAMPAIGN
from cesp.core import bounds
from cesp.core.audit import audit_record


def _check_campaign_dates(campaign: Campaign) -> None:
    """Each date of a campaign lies within its academic year or the one before (cesp.core.bounds)."""
    if campaign.academic_year_id is None:
        return
    lowest, highest = bounds.academic_window(
        campaign.academic_year, before=bounds.CAMPAIGN_YEARS_BEFORE, after=bounds.CAMPAIGN_YEARS_AFTER
    )
    year = campaign.academic_year.label
    for label, value in (
        ("Ouverture du dépôt", campaign.filing_opens_at),
        ("Date limite de dépôt", campaign.filing_deadline),
        ("Date de la commission", campaign.commission_date),
    ):
        bounds.check_date(
            value,
            label=f"{label} (campagne {year})",
            lowest=lowest,
            highest=highest,
            error=ApplicationError,
        )


def _check_campaign(campaign: Campaign) -> None:
    _check_campaign_dates(campaign)
    if campaign.kind == CampaignKind.UFR:
        if campaign.faculty_id is None:
            raise ApplicationError("Une campagne d'UFR désigne son UFR.")
        campaign.region_id = campaign.faculty.region_id
        campaign.discipline = campaign.faculty.discipline
    else:
        campaign.faculty = None
        if campaign.discipline not in ("medecine", "odontologie"):
            raise ApplicationError("Les campagnes PADHUE concernent la médecine ou l'odontologie.")
    if campaign.filing_opens_at and campaign.filing_deadline:
        if campaign.filing_deadline <= campaign.filing_opens_at:
            raise ApplicationError("La date limite de dépôt doit suivre l'ouverture du dépôt.")
        if campaign.commission_date and campaign.commission_date < timezone.localdate(
            campaign.filing_deadline
        ):
            raise ApplicationError("La commission se réunit après la date limite de dépôt.")
    if campaign.weight_project + campaign.weight_academic + campaign.weight_financial <= 0:
        raise ApplicationError("La somme des coefficients de la commission doit être positive.")
    try:
        campaign.full_clean()
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from error


def _status_after(source: str, target: str, *, actor, role: str | None) -> str:
    """The campaign form names the status wanted: the row of the workflow from ``source`` to it."""
    if target == source or target not in CampaignStatus.values:
        return target  # no move (an unknown status is named by full_clean)
    row = next((r for r in CAMPAIGN.events_from(source) if r.target == target), None)
    if row is None:
        raise ApplicationError(
            f"Action impossible : une campagne « {CAMPAIGN.label_of(source)} » ne peut pas passer "
            f"à l'état « {CAMPAIGN.label_of(target)} »."
        )
    return CAMPAIGN.move(
        state=source, event=row.event, actor=acting_role(actor, role), raises=ApplicationError
    )


@transaction.atomic
def campaign_create(*, actor, role: str | None = None, **fields) -> Campaign:
    """Create a campaign; created in preparation, it moves at once to the status asked (``role``: the
    one the creator acts in, else ``acting_role``)."""
    campaign = Campaign(created_by=actor, **fields)
    campaign.status = _status_after(CAMPAIGN.initial, campaign.status, actor=actor, role=role)
    _check_campaign(campaign)
    campaign.save()
    audit_record(
        actor=actor,
        action="campaign.create",
        obj=campaign,
        changes={"status": campaign.status, "deadline": campaign.filing_deadline.isoformat()},
    )
    return campaign


@transaction.atomic
def campaign_update(*, actor, campaign: Campaign, role: str | None = None, **fields) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    before = {name: str(getattr(campaign, name)) for name in fields}
    source = campaign.status
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.status = _status_after(source, campaign.status, actor=actor, role=role)
    _check_campaign(campaign)
    campaign.save()
    changes = {
        name: [before[name], str(value)] for name, value in fields.items() if before[name] != str(value)
    }
    audit_record(actor=actor, action="campaign.update", obj=campaign, changes=changes)
    return campaign
