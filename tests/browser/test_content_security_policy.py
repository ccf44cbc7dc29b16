"""The Content-Security-Policy is sent and enforced: the journeys' console watch (conftest.new_page)
would see an inline script or style refused — this proves that watch can fail."""

from tests.browser.conftest import is_csp_violation


def test_an_inline_script_is_refused_and_reported(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url)
    try:
        page = context.new_page()
        seen = []
        page.on("console", lambda message: seen.append(message.text))
        response = page.goto("/")
        policy = response.headers["content-security-policy"]
        assert (
            "script-src 'self'" in policy
            and "'unsafe-inline'" not in policy
            and "'unsafe-eval'" not in policy
        )
        assert "style-src 'self'" in policy and "frame-ancestors 'none'" in policy
        page.evaluate(
            "() => { const s = document.createElement('script'); s.textContent = 'window.pwned = 1';"
            " document.head.appendChild(s); }"
        )
        page.wait_for_timeout(200)
        assert page.evaluate("() => window.pwned") is None
        assert any(is_csp_violation(text) for text in seen), seen
    finally:
        context.close()
