"""A second factor for agents who sign in with a password (TOTP through django-otp, recovery codes).

Who must pass it: every user acting through a membership (every agent role, committee members included)
and the platform's staff (administrators). Candidates are not asked. A session opened through ProConnect
is not asked either: the state's identity provider has authenticated the agent (``AUTH_METHOD_SESSION_KEY``).

``second_factor_middleware`` runs after the membership middleware: a signed-in agent whose session has
not passed the second factor reaches only the second-factor pages and the sign-out; anything else
redirects there (enrolment on the first sign-in, when the agent has no confirmed device yet). It fails
closed: a session that did not come through a sign-in page (a forged or old session) is asked too.

The demo seeds its agents' devices from known secrets (``demo_totp_key``): ``manage.py demo_totp``
prints their current codes. See docs/authentication.md.
"""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

AUTH_METHOD_SESSION_KEY = "cesp_auth_method"
PROCONNECT = "proconnect"
FRANCECONNECT = "franceconnect"
PASSWORD = "password"

TOTP_DEVICE_NAME = "Application d'authentification"
RECOVERY_DEVICE_NAME = "Codes de secours"
RECOVERY_CODE_COUNT = 10
DEMO_DOMAIN = "demo.cesp.fr"

# Pages an agent may reach before passing the second factor (URL names).
OPEN_URL_NAMES = (
    "accounts:second_factor",
    "accounts:second_factor_setup",
    "accounts:second_factor_codes",
    "accounts:logout",
    "set_language",
)


def requires_second_factor(request) -> bool:
    """Agents (any membership) and staff must pass it, unless ProConnect authenticated them."""
    user = request.user
    if not user.is_authenticated:
        return False
    if request.session.get(AUTH_METHOD_SESSION_KEY) == PROCONNECT:
        return False
    return request.current_membership is not None or user.is_staff or user.is_superuser


def confirmed_totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_totp_device(user) -> TOTPDevice:
    """The device being enrolled: created unconfirmed on the first visit, kept until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def recovery_device(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def _open_paths() -> tuple[str, ...]:
    static = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
    return (*(reverse(name) for name in OPEN_URL_NAMES), static)


def second_factor_middleware(get_response):
    def middleware(request):
        if (
            requires_second_factor(request)
            and not request.user.is_verified()
            and not request.path_info.startswith(_open_paths())
        ):
            target = reverse("accounts:second_factor")
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            return redirect(target)
        return get_response(request)

    return middleware


def demo_totp_key(email: str) -> str:
    """The known secret of a demo agent's device (hex, 20 bytes). Only demo accounts get it."""
    return hashlib.sha1(f"cesp-demo-totp:{email.lower()}".encode(), usedforsecurity=False).hexdigest()


def is_demo_device(device: TOTPDevice) -> bool:
    email = device.user.email.lower()
    return email.endswith("@" + DEMO_DOMAIN) and device.key == demo_totp_key(email)


def current_code(device: TOTPDevice, *, at: float | None = None) -> str:
    """The code an authenticator app shows now for ``device`` (demo command, test helpers)."""
    import time

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def next_unused_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now, or the next step's when this step's code was already
    used (a code is accepted once): what the demo's tools and the tests type to sign in again."""
    import time

    device.refresh_from_db(fields=["last_t"])
    return current_code(device, at=max(time.time(), (device.last_t + 1) * device.step))


def set_session_lifetime(sender, request, user, **kwargs):
    """On every sign-in: agents' and administrators' sessions are short, candidates' longer
    (``SESSION_AGENT_SECONDS``, ``SESSION_CANDIDATE_SECONDS``). Connected in AccountsConfig.ready()."""
    from cesp.accounts.models import Membership

    is_staff = user.is_staff or user.is_superuser or Membership.objects.active().filter(user=user).exists()
    request.session.set_expiry(
        settings.SESSION_AGENT_SECONDS if is_staff else settings.SESSION_CANDIDATE_SECONDS
    )
