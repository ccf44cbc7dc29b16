"""Demo accounts' second factor: every demo agent (and the demo administrator) gets a TOTP device whose
secret is known (``demo_totp_key``), so that ``manage.py demo_totp`` can print its current code.
Only accounts of the demo domain get one; re-running changes nothing."""

from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from cesp.accounts.models import User
from cesp.accounts.second_factor import DEMO_DOMAIN, TOTP_DEVICE_NAME, demo_totp_key


def demo_agents():
    return (
        User.objects.filter(email__endswith="@" + DEMO_DOMAIN)
        .filter(Q(memberships__is_active=True) | Q(is_staff=True) | Q(is_superuser=True))
        .distinct()
        .order_by("email")
    )


def seed_demo_second_factor() -> int:
    created = 0
    for user in demo_agents():
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(
                user=user, name=TOTP_DEVICE_NAME, key=demo_totp_key(user.email), confirmed=True
            )
            created += 1
    return created
