"""ProConnect and FranceConnect without a browser: the callback refuses what is not this session's fresh
sign-in, the identity is mapped to our users (tests/browser/test_state_sign_in.py runs the real flow)."""

import time

import pytest
from django.urls import reverse

from cesp.accounts import services
from cesp.accounts.models import ExternalIdentity, User
from cesp.core.models import AuditEvent

ISSUER = "http://127.0.0.1:9/openid"  # nothing listens there: no test here reaches a provider


@pytest.fixture
def configured(settings):
    settings.OIDC_PROVIDERS = {
        name: {"issuer": ISSUER, "client_id": f"cesp-{name}", "client_secret": "s", "scopes": "openid email"}
        for name in ("proconnect", "franceconnect")
    }


def with_state(client, state="etat-connu", provider="proconnect", added_on=None):
    session = client.session
    session["oidc_states"] = {
        state: {
            "nonce": "n",
            "code_verifier": "v" * 64,
            "added_on": time.time() if added_on is None else added_on,
            "provider": provider,
        }
    }
    session.save()


def test_providers_not_configured_are_not_offered(client, db):
    assert client.get(reverse("accounts:proconnect_start")).status_code == 404
    assert "ProConnect" not in client.get(reverse("accounts:login")).content.decode()


def test_configured_providers_show_their_buttons(client, db, configured):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "S’identifier avec" in page and "ProConnect" in page and "FranceConnect" in page


def test_an_unreachable_provider_gets_a_french_page(client, db, configured):
    response = client.get(reverse("accounts:proconnect_start"))
    assert response.status_code == 503
    assert "ProConnect ne répond pas pour le moment" in response.content.decode()


@pytest.mark.parametrize(
    "query, message",
    [
        ("?code=abc&state=inconnu", "pas attendue"),
        ("?state=etat-connu", "pas attendue"),
        ("?error=access_denied&state=etat-connu", "annulée ou refusée"),
        ("", "pas attendue"),
    ],
)
def test_an_unexpected_answer_is_refused_and_its_state_spent(client, db, configured, query, message):
    with_state(client)
    response = client.get(reverse("accounts:proconnect_callback") + query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "_auth_user_id" not in client.session
    if "state=etat-connu" in query:
        assert "etat-connu" not in client.session["oidc_states"]


def test_an_answer_meant_for_the_other_provider_is_refused(client, db, configured):
    with_state(client, provider="franceconnect")
    response = client.get(reverse("accounts:proconnect_callback") + "?code=abc&state=etat-connu")
    assert response.status_code == 400 and "pas attendue" in response.content.decode()


def test_an_expired_answer_is_refused(client, db, configured, settings):
    with_state(client, added_on=time.time() - settings.OIDC_STATE_MAX_AGE - 1)
    response = client.get(reverse("accounts:proconnect_callback") + "?code=abc&state=etat-connu")
    assert response.status_code == 400 and "La connexion a expiré" in response.content.decode()


def test_password_sign_in_never_reaches_the_oidc_backend(client, world, configured):
    from tests.factories import PASSWORD

    response = client.post(
        reverse("accounts:login"),
        {"username": "candidate@exemple.fr", "password": PASSWORD},
        REMOTE_ADDR="10.1.1.1",
    )
    assert response.status_code == 302


def test_proconnect_links_an_agent_by_email_then_by_subject(world):
    agent = world.users["asp_agent"]
    assert services.proconnect_sign_in(claims={"sub": "pc-1", "email": "ASP@exemple.fr"}) == agent
    assert ExternalIdentity.objects.get(provider="proconnect", subject="pc-1").user == agent
    assert AuditEvent.objects.for_object(agent).filter(action="account.identity_link").exists()
    # Later, the subject decides, whatever the e-mail now says.
    assert services.proconnect_sign_in(claims={"sub": "pc-1", "email": "nouvelle@exemple.fr"}) == agent


@pytest.mark.parametrize("email", ["candidate@exemple.fr", "personne@exemple.fr"])
def test_proconnect_refuses_whoever_has_no_membership(world, email):
    with pytest.raises(services.NoMembershipError):
        services.proconnect_sign_in(claims={"sub": "pc-2", "email": email})
    assert not ExternalIdentity.objects.exists()


def test_proconnect_refuses_an_agent_whose_membership_was_revoked(world):
    agent = world.users["cng_agent"]
    services.proconnect_sign_in(claims={"sub": "pc-3", "email": agent.email})
    agent.memberships.update(is_active=False)
    with pytest.raises(services.NoMembershipError):
        services.proconnect_sign_in(claims={"sub": "pc-3", "email": agent.email})


def test_franceconnect_fills_an_existing_candidate_profile(world):
    candidate = world.users["candidate"]
    claims = {
        "sub": "fc-1",
        "email": candidate.email,
        "given_name": "Camille",
        "family_name": "Martin",
        "birthdate": "1999-04-12",
    }
    assert services.franceconnect_sign_in(claims=claims) == candidate
    candidate.refresh_from_db()
    assert (candidate.first_name, candidate.last_name) == ("Camille", "Martin")
    assert candidate.candidate_profile.birth_date.isoformat() == "1999-04-12"
    event = AuditEvent.objects.for_object(candidate).get(action="account.identity_update")
    assert "1999" not in str(event.changes)  # the audit names the source, not the data


def test_franceconnect_creates_a_candidate_without_password(db):
    claims = {"sub": "fc-2", "email": "nouveau@exemple.fr", "given_name": "Nora", "family_name": "Ali"}
    user = services.franceconnect_sign_in(claims=claims)
    assert User.objects.get(email="nouveau@exemple.fr") == user
    assert not user.has_usable_password() and hasattr(user, "candidate_profile")


def test_franceconnect_never_signs_an_agent_in(world):
    with pytest.raises(services.AccountError, match="ProConnect"):
        services.franceconnect_sign_in(
            claims={"sub": "fc-3", "email": "ufr@exemple.fr", "given_name": "A", "family_name": "B"}
        )


@pytest.mark.parametrize(
    "claims", [{}, {"sub": "fc-4"}, {"sub": "fc-4", "family_name": "B"}, {"sub": "", "family_name": "B"}]
)
def test_franceconnect_with_missing_identity_is_refused(db, claims):
    with pytest.raises(services.AccountError):
        services.franceconnect_sign_in(claims=claims)
    assert not User.objects.exists()


def test_a_password_session_logs_out_locally(client, world):
    from tests.second_factor import log_in

    log_in(client, world.users["candidate"])
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response["Location"].endswith(reverse("web:home"))
    assert "_auth_user_id" not in client.session
