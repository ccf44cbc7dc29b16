"""Writes of accounts data: one function per use case, in a transaction, audited."""

from django.db import transaction

from cesp.accounts.models import (
    ROLE_ORGANISATION_KINDS,
    CandidateProfile,
    Membership,
    Organisation,
    User,
)
from cesp.core.audit import audit_record


class AccountError(ValueError):
    """A refused account operation, with a message for the user."""


@transaction.atomic
def candidate_register(*, email: str, password: str, first_name: str, last_name: str) -> User:
    if User.objects.filter(email__iexact=email).exists():
        raise AccountError("Un compte existe déjà avec cette adresse e-mail.")
    user = User.objects.create_user(email, password, first_name=first_name, last_name=last_name)
    CandidateProfile.objects.create(user=user)
    audit_record(actor=user, action="account.register", obj=user, changes={"email": user.email})
    return user


@transaction.atomic
def membership_grant(
    *, actor, user: User, organisation: Organisation, role: str, reason: str = ""
) -> Membership:
    if organisation.kind not in ROLE_ORGANISATION_KINDS[role]:
        raise AccountError(
            f"Le rôle « {role} » ne peut pas être attribué dans une organisation de type {organisation.kind}."
        )
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    if not created:
        if membership.is_active:
            return membership  # nothing changes, nothing to record
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="membership.grant",
        obj=organisation,
        changes={"user": user.email, "role": role},
        reason=reason,
    )
    return membership


@transaction.atomic
def membership_revoke(*, actor, membership: Membership, reason: str) -> None:
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="membership.revoke",
        obj=membership.organisation,
        changes={"user": membership.user.email, "role": membership.role},
        reason=reason,
    )
