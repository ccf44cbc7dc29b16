"""A student uses the public simulator on a phone and on a desktop."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot


def fill_situation(page):
    page.get_by_label("Formation").select_option("medecine")
    page.get_by_label("Situation à la signature").select_option("student")
    page.get_by_label("Année universitaire de la campagne").select_option("2024-2025")
    page.get_by_label("Date de dépôt de la candidature").fill("2024-12-02")
    page.get_by_label("Date de signature du contrat").fill("2025-07-20")
    page.get_by_label("Fin prévue des études").fill("2029-10-31")
    page.get_by_label("Suspension prévue : premier mois").fill("2026-01-01")
    page.get_by_label("Durée de la suspension (mois)").fill("4")
    page.get_by_label("Motif de la suspension").select_option("maternity")
    page.get_by_label("Report d'installation demandé (mois)").fill("12")
    page.get_by_label("Et si je rompais mon contrat le…").fill("2031-06-30")
    page.get_by_role("button", name="Simuler").click()
    page.wait_for_load_state()


def test_simulator_on_a_phone(new_page, transactional_db):
    page = new_page(phone=True)
    page.goto("/simulateur/")
    assert_accessible(page, "simulator-empty")
    fill_situation(page)
    results = page.locator("#resultat")
    assert "57 mois" in results.inner_text()
    assert "68\u202f400,00\u00a0€" in results.inner_text()
    assert "Si vous rompiez le contrat le" in results.inner_text()
    page.locator("[aria-controls=annee-2025]").click()  # open one year of the month-by-month table
    expect(page.get_by_role("cell", name="juil. 2025")).to_be_visible()
    screenshot(page, "simulator-phone")
    assert_accessible(page, "simulator-result-phone")


def test_simulator_on_a_desktop_shows_the_rule_that_forbids_an_input(new_page, transactional_db):
    page = new_page()
    page.goto("/simulateur/")
    fill_situation(page)
    screenshot(page, "simulator-desktop")
    page.get_by_label("Formation").select_option("pharmacie")
    page.get_by_role("button", name="Simuler").click()
    page.wait_for_load_state()
    assert "Cette situation n'est pas possible" in page.locator("#resultat").inner_text()
    screenshot(page, "simulator-refused")
    assert_accessible(page, "simulator-refused")
