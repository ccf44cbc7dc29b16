"""French by default; the English catalogue is wired and switchable."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_french_by_default(client):
    page = client.get(reverse("web:home")).content.decode()
    assert 'lang="fr"' in page and "Étudier la santé" in page


def test_switch_to_english_and_back(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("web:simulator")).content.decode()
    assert "Simulator of the public service commitment contract" in page
    assert "Log in" in page and 'lang="en"' in page
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert "Simulateur du contrat" in client.get(reverse("web:simulator")).content.decode()
