"""Log-in by e-mail, Argon2 hashing, throttling, password reset, registration."""

import re

import pytest
from django.contrib.auth.hashers import get_hasher
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from cesp.accounts.models import User
from cesp.core.models import AuditEvent
from tests.factories import PASSWORD, CandidateFactory

pytestmark = pytest.mark.django_db


def login(client, email, password):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR="10.0.0.1"
    )


def test_login_with_email_reaches_home(client):
    CandidateFactory(email="camille@exemple.fr")
    response = login(client, "camille@exemple.fr", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert "Votre espace candidat" in client.get(reverse("web:home")).content.decode()


def test_wrong_password_gives_a_french_message(client):
    CandidateFactory(email="camille@exemple.fr")
    response = login(client, "camille@exemple.fr", "mauvais")
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect." in response.content.decode()


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"])
def test_passwords_are_hashed_with_argon2():
    user = User.objects.create_user("argon@exemple.fr", "Un-mot-de-passe-solide-2026")
    assert user.password.startswith("argon2")
    assert get_hasher("default").algorithm == "argon2"
    assert user.check_password("Un-mot-de-passe-solide-2026")


def test_production_settings_use_argon2_first():
    from cesp import settings

    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_login_is_throttled_after_repeated_failures(client, settings):
    CandidateFactory(email="cible@exemple.fr")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "cible@exemple.fr", "mauvais")
    # Even the right password is refused while the lock lasts.
    response = login(client, "cible@exemple.fr", PASSWORD)
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()


def test_password_reset_by_email(client):
    user = CandidateFactory(email="oubli@exemple.fr")
    response = client.post(reverse("accounts:password_reset"), {"email": "oubli@exemple.fr"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url, {"new_password1": "Nouveau-secret-2026!", "new_password2": "Nouveau-secret-2026!"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Nouveau-secret-2026!")


def test_password_reset_for_unknown_email_says_nothing_more(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "inconnu@exemple.fr"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_candidate_registration_creates_an_audited_account(client):
    response = client.post(
        reverse("accounts:register"),
        {
            "first_name": "Inès",
            "last_name": "Benali",
            "email": "ines@exemple.fr",
            "password": "Un-mot-de-passe-2026!",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="ines@exemple.fr")
    assert hasattr(user, "candidate_profile")
    assert AuditEvent.objects.for_object(user).filter(action="account.register").exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"email": "pas-une-adresse"}, "Saisissez une adresse de courriel valide."),
        ({"password": "123456789012"}, "Ce mot de passe est entièrement numérique."),
        ({"email": "deja@exemple.fr"}, "Un compte existe déjà avec cette adresse e-mail."),
    ],
)
def test_bad_registration_changes_nothing(client, data, message):
    CandidateFactory(email="deja@exemple.fr")
    before = User.objects.count()
    payload = {
        "first_name": "A",
        "last_name": "B",
        "email": "nouveau@exemple.fr",
        "password": "Un-mot-de-passe-2026!",
    }
    response = client.post(reverse("accounts:register"), {**payload, **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == before
