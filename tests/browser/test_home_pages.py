"""Each role logs in through the real form and reaches its home page, on a desktop and on a phone."""

import pytest

from tests.browser.conftest import assert_accessible, log_in, screenshot
from tests.conftest import ROLES
from tests.factories import PASSWORD

HOME_HEADINGS = {
    "candidate": "Bonjour",
    "ufr_agent": "UFR de médecine de Lille",
    "committee_member": "UFR de médecine de Lille",
    "ars_referent": "ARS Hauts-de-France",
    "asp_agent": "ASP",
    "dgos_agent": "DGOS",
    "cng_agent": "CNG",
    "admin": "Administration de la plateforme",
}


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_each_role_logs_in_and_reaches_its_home(role, world, new_page, transactional_db):
    page = new_page()
    log_in(page, world.users[role].email, PASSWORD)
    heading = page.locator("h1").first
    assert HOME_HEADINGS[role] in heading.inner_text()
    assert page.locator("html").get_attribute("lang") == "fr"
    screenshot(page, f"home-{role}")
    assert_accessible(page, f"home-{role}")

    phone = new_page(phone=True)
    log_in(phone, world.users[role].email, PASSWORD)
    assert HOME_HEADINGS[role] in phone.locator("h1").first.inner_text()
    screenshot(phone, f"home-{role}-phone")


def test_public_pages_are_accessible(world, new_page, transactional_db):
    page = new_page()
    for path, name in [
        ("/", "public-home"),
        ("/compte/connexion/", "login"),
        ("/compte/inscription/", "register"),
    ]:
        page.goto(path)
        screenshot(page, name)
        assert_accessible(page, name)
    phone = new_page(phone=True)
    phone.goto("/")
    screenshot(phone, "public-home-phone")
    assert_accessible(phone, "public-home-phone")


def test_bad_login_shows_a_french_message(world, new_page, transactional_db):
    page = new_page()
    log_in(page, "candidate@exemple.fr", "mauvais")
    assert "Adresse e-mail ou mot de passe incorrect." in page.content()
    assert_accessible(page, "login-error")


def test_the_accessibility_check_can_fail(new_page):
    """Guard: axe-core really runs and reports a serious violation (an image without alternative)."""
    page = new_page()
    page.set_content(
        '<html lang="fr"><head><title>t</title></head><body><main><img src="x.png"></main></body></html>'
    )
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page, "broken")
