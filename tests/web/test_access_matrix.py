"""Every URL of the project × every role, anonymous included.

The test walks the URL resolver (tests/web/sweep.py, the one walk every sweep shares), so a new URL
fails here until its expected answers are written in tests/access/: later work must extend this
matrix and cannot bypass it. The expected answers live in tests/access/ (one module per app): per
role, the status code of a GET (302 to the login page for anonymous users on private pages). Pages needing an object take one built from the world fixture:
an object of UFR A / region A, so that the matrix also shows who is refused.
"""

import pytest
from django.urls import reverse

from tests import access
from tests.conftest import ROLES
from tests.web import sweep

# The Django admin: only the platform administrators get in; everyone else is sent to its login page.
ADMIN_PUBLIC = {"admin:login", "admin:logout"}
EXPECTED = access.expected()


def test_every_url_has_expected_answers():
    missing = [
        name for name in sweep.all_url_names() if not name.startswith("admin:") and name not in EXPECTED
    ]
    assert not missing, f"Add these URLs to the access matrix (EXPECTED): {missing}"


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(role, world, client_for):
    client = client_for(role)
    kwargs_by_name = access.url_kwargs(world)  # builds each app's sample objects once
    failures = []
    for page in sweep.pages(kwargs_by_name):
        name, url = page.name, page.url
        response = client.get(url)
        if page.is_admin:
            if role == "admin":
                ok = response.status_code < 500
            elif name in ADMIN_PUBLIC:
                ok = response.status_code in (200, 302, 405)
            else:
                ok = response.status_code == 302 and "/admin/login/" in response["Location"]
            expected = "staff only"
        else:
            expected = EXPECTED[name][role]
            ok = response.status_code == expected
            if ok and expected == 302 and role == "anonymous" and name not in ("set_language",):
                ok = response["Location"].startswith(reverse("accounts:login"))
        if not ok:
            failures.append(f"{name} {url}: got {response.status_code}, expected {expected}")
        elif response.status_code == 200 and "Content-Security-Policy" not in response:
            failures.append(f"{name} {url}: no Content-Security-Policy header")
    assert not failures, "\n".join(failures)


def test_history_of_another_territory_is_not_found(world, client_for):
    """UFR B's history is hidden from A's UFR staff and A's ARS, and visible to national agents."""
    url = reverse("web:history", kwargs={"label": "accounts.organisation", "pk": world.ufr_b.pk})
    for role, status in [
        ("ufr_agent", 404),
        ("committee_member", 404),
        ("ars_referent", 404),
        ("asp_agent", 200),
        ("dgos_agent", 200),
    ]:
        assert client_for(role).get(url).status_code == status, role


def test_history_of_unknown_kind_or_bad_pk_is_not_found(world, client_for):
    client = client_for("asp_agent")
    assert (
        client.get(reverse("web:history", kwargs={"label": "core.auditevent", "pk": "1"})).status_code == 404
    )
    assert (
        client.get(reverse("web:history", kwargs={"label": "accounts.organisation", "pk": "abc"})).status_code
        == 404
    )
