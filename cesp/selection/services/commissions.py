"""A commission and its seats: opened by the campaign's secretariat, its members seated (and removed
while they have marked nothing), its sittings recorded with the members present."""

from datetime import date

from django.db import IntegrityError, transaction

from cesp.applications.models import Campaign
from cesp.core import bounds
from cesp.core.audit import audit_record
from cesp.selection import selectors
from cesp.selection.models import Commission, CommissionMember, MemberKind, Sitting
from cesp.selection.services.common import (
    SelectionError,
    check_commission_date,
    check_manager,
    check_text,
    is_secretariat,
    lock_open,
)


@transaction.atomic
def commission_create(*, actor, campaign: Campaign) -> Commission:
    if not is_secretariat(actor, campaign):
        raise SelectionError(
            "Seuls les agents de l'UFR de la campagne (l'ARS pour les PADHUE) créent sa commission."
        )
    if Commission.objects.filter(campaign=campaign).exists():
        raise SelectionError("Cette campagne a déjà sa commission de sélection.")
    try:
        with transaction.atomic():  # two agents opening it at once: the second is told, not a 500
            commission = Commission.objects.create(campaign=campaign, created_by=actor)
    except IntegrityError:
        raise SelectionError("Cette campagne a déjà sa commission de sélection.") from None
    audit_record(
        actor=actor, action="selection.commission_create", obj=commission, changes={"campaign": str(campaign)}
    )
    return commission


def _check_member_account(campaign: Campaign, user, kind: str) -> None:
    """The ARS seat is held by an ARS referent of the campaign's region; the other seats by
    committee members of the campaign's UFR (of one of the region's UFRs for a PADHUE campaign)."""
    if kind == MemberKind.ARS:
        if not selectors.ars_seat_memberships(campaign).filter(user=user).exists():
            raise SelectionError(
                "Le siège de l'ARS revient à un référent CESP de l'ARS de la région de la campagne."
            )
        return
    if not selectors.committee_seat_memberships(campaign).filter(user=user).exists():
        raise SelectionError(
            "Ce compte n'est pas membre de commission de l'UFR : rattachez-le d'abord à l'UFR "
            "avec le rôle « Membre de commission de sélection »."
        )


@transaction.atomic
def member_add(*, actor, commission: Commission, user, kind: str) -> CommissionMember:
    commission = lock_open(commission)
    check_manager(actor, commission, "désignent les membres")
    if kind not in MemberKind.values:
        raise SelectionError("Qualité de membre inconnue.")
    _check_member_account(commission.campaign, user, kind)
    if commission.members.filter(user=user).exists():
        raise SelectionError(f"{user} siège déjà dans cette commission.")
    if kind == MemberKind.PRESIDENT and commission.members.filter(kind=MemberKind.PRESIDENT).exists():
        raise SelectionError("La commission a déjà un président.")
    member = CommissionMember.objects.create(commission=commission, user=user, kind=kind, added_by=actor)
    audit_record(
        actor=actor,
        action="selection.member_add",
        obj=commission,
        changes={"member": user.email, "kind": kind},
    )
    return member


@transaction.atomic
def member_remove(*, actor, member: CommissionMember, reason: str) -> None:
    commission = lock_open(member.commission)
    check_manager(actor, commission, "retirent un membre")
    if member.scores.exists():
        raise SelectionError(
            "Ce membre a déjà noté des dossiers : il ne peut plus être retiré de la commission."
        )
    if not reason.strip():
        raise SelectionError("Indiquez le motif du retrait.")
    check_text(reason, bounds.REASON_TEXT, "Motif du retrait")
    description = {"member": member.user.email, "kind": member.kind}
    member.delete()
    audit_record(
        actor=actor, action="selection.member_remove", obj=commission, changes=description, reason=reason
    )


@transaction.atomic
def sitting_record(
    *, actor, commission: Commission, held_on: date, present: list[CommissionMember]
) -> Sitting:
    commission = lock_open(commission)
    check_manager(actor, commission, "consignent les séances")
    check_commission_date(commission, held_on, label="Date de la séance", since_deadline=True)
    if not present:
        raise SelectionError("Cochez au moins un membre présent.")
    if any(m.commission_id != commission.pk for m in present):
        raise SelectionError("Un des membres cochés ne siège pas dans cette commission.")
    sitting = Sitting.objects.create(commission=commission, held_on=held_on, recorded_by=actor)
    sitting.present.set(present)
    audit_record(
        actor=actor,
        action="selection.sitting_record",
        obj=commission,
        changes={"held_on": held_on.isoformat(), "present": sorted(m.user.email for m in present)},
    )
    return sitting
