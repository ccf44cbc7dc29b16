"""Agents who sign in with a password pass a second factor: TOTP enrolment on the first sign-in,
recovery codes, wrong codes counted by django-axes, an audited reset by an administrator."""

import re
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from cesp.accounts import services
from cesp.accounts.roles import Role
from cesp.accounts.second_factor import current_code, demo_totp_key
from cesp.core.models import AuditEvent
from tests.factories import PASSWORD
from tests.second_factor import BACKEND

IP = "10.0.0.7"


def password_login(client, user, next_url=""):
    url = reverse("accounts:login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": user.email, "password": PASSWORD}, REMOTE_ADDR=IP)


def setup_secret(client) -> str:
    page = client.get(reverse("accounts:second_factor_setup"), REMOTE_ADDR=IP).content.decode()
    return re.search(r'data-secret="([A-Z2-7=]+)"', page).group(1)


def enrol(client, user):
    setup_secret(client)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(
        reverse("accounts:second_factor_setup"), {"code": current_code(device), "next": "/"}, REMOTE_ADDR=IP
    )
    assert response.status_code == 302, response.content.decode()
    page = client.get(response["Location"]).content.decode()
    return device, re.findall(r"<li><code>([a-z0-9]+)</code></li>", page)


def test_an_agent_enrols_on_first_sign_in(world, client):
    agent = world.users["ufr_agent"]
    response = password_login(client, agent)
    assert response.status_code == 302
    # Every page leads to the second factor, then to enrolment since the agent has no device yet.
    response = client.get(reverse("web:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:second_factor"))
    response = client.get(response["Location"])
    assert response["Location"].startswith(reverse("accounts:second_factor_setup"))
    page = client.get(response["Location"]).content.decode()
    assert "QR code" in page and "data:image/svg+xml" in page
    device, codes = enrol(client, agent)
    device.refresh_from_db()
    assert device.confirmed
    assert len(codes) == 10 and len(set(codes)) == 10
    assert StaticDevice.objects.get(user=agent).token_set.count() == 10
    assert client.get(reverse("web:home")).status_code == 200
    assert AuditEvent.objects.for_object(agent).filter(action="second_factor.enrol").exists()
    # The codes are shown once.
    assert client.get(reverse("accounts:second_factor_codes")).status_code == 302


def test_a_wrong_enrolment_code_confirms_nothing(world, client):
    agent = world.users["asp_agent"]
    password_login(client, agent)
    setup_secret(client)
    response = client.post(reverse("accounts:second_factor_setup"), {"code": "000000"}, REMOTE_ADDR=IP)
    assert response.status_code == 200
    assert "Code incorrect ou expiré" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=agent, confirmed=True).exists()
    assert not StaticDevice.objects.filter(user=agent).exists()
    assert client.get(reverse("web:home")).status_code == 302


def test_the_next_sign_in_asks_for_a_code_and_keeps_the_target(world, client):
    agent = world.users["dgos_agent"]
    password_login(client, agent)
    device, _ = enrol(client, agent)
    client.post(reverse("accounts:logout"))
    target = reverse("web:organisation")
    response = password_login(client, agent, next_url=target)
    response = client.get(response["Location"])
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:second_factor"))
    verify_url = response["Location"]
    assert "Vérification en deux étapes" in client.get(verify_url).content.decode()
    device.refresh_from_db()
    # The code of the enrolment cannot be replayed; the next step's code (within tolerance) is accepted.
    response = client.post(verify_url, {"code": current_code(device, at=time.time() + 30), "next": target})
    assert response.status_code == 302 and response["Location"] == target
    assert client.get(target).status_code == 200


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0, OTP_STATIC_THROTTLE_FACTOR=0)
def test_a_recovery_code_works_once_and_is_recorded(world, client):
    agent = world.users["ars_referent"]
    password_login(client, agent)
    _, codes = enrol(client, agent)
    for attempt in (1, 2):
        client.post(reverse("accounts:logout"))
        password_login(client, agent)
        response = client.post(reverse("accounts:second_factor"), {"code": codes[0]}, REMOTE_ADDR=IP)
        if attempt == 1:
            assert response.status_code == 302
            assert client.get(reverse("web:home")).status_code == 200
        else:
            assert response.status_code == 200
            assert "Code incorrect ou expiré" in response.content.decode()
    event = AuditEvent.objects.for_object(agent).get(action="second_factor.recovery_code_used")
    assert event.changes == {"codes_left": 9}


def test_candidates_are_not_asked(world, client):
    response = password_login(client, world.users["candidate"])
    assert response.status_code == 302
    assert client.get(reverse("web:home")).status_code == 200
    assert client.get(reverse("accounts:second_factor"))["Location"] == reverse("web:home")


def test_a_session_that_skipped_the_sign_in_page_is_asked_too(world, client):
    """Fail closed: an agent's authenticated session without a verified device reaches nothing."""
    client.force_login(world.users["cng_agent"], backend=BACKEND)
    response = client.get(reverse("web:organisation"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:second_factor"))
    assert client.post(reverse("accounts:switch_membership"), {"membership": "1"}).status_code == 302
    client.force_login(world.users["admin"], backend=BACKEND)
    assert client.get("/admin/")["Location"].startswith(reverse("accounts:second_factor"))


def test_wrong_codes_are_counted_by_axes_and_lock_the_account(world, client, settings):
    agent = world.users["ufr_agent"]
    password_login(client, agent)
    enrol(client, agent)
    client.post(reverse("accounts:logout"))
    password_login(client, agent)
    statuses = [
        client.post(reverse("accounts:second_factor"), {"code": "123456"}, REMOTE_ADDR=IP).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert statuses[-1] == 429
    # Locked out, and signed out: even the right password is refused while the lock lasts.
    assert client.get(reverse("web:home")).context["user"].is_anonymous
    assert password_login(client, agent).status_code == 429


@pytest.mark.parametrize("code", ["", "abc", "1" * 20, "<script>"])
def test_malformed_codes_get_a_french_message(world, client, code):
    agent = world.users["ufr_agent"]
    password_login(client, agent)
    enrol(client, agent)
    client.post(reverse("accounts:logout"))
    password_login(client, agent)
    response = client.post(reverse("accounts:second_factor"), {"code": code}, REMOTE_ADDR=IP)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Code incorrect ou expiré" in page or "Ce champ est obligatoire" in page or "au plus" in page


def test_an_administrator_resets_a_lost_device_with_a_reason(world, client):
    agent = world.users["asp_agent"]
    password_login(client, agent)
    enrol(client, agent)
    admin_client = client.__class__()
    from tests.second_factor import log_in

    log_in(admin_client, world.users["admin"])
    changelist = reverse("admin:accounts_user_changelist")
    form = admin_client.post(changelist, {"action": "reset_second_factor", "_selected_action": [agent.pk]})
    assert "Motif" in form.content.decode()
    assert TOTPDevice.objects.filter(user=agent).exists()  # nothing until the reason is given
    response = admin_client.post(
        changelist,
        {
            "action": "reset_second_factor",
            "_selected_action": [agent.pk],
            "apply": "1",
            "reason": "Téléphone perdu",
        },
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=agent).exists()
    assert not StaticDevice.objects.filter(user=agent).exists()
    event = AuditEvent.objects.for_object(agent).get(action="second_factor.reset")
    assert (event.actor, event.reason) == (world.users["admin"], "Téléphone perdu")
    # The agent's open session is no longer verified: they enrol again.
    assert client.get(reverse("web:home"))["Location"].startswith(reverse("accounts:second_factor"))


def test_a_reset_needs_a_reason(world):
    with pytest.raises(services.AccountError, match="motif"):
        services.second_factor_reset(actor=world.users["admin"], user=world.users["asp_agent"], reason=" ")


def test_the_admin_never_shows_the_secrets(world, client):
    from tests.second_factor import log_in

    log_in(client, world.users["admin"])
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404


def test_demo_totp_prints_the_codes_of_demo_devices_only(world):
    from tests import factories

    demo = factories.UserFactory(email="agent.asp@demo.cesp.fr")
    factories.MembershipFactory(user=demo, organisation=world.asp, role=Role.ASP_AGENT)
    device = TOTPDevice.objects.create(user=demo, key=demo_totp_key(demo.email), confirmed=True)
    TOTPDevice.objects.create(user=world.users["asp_agent"], confirmed=True)  # a real, random secret
    out = StringIO()
    call_command("demo_totp", stdout=out)
    assert f"agent.asp@demo.cesp.fr : {current_code(device)}" in out.getvalue() or (
        "agent.asp@demo.cesp.fr" in out.getvalue()  # the step may have turned between the two reads
    )
    assert "asp@exemple.fr" not in out.getvalue()
    with pytest.raises(CommandError, match="pas un compte de démonstration"):
        call_command("demo_totp", "asp@exemple.fr", stdout=StringIO())


@override_settings(DEBUG=True, DEMO_SECOND_FACTOR_HINT=True)
def test_the_demo_hint_shows_the_code_of_demo_accounts_only(world, client):
    from tests import factories

    demo = factories.UserFactory(email="agent.dgos@demo.cesp.fr")
    factories.MembershipFactory(user=demo, organisation=world.dgos, role=Role.DGOS_AGENT)
    TOTPDevice.objects.create(user=demo, key=demo_totp_key(demo.email), confirmed=True)
    password_login(client, demo)
    assert 'id="demo-code"' in client.get(reverse("accounts:second_factor")).content.decode()
    client.post(reverse("accounts:logout"))
    TOTPDevice.objects.create(user=world.users["dgos_agent"], confirmed=True)
    password_login(client, world.users["dgos_agent"])
    assert 'id="demo-code"' not in client.get(reverse("accounts:second_factor")).content.decode()


def test_session_lifetimes_depend_on_the_role(world, client, settings):
    password_login(client, world.users["ufr_agent"])
    assert client.session.get_expiry_age() == settings.SESSION_AGENT_SECONDS
    client.post(reverse("accounts:logout"))
    password_login(client, world.users["candidate"])
    assert client.session.get_expiry_age() == settings.SESSION_CANDIDATE_SECONDS
    assert settings.SESSION_AGENT_SECONDS < settings.SESSION_CANDIDATE_SECONDS
