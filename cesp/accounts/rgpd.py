"""What the accounts app gives a person about them: identity, profile, roles, sign-in identities, second
factor devices (names and dates, never secrets), and the audit events they did or that concern them."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from cesp.accounts.models import CandidateProfile, ExternalIdentity, Membership, User
from cesp.core.models import AuditEvent
from cesp.core.personal_data import PersonalData, rows


def collect(user) -> PersonalData:
    about_user = Q(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk))
    return PersonalData(
        records={
            "compte": rows(
                User.objects.filter(pk=user.pk),
                "email",
                "first_name",
                "last_name",
                "is_active",
                "date_joined",
                "last_login",
            ),
            "profil_candidat": rows(
                CandidateProfile.objects.filter(user=user), "birth_date", "phone", "faculty_id"
            ),
            "rattachements": rows(
                Membership.objects.filter(user=user), "organisation__name", "role", "is_active", "created_at"
            ),
            "identites_externes": rows(
                ExternalIdentity.objects.filter(user=user),
                "provider",
                "subject",
                "created_at",
                "last_used_at",
            ),
            "second_facteur": rows(TOTPDevice.objects.filter(user=user), "name", "confirmed", "created_at")
            + rows(StaticDevice.objects.filter(user=user), "name", "confirmed", "created_at"),
            "journal": rows(
                AuditEvent.objects.filter(Q(actor=user) | about_user).order_by("created_at"),
                "created_at",
                "action",
                "object_repr",
                "changes",
                "reason",
            ),
        }
    )
