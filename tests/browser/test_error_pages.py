"""Error pages (400, 403, 404, 500, CSRF failure) and the lockout page are pages of the site: its
header and footer, the user's language, a way back, no list of URL patterns even with DEBUG on (the
demo), and a favicon (issue 11, item 8)."""

import pytest

from tests.browser.conftest import DESKTOP, assert_accessible, log_in, screenshot
from tests.factories import PASSWORD

ERROR_URLS = "tests.browser.error_urls"


@pytest.fixture
def page_in(browser, live_server):
    """``page_in(language)``: a fresh context whose browser asks for ``language`` (fr-FR, en-GB)."""
    contexts = []

    def make(language="fr-FR"):
        context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale=language)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def assert_site_page(page, *, status_title: str, name: str, back: str = "Retour"):
    assert page.locator("header.fr-header").count() == 1, "the state's header is missing"
    assert page.locator("footer.fr-footer").count() == 1, "the footer is missing"
    assert status_title in page.locator("h1").inner_text()
    assert page.locator("main a.fr-btn", has_text=back).count() >= 1, "no way back"
    assert page.locator('link[rel="icon"]').count() >= 1
    content = page.content()
    for leak in ("Traceback", "Using the URLconf", "DEBUG = True", "urlpatterns", "Django tried these URL"):
        assert leak not in content, leak
    screenshot(page, name)
    assert_accessible(page, name)


def test_404_in_french_with_a_way_home(world, page_in, transactional_db):
    page = page_in()
    response = page.goto("/cette-page-n-existe-pas/")
    assert response.status == 404
    assert_site_page(page, status_title="Page introuvable", name="error-404")
    assert page.get_by_role("link", name="Se connecter").count() >= 1
    page.locator("main").get_by_role("link", name="Retour à l'accueil").click()
    page.wait_for_load_state()
    assert "Le contrat d'engagement de service public" in page.locator("h1").inner_text()


def test_404_in_english_for_an_english_browser(world, page_in, transactional_db):
    page = page_in("en-GB")
    response = page.goto("/this-page-does-not-exist/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "en"
    assert_site_page(page, status_title="Page not found", name="error-404-en", back="Back")


def test_demo_404_lists_no_urls_for_a_logged_in_user(world, page_in, transactional_db, settings):
    settings.DEBUG = True  # as in `make demo`
    page = page_in()
    log_in(page, world.users["candidate"].email, PASSWORD)
    response = page.goto("/candidatures/dossiers/999999/")  # a file that is not theirs (Http404 in the view)
    assert response.status == 404
    assert_site_page(page, status_title="Page introuvable", name="error-404-demo-view")
    response = page.goto("/adresse/inconnue/")  # no route at all: Django's list of URL patterns
    assert response.status == 404
    assert_site_page(page, status_title="Page introuvable", name="error-404-demo-route")


def test_403_for_a_page_of_another_role(world, page_in, transactional_db):
    page = page_in()
    log_in(page, world.users["candidate"].email, PASSWORD)
    response = page.goto("/candidatures/instruction/")
    assert response.status == 403
    assert_site_page(page, status_title="Accès refusé", name="error-403", back="Retour à mon espace")


@pytest.mark.parametrize("debug", [False, True], ids=["production", "demo"])
def test_500_and_400_are_pages_of_the_site(world, page_in, transactional_db, settings, debug):
    settings.ROOT_URLCONF = ERROR_URLS
    settings.DEBUG = debug
    page = page_in()
    response = page.goto("/test-erreurs/panne/")
    assert response.status == 500
    assert_site_page(page, status_title="Erreur inattendue", name=f"error-500-{'demo' if debug else 'prod'}")
    response = page.goto("/test-erreurs/douteuse/")
    assert response.status == 400
    assert_site_page(page, status_title="Demande incorrecte", name=f"error-400-{'demo' if debug else 'prod'}")


def test_an_expired_form_says_so(world, page_in, transactional_db):
    page = page_in()
    page.goto("/compte/connexion/")
    page.context.clear_cookies()  # the CSRF cookie is gone: the form's token no longer matches
    page.get_by_label("Adresse e-mail").fill(world.users["candidate"].email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    assert_site_page(page, status_title="Page expirée", name="error-403-csrf")


@pytest.mark.parametrize(
    "language, title, back",
    [
        ("fr-FR", "Connexion temporairement bloquée", "Retour à l'accueil"),
        ("en-GB", "Login temporarily blocked", "Back to the home page"),
    ],
)
def test_the_lockout_page_is_a_page_of_the_site(
    world, page_in, transactional_db, settings, language, title, back
):
    page = page_in(language)
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        page.goto("/compte/connexion/")
        page.locator("#id_username").fill(world.users["candidate"].email)
        page.locator("#id_password").fill("mauvais mot de passe")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
    assert title in page.locator("h1").inner_text()
    assert_site_page(page, status_title=title, name=f"lockout-{language}", back=back)


def test_the_favicon_is_served(world, page_in, transactional_db):
    page = page_in()
    response = page.goto("/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"] in ("image/x-icon", "image/vnd.microsoft.icon")
