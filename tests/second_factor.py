"""Signing agents in from tests: agents must pass the second factor (cesp/accounts/second_factor.py).

``log_in(client, user)`` is ``client.force_login`` plus, for an agent or an administrator, a confirmed
TOTP device whose verification is recorded in the session, as django-otp's ``login`` does after a good
code. The second-factor pages themselves are tested for real in tests/accounts/test_second_factor.py,
and browser journeys type real codes (tests/browser/conftest.py::log_in).
"""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from cesp.accounts.models import Membership
from cesp.accounts.second_factor import AUTH_METHOD_SESSION_KEY, PASSWORD, TOTP_DEVICE_NAME

BACKEND = "django.contrib.auth.backends.ModelBackend"


def needs_second_factor(user) -> bool:
    return user.is_staff or user.is_superuser or Membership.objects.active().filter(user=user).exists()


def log_in(client, user):
    client.force_login(user, backend=BACKEND)
    session = client.session
    session[AUTH_METHOD_SESSION_KEY] = PASSWORD
    if needs_second_factor(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name=TOTP_DEVICE_NAME, confirmed=True
        )
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
