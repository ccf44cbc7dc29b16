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


# --- Second factor (cesp/accounts/second_factor.py, docs/authentication.md) ---


def _normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


@transaction.atomic
def second_factor_enrol(*, user: User, device, code: str) -> list[str] | None:
    """Confirm ``device`` (a TOTP device being enrolled) when ``code`` matches it, create fresh recovery
    codes and return them (shown once). None when the code does not match: nothing changes."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from cesp.accounts.second_factor import RECOVERY_CODE_COUNT, RECOVERY_DEVICE_NAME

    if device.user_id != user.pk or device.confirmed or not device.verify_token(_normalise_code(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
    audit_record(
        actor=user,
        action="second_factor.enrol",
        obj=user,
        changes={"device": "totp", "recovery_codes": RECOVERY_CODE_COUNT},
    )
    return codes


@transaction.atomic
def second_factor_verify(*, user: User, code: str):
    """The device that accepts ``code`` (the TOTP app, else a recovery code, used up), or None.
    A recovery code used is recorded: it may mean a lost phone."""
    from cesp.accounts.second_factor import confirmed_totp_device, recovery_device

    code = _normalise_code(code)
    if not code:
        return None
    totp = confirmed_totp_device(user)
    if totp is not None and code.isdigit() and totp.verify_token(code):
        return totp
    recovery = recovery_device(user)
    if recovery is not None and recovery.verify_token(code):
        left = recovery.token_set.count()
        audit_record(
            actor=user, action="second_factor.recovery_code_used", obj=user, changes={"codes_left": left}
        )
        return recovery
    return None


@transaction.atomic
def second_factor_reset(*, actor, user: User, reason: str) -> int:
    """An administrator removes a user's devices (lost phone): they enrol again at their next sign-in."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not reason.strip():
        raise AccountError("Indiquez le motif de la réinitialisation du second facteur.")
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    audit_record(
        actor=actor,
        action="second_factor.reset",
        obj=user,
        changes={"devices_removed": removed},
        reason=reason,
    )
    return removed


# --- Sign-in through the state's identity providers (cesp/accounts/oidc.py) ---


class NoMembershipError(AccountError):
    def __init__(self, email: str):
        self.email = email
        super().__init__(f"Aucun rattachement actif pour {email}.")


def _claim(claims: dict, *names: str) -> str:
    for name in names:
        value = claims.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()[:150]
    return ""


def _is_staff_account(user: User) -> bool:
    return user.is_staff or user.is_superuser or Membership.objects.active().filter(user=user).exists()


def _known_user(provider: str, subject: str) -> User | None:
    """The user already linked to this identity of the provider (noting its use), or None."""
    from django.utils import timezone

    from cesp.accounts.models import ExternalIdentity

    identity = (
        ExternalIdentity.objects.select_related("user").filter(provider=provider, subject=subject).first()
    )
    if identity is None:
        return None
    identity.last_used_at = timezone.now()
    identity.save(update_fields=["last_used_at"])
    return identity.user


def _link(*, user: User, provider: str, subject: str, via: str):
    from django.utils import timezone

    from cesp.accounts.models import ExternalIdentity

    if ExternalIdentity.objects.filter(provider=provider, user=user).exists():
        raise AccountError(
            "Ce compte est déjà lié à une autre identité de ce fournisseur : contactez l'assistance."
        )
    identity = ExternalIdentity.objects.create(
        user=user, provider=provider, subject=subject, last_used_at=timezone.now()
    )
    audit_record(
        actor=user, action="account.identity_link", obj=user, changes={"provider": provider, "via": via}
    )
    return identity


@transaction.atomic
def proconnect_sign_in(*, claims: dict) -> User:
    """An agent authenticated by ProConnect: their account is found by the ProConnect subject, else by
    their professional e-mail (then linked). Without an active membership, no sign-in (NoMembershipError):
    the platform's accounts of agents are opened by their organisation, never by the sign-in itself."""

    subject = _claim(claims, "sub")
    email = _claim(claims, "email").lower()
    if not subject or not email:
        raise AccountError("ProConnect n'a pas transmis votre identifiant ou votre adresse e-mail.")
    user = _known_user("proconnect", subject)
    if user is None:
        user = User.objects.filter(email__iexact=email).first()
        if user is None or not user.is_active or not _is_staff_account(user):
            raise NoMembershipError(email)
        _link(user=user, provider="proconnect", subject=subject, via="email")
    if not user.is_active or not _is_staff_account(user):
        raise NoMembershipError(user.email)
    return user


@transaction.atomic
def franceconnect_sign_in(*, claims: dict) -> User:
    """A candidate authenticated by FranceConnect. Their identity (names, birth date) is the state's:
    it fills their profile at each sign-in, for the contract. A first sign-in links the candidate account
    of the same e-mail, or creates one; an agent's account never signs in this way."""
    from datetime import date

    subject = _claim(claims, "sub")
    first_name = _claim(claims, "given_name")
    last_name = _claim(claims, "family_name", "usual_name")
    email = _claim(claims, "email").lower()
    if not subject or not last_name:
        raise AccountError("FranceConnect n'a pas transmis votre identité (identifiant et nom).")
    try:
        birth_date = date.fromisoformat(claims["birthdate"]) if claims.get("birthdate") else None
    except (TypeError, ValueError):
        birth_date = None
    user = _known_user("franceconnect", subject)
    if user is None:
        user = User.objects.filter(email__iexact=email).first() if email else None
        if user is not None:
            if _is_staff_account(user):
                raise AccountError(
                    "Cette adresse est celle d'un compte d'agent : les agents se connectent avec ProConnect "
                    "ou leur mot de passe, pas avec FranceConnect."
                )
            _link(user=user, provider="franceconnect", subject=subject, via="email")
        else:
            if not email:
                raise AccountError("FranceConnect n'a pas transmis d'adresse e-mail : elle est nécessaire.")
            user = User.objects.create_user(email, None, first_name=first_name, last_name=last_name)
            audit_record(actor=user, action="account.register", obj=user, changes={"via": "franceconnect"})
            _link(user=user, provider="franceconnect", subject=subject, via="creation")
    if _is_staff_account(user):
        raise AccountError("Les agents se connectent avec ProConnect ou leur mot de passe.")
    changed = {}
    if (user.first_name, user.last_name) != (first_name, last_name):
        user.first_name, user.last_name = first_name, last_name
        user.save(update_fields=["first_name", "last_name"])
        changed["names"] = "franceconnect"
    profile, _ = CandidateProfile.objects.get_or_create(user=user)
    if birth_date is not None and profile.birth_date != birth_date:
        profile.birth_date = birth_date
        profile.save(update_fields=["birth_date"])
        changed["birth_date"] = "franceconnect"
    if changed:
        audit_record(actor=user, action="account.identity_update", obj=user, changes=changed)
    return user


def personal_data_export(*, user: User) -> bytes:
    """The ZIP of everything the platform holds about ``user`` (cesp/core/personal_data.py), recorded."""
    from cesp.core.personal_data import personal_data_archive

    archive = personal_data_archive(user)
    audit_record(actor=user, action="account.data_export", obj=user, changes={"bytes": len(archive)})
    return archive
