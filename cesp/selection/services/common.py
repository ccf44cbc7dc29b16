"""What every write of the commission shares: its error, the lock of the commission row (refused once
validated), the check that a file is one the commission examines, and who manages it.

Every write that changes what the commission decides first locks the commission row
(``select_for_update``) and checks it is still open: validation takes the same lock, so a score
racing with the validation either lands before it (and is in the minutes) or is refused after it.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone

from cesp.applications.models import Application, Campaign
from cesp.applications.selectors import campaign_secretariat
from cesp.core import bounds
from cesp.core.audit import audit_record
from cesp.rules import formatting
from cesp.selection import selectors
from cesp.selection.models import Commission, CommissionStatus, MemberKind


class SelectionError(ValueError):
    """A refused operation of the commission, with a French message."""


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def check_text(value: str, limit: int, label: str) -> str:
    return bounds.check_text(value, limit=limit, label=label, error=SelectionError)


def check_commission_date(commission: Commission, value, *, label: str, since_deadline: bool) -> None:
    """Interviews and sittings fall within the campaign: from the opening of filing (for a sitting,
    from the filing deadline) to the end of its academic year (cesp.core.bounds)."""
    campaign = commission.campaign
    start = campaign.filing_deadline if since_deadline else campaign.filing_opens_at
    bounds.check_date(
        value,
        label=label,
        lowest=timezone.localdate(start),
        highest=campaign.academic_year.end,
        error=SelectionError,
    )


def lock_open(commission: Commission) -> Commission:
    """Lock the commission row and refuse any change once its lists are validated."""
    locked = (
        Commission.objects.select_for_update(of=("self",))
        .select_related("campaign", "campaign__faculty", "campaign__region")
        .get(pk=commission.pk)
    )
    if locked.status == CommissionStatus.VALIDATED:
        when = formatting.datetime_long(timezone.localtime(locked.validated_at), "fr")
        raise SelectionError(
            f"Les listes de la commission ont été validées le {when} : plus aucune modification "
            "n'est possible (notes, départages, listes, membres)."
        )
    return locked


def file_of(commission: Commission, application: Application) -> Application:
    file = selectors.commission_file(commission=commission, pk=application.pk)
    if file is None:
        raise SelectionError("Ce dossier n'est pas examiné par cette commission (dossier non complet).")
    return file


def invalidate_lists(commission: Commission, *, actor, why: str) -> None:
    """Draft lists rest on the marks and decisions of the moment: a change makes them stale."""
    deleted, _ = commission.entries.all().delete()
    if deleted:
        audit_record(
            actor=actor,
            action="selection.lists_reset",
            obj=commission,
            changes={"entries": deleted},
            reason=why,
        )


def is_secretariat(actor, campaign: Campaign) -> bool:
    """The UFR's agents run their campaign's commission; the ARS referents run a PADHUE campaign's."""
    return campaign_secretariat(campaign).filter(user=actor).exists()


def check_manager(actor, commission: Commission, what: str) -> None:
    member = selectors.member_for(commission=commission, user=actor)
    if (member is None or member.kind != MemberKind.PRESIDENT) and not is_secretariat(
        actor, commission.campaign
    ):
        raise SelectionError(f"Seuls le président et le secrétariat de l'UFR {what}.")
