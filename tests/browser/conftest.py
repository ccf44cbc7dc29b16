"""Browser tests: Playwright for Python driving Debian's Chromium (never a downloaded browser).

Under CI (CI=true) Chromium must be there (`scripts/ensure-browser` installs it) and a missing browser
fails the run; elsewhere the tests are skipped with a message saying how to install it.
Screenshots go to test-artefacts/screenshots/; axe-core checks each page for serious or critical
accessibility violations.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls in the same test are
# still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artefacts" / "screenshots"
AXE_JS = Path(__file__).with_name("vendor") / "axe-core-4.14.1.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium est absent ({CHROMIUM}) : installez-le avec « sudo apt-get install chromium »."
        if os.environ.get("CI") == "true":
            pytest.fail(message + " En CI les tests navigateur sont obligatoires.")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def is_csp_violation(text: str) -> bool:
    return "Content Security Policy" in text or "Content-Security-Policy" in text


@pytest.fixture
def new_page(browser, live_server):
    """``new_page(phone=False)`` opens a fresh browser context against the live server. Every page
    must load under the platform's Content-Security-Policy with no violation reported in the console."""
    contexts = []
    violations = []

    def watcher(page):
        def watch(message):
            if is_csp_violation(message.text):
                violations.append(f"{page.url} — {message.text}")

        return watch

    def make(phone: bool = False):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=PHONE if phone else DESKTOP,
            locale="fr-FR",
            is_mobile=phone,
            has_touch=phone,
        )
        # Generous: a signature renders and seals a PDF, and CI machines may be loaded. A test never
        # measures time; performance is in bench/.
        context.set_default_timeout(60_000)
        context.set_default_navigation_timeout(90_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", watcher(page))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not violations, "Violations de la Content-Security-Policy :\n" + "\n".join(violations)


def screenshot(page, name: str) -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_accessible(page, name: str) -> None:
    """No serious or critical axe-core violation on the page as it stands."""
    # Evaluated through the DevTools protocol, which the page's CSP does not govern (a <script> tag
    # added by the test would be refused, as it should be).
    page.evaluate(AXE_JS.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    details = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in bad
    )
    assert not bad, f"Accessibilité ({name}) :\n{details}"


def log_in(page, email: str, password: str) -> None:
    """Sign in as a person would: the password, then, for agents, the second factor for real — the
    enrolment (the key read from the page, its code computed as an authenticator app does, the recovery
    codes acknowledged) or the verification (a code of the agent's device)."""
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    pass_second_factor(page, email)


def pass_second_factor(page, email: str) -> None:
    import base64

    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cesp.accounts.second_factor import next_unused_code

    if "/compte/verification/activer/" in page.url:
        secret = page.locator("#totp-secret").get_attribute("data-secret")
        totp = TOTP(base64.b32decode(secret), 30, 0, 6)
        page.get_by_label("Code affiché par l'application").fill(f"{totp.token():06d}")
        page.get_by_role("button", name="Activer").click()
        page.wait_for_load_state()
        assert page.locator("#recovery-codes li").count() == 10
        page.get_by_role("link", name="J'ai conservé mes codes, continuer").click()
        page.wait_for_load_state()
    elif "/compte/verification/" in page.url:
        device = TOTPDevice.objects.get(user__email=email, confirmed=True)
        page.get_by_label("Code de vérification").fill(next_unused_code(device))
        page.get_by_role("button", name="Vérifier").click()
        # The click returns before the redirect: wait until the page has left the verification step.
        page.wait_for_url(lambda url: "/compte/verification/" not in url)
