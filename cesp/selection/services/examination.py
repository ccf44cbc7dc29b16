"""The examination of a file, outside its marks: a member's declared conflict of interest, the
interview of a shortlisted candidate, a file set aside whatever its marks (with the reason)."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cesp.applications.models import Application
from cesp.core import bounds
from cesp.core.audit import audit_record
from cesp.selection import selectors
from cesp.selection.models import Commission, ConflictDeclaration, Exclusion, InterviewSlot, Score
from cesp.selection.services.common import (
    SelectionError,
    check_commission_date,
    check_manager,
    check_text,
    file_of,
    invalidate_lists,
    lock_open,
    messages_of,
)


@transaction.atomic
def conflict_declare(
    *, actor, commission: Commission, application: Application, reason: str
) -> ConflictDeclaration:
    commission = lock_open(commission)
    application = file_of(commission, application)
    member = selectors.member_for(commission=commission, user=actor)
    if member is None:
        raise SelectionError("Seul un membre de la commission déclare un conflit d'intérêts.")
    if not reason.strip():
        raise SelectionError("Décrivez la nature du lien avec le candidat.")
    check_text(reason, bounds.REASON_TEXT, "Nature du lien")
    if Score.objects.filter(member=member, application=application).exists():
        raise SelectionError(
            "Vous avez déjà noté ce dossier : signalez le conflit au président, "
            "qui fera reprendre la notation."
        )
    declaration, created = ConflictDeclaration.objects.get_or_create(
        member=member, application=application, defaults={"reason": reason}
    )
    if created:
        audit_record(
            actor=actor,
            action="selection.conflict_declare",
            obj=commission,
            changes={"application": application.pk, "member": actor.email},
            reason=reason,
        )
    return declaration


@transaction.atomic
def interview_set(
    *,
    actor,
    commission: Commission,
    application: Application,
    starts_at: datetime,
    place: str,
    duration_minutes: int = 20,
) -> InterviewSlot:
    """Shortlist a candidate for an interview (or move their interview)."""
    commission = lock_open(commission)
    check_manager(actor, commission, "fixent les entretiens")
    application = file_of(commission, application)
    check_commission_date(commission, starts_at, label="Date de l'entretien", since_deadline=False)
    if not place.strip():
        raise SelectionError("Indiquez le lieu de l'entretien ou le lien de visioconférence.")
    check_text(place, bounds.SHORT_TEXT, "Lieu de l'entretien")
    slot, created = InterviewSlot.objects.get_or_create(
        application=application,
        defaults={
            "commission": commission,
            "starts_at": starts_at,
            "place": place,
            "duration_minutes": duration_minutes,
            "set_by": actor,
        },
    )
    if not created:
        slot.starts_at, slot.place, slot.duration_minutes, slot.set_by = (
            starts_at,
            place,
            duration_minutes,
            actor,
        )
    try:
        slot.full_clean()
    except ValidationError as error:
        raise SelectionError(messages_of(error)) from error
    slot.save()
    audit_record(
        actor=actor,
        action="selection.interview_set",
        obj=commission,
        changes={
            "application": application.pk,
            "starts_at": timezone.localtime(starts_at).isoformat(),
            "place": place,
            "created": created,
        },
    )
    return slot


@transaction.atomic
def application_exclude(*, actor, commission: Commission, application: Application, reason: str) -> Exclusion:
    """Set a file aside whatever its marks (e.g. a project outside the scheme), with the reason."""
    commission = lock_open(commission)
    check_manager(actor, commission, "écartent un dossier")
    application = file_of(commission, application)
    if not reason.strip():
        raise SelectionError("Indiquez le motif pour lequel le dossier n'est pas retenu.")
    check_text(reason, bounds.REASON_TEXT, "Motif")
    exclusion, _ = Exclusion.objects.update_or_create(
        commission=commission, application=application, defaults={"reason": reason, "decided_by": actor}
    )
    audit_record(
        actor=actor,
        action="selection.exclude",
        obj=commission,
        changes={"application": application.pk},
        reason=reason,
    )
    invalidate_lists(commission, actor=actor, why="Dossier écarté")
    return exclusion
