"""Error pages without a browser: the bare fallback, a request too large, the developer's opt-in."""

import pytest
from django.urls import reverse

from cesp.core import errors

pytestmark = pytest.mark.django_db


def test_a_request_body_too_large_is_a_400_page_of_the_site(client, settings):
    client.raise_request_exception = False
    response = client.post(
        reverse("accounts:login"), {"username": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Demande incorrecte" in page and 'class="fr-header' in page


def test_when_the_layout_cannot_render_a_bare_page_still_says_it_in_french(rf, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("base de données indisponible")

    monkeypatch.setattr(errors, "render", broken)
    response = errors.server_error(rf.get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Erreur inattendue" in page and "Retour à l&#x27;accueil" in page and "base de données" not in page


def test_a_developer_may_ask_for_djangos_technical_pages(client, settings):
    settings.DEBUG = True
    settings.DEBUG_TECHNICAL_PAGES = True
    response = client.get("/adresse/inconnue/")
    assert response.status_code == 404 and "urlpatterns" in response.content.decode().replace(
        "URLconf", "urlpatterns"
    )
    settings.DEBUG_TECHNICAL_PAGES = False
    page = client.get("/adresse/inconnue/").content.decode()
    assert "Page introuvable" in page and "URLconf" not in page


def test_technical_pages_are_never_shown_without_debug(settings):
    settings.DEBUG, settings.DEBUG_TECHNICAL_PAGES = False, True
    assert not errors.technical_pages_allowed()
