"""ProConnect and FranceConnect sign-in, in Chromium, against a real OpenID Connect provider that the
test starts on loopback (django-oidc-provider in its own Django process, tests/oidc_provider/).

The authorisation code flow with PKCE, state and nonce; the identity mapped to our users; logout
propagated to the provider; a replayed answer, a nonce that is not this sign-in's and a tampered ID token
refused with a French page, nobody signed in.
"""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.sessions.backends.db import SessionStore

from cesp.accounts.models import ExternalIdentity, User
from tests.browser.conftest import assert_accessible, screenshot

ROOT = Path(__file__).resolve().parents[2]
PROVIDER_PASSWORD = "mot-de-passe-du-fournisseur"
PEOPLE = [
    {"username": "agent.pc", "email": "ufr@exemple.fr", "first_name": "Agnès", "last_name": "Faculté"},
    {
        "username": "inconnu.pc",
        "email": "sans-rattachement@exemple.fr",
        "first_name": "Ivan",
        "last_name": "X",
    },
    {
        "username": "camille.fc",
        "email": "camille.fc@exemple.fr",
        "first_name": "Camille",
        "last_name": "Durand",
    },
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    url = f"http://127.0.0.1:{free_port()}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "OP_URL": url,
        "OP_DB": str(tmp_path_factory.mktemp("oidc") / "provider.sqlite3"),
        "RP_URL": live_server.url,
        "OP_USERS": json.dumps([{**p, "password": PROVIDER_PASSWORD} for p in PEOPLE]),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    line = process.stdout.readline()
    if "READY" not in line:
        process.kill()
        pytest.fail(f"Le fournisseur OIDC de test n'a pas démarré : {line}{process.stdout.read()}")
    yield f"{url}/openid"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def providers_configured(provider, settings):
    settings.OIDC_PROVIDERS = {
        name: {
            "issuer": provider,
            "client_id": f"cesp-{name}",
            "client_secret": f"secret-{name}",
            "scopes": "openid email profile",
            "acr_values": "",
            "sign_algo": "RS256",
        }
        for name in ("proconnect", "franceconnect")
    }
    from cesp.settings import csp_form_action

    policy = {**settings.CONTENT_SECURITY_POLICY}
    policy["DIRECTIVES"] = {**policy["DIRECTIVES"], "form-action": csp_form_action(settings.OIDC_PROVIDERS)}
    settings.CONTENT_SECURITY_POLICY = policy
    return provider


def start(page, brand: str, provider_requests: list):
    page.on("request", lambda request: provider_requests.append(request.url))
    page.goto("/compte/connexion/")
    page.get_by_role("link", name=f"S’identifier avec {brand}").click()
    page.wait_for_load_state()


def provider_login(page, username: str):
    assert "Fournisseur d'identité de test" in page.content()
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe du fournisseur").fill(PROVIDER_PASSWORD)
    page.get_by_role("button", name="Se connecter au fournisseur").click()
    page.wait_for_load_state()


def authorize_params(urls: list, issuer: str) -> dict:
    authorize = next(u for u in urls if u.startswith(f"{issuer}/authorize"))
    return {k: v[0] for k, v in parse_qs(urlparse(authorize).query).items()}


def test_an_agent_signs_in_with_proconnect_and_out_at_the_provider(
    world, new_page, transactional_db, providers_configured, live_server
):
    page = new_page()
    seen = []
    start(page, "ProConnect", seen)
    params = authorize_params(seen, providers_configured)
    assert params["response_type"] == "code"
    assert params["code_challenge_method"] == "S256" and len(params["code_challenge"]) == 43
    assert len(params["state"]) == 32 and len(params["nonce"]) == 32
    provider_login(page, "agent.pc")
    # Back on the platform, signed in as the UFR agent, without a second factor: ProConnect authenticated.
    assert "UFR de médecine de Lille" in page.locator("h1").first.inner_text()
    assert "/compte/verification/" not in page.url
    agent = world.users["ufr_agent"]
    assert ExternalIdentity.objects.filter(user=agent, provider="proconnect").exists()
    screenshot(page, "proconnect-signed-in")
    # Sign out: here, and at the provider (its end-session endpoint), then back home.
    page.get_by_role("button", name="Se déconnecter").first.click()
    page.wait_for_load_state()
    assert any(u.startswith(f"{providers_configured}/end-session") for u in seen)
    assert page.url.startswith(live_server.url)
    assert page.get_by_role("link", name="Se connecter").count() >= 1
    # The provider's own session is over: a new sign-in asks for the provider's password again.
    start(page, "ProConnect", seen)
    assert "Fournisseur d'identité de test" in page.content()


def test_a_candidate_signs_in_with_franceconnect_and_gets_the_state_identity(
    world, new_page, transactional_db, providers_configured
):
    page = new_page(phone=True)
    start(page, "FranceConnect", [])
    provider_login(page, "camille.fc")
    assert "Bonjour" in page.locator("h1").first.inner_text()
    user = User.objects.get(email="camille.fc@exemple.fr")
    assert (user.first_name, user.last_name) == ("Camille", "Durand")
    assert user.candidate_profile.birth_date.isoformat() == "1999-04-12"
    assert not user.has_usable_password()
    assert ExternalIdentity.objects.filter(user=user, provider="franceconnect").exists()
    screenshot(page, "franceconnect-signed-in-phone")


def test_an_agent_without_membership_sees_a_clear_page(
    world, new_page, transactional_db, providers_configured
):
    page = new_page()
    start(page, "ProConnect", [])
    provider_login(page, "inconnu.pc")
    assert "Connexion avec ProConnect impossible" in page.locator("h1").inner_text()
    assert "aucun rattachement" in page.content()
    assert page.get_by_role("link", name="Se connecter").count() >= 1  # nobody signed in
    assert_accessible(page, "proconnect-no-membership")


def test_a_replayed_answer_is_refused(world, new_page, transactional_db, providers_configured):
    page = new_page()
    callbacks = []
    page.on(
        "request", lambda r: callbacks.append(r.url) if "/compte/franceconnect/retour/" in r.url else None
    )
    start(page, "FranceConnect", [])
    provider_login(page, "camille.fc")
    assert "Bonjour" in page.locator("h1").first.inner_text()
    page.get_by_role("button", name="Se déconnecter").first.click()
    page.wait_for_load_state()
    page.goto(callbacks[0])  # the same code and state, a second time
    assert "Connexion avec FranceConnect impossible" in page.locator("h1").inner_text()
    assert "déjà été utilisée" in page.content()
    assert page.get_by_role("link", name="Se connecter").count() >= 1


def session_of(page) -> SessionStore:
    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    return SessionStore(session_key=cookie["value"])


def test_an_id_token_whose_nonce_is_not_this_sign_ins_is_refused(
    world, new_page, transactional_db, providers_configured
):
    """While the person is at the provider, the nonce the platform expects is changed in its session:
    the genuine ID token (signed by the provider) then carries another sign-in's nonce."""
    page = new_page()
    start(page, "ProConnect", [])
    session = session_of(page)
    states = session["oidc_states"]
    for entry in states.values():
        entry["nonce"] = "nonce-d-une-autre-connexion-0123456"
    session["oidc_states"] = states
    session.save()
    provider_login(page, "agent.pc")
    assert "Connexion avec ProConnect impossible" in page.locator("h1").inner_text()
    assert "nonce" in page.content()
    assert not ExternalIdentity.objects.exists()


@pytest.mark.parametrize("tamper", ["payload", "signature"])
def test_a_tampered_id_token_is_refused(
    world, new_page, transactional_db, providers_configured, monkeypatch, tamper
):
    """Between the provider and the platform, the ID token is altered: its claims rewritten to another
    person's (the signature no longer matches), or its signature replaced."""
    import base64

    from cesp.accounts.oidc import StateProviderBackend

    genuine = StateProviderBackend.get_token

    def tampered_get_token(self, payload):
        tokens = genuine(self, payload)
        header, body, signature = tokens["id_token"].split(".")
        if tamper == "payload":
            claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
            claims["sub"] = "quelqu-un-d-autre"
            body = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
        else:
            signature = base64.urlsafe_b64encode(b"\0" * 256).decode().rstrip("=")
        tokens["id_token"] = f"{header}.{body}.{signature}"
        return tokens

    monkeypatch.setattr(StateProviderBackend, "get_token", tampered_get_token)
    page = new_page()
    start(page, "ProConnect", [])
    provider_login(page, "agent.pc")
    assert "Connexion avec ProConnect impossible" in page.locator("h1").inner_text()
    assert "jeton d'identité reçu de ProConnect n'est pas valide" in page.content()
    assert page.get_by_role("link", name="Se connecter").count() >= 1
    assert not ExternalIdentity.objects.exists()
