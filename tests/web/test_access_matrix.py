"""Every URL of the project × every role, anonymous included.

The test walks the URL resolver, so a new URL fails here until its expected answers are written in
EXPECTED below: later work must extend this matrix and cannot bypass it. Each entry gives, per role,
the status code expected for a GET (302 to the login page for anonymous users on private pages).
Pages needing an object take one from the world fixture (see ``sample_kwargs``): an object that the
ufr_agent of region A may see, so that the matrix also shows who is refused.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import ROLES

PUBLIC = dict.fromkeys(ROLES, 200)
LOGGED_IN = {**dict.fromkeys(ROLES, 200), "anonymous": 302}
AGENTS_ONLY = {**dict.fromkeys(ROLES, 200), "anonymous": 302, "candidate": 403, "admin": 403}
ANONYMOUS_ONLY = {**dict.fromkeys(ROLES, 302), "anonymous": 200}
POST_ONLY = {**dict.fromkeys(ROLES, 405)}

EXPECTED: dict[str, dict[str, int]] = {
    "web:home": PUBLIC,
    "web:organisation": AGENTS_ONLY,
    # The history of UFR A's organisation: its own staff, its region's ARS and the national agencies.
    "web:history": {**AGENTS_ONLY, "admin": 200},
    "web:simulator": PUBLIC,
    "web:accessibility": PUBLIC,
    "web:legal_notice": PUBLIC,
    "web:personal_data": PUBLIC,
    "accounts:login": ANONYMOUS_ONLY,
    "accounts:logout": POST_ONLY,
    "accounts:register": ANONYMOUS_ONLY,
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_done": PUBLIC,
    "accounts:password_reset_confirm": PUBLIC,  # an invalid link shows a page saying so
    "accounts:password_reset_complete": PUBLIC,
    "accounts:switch_membership": POST_ONLY,
    "set_language": {**dict.fromkeys(ROLES, 302)},
    # The public simulator API and its documentation.
    "api:api-root": {**dict.fromkeys(ROLES, 404)},
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "api:simulate_view": POST_ONLY,
}

# The Django admin: only the platform administrators get in; everyone else is sent to its login page.
ADMIN_PUBLIC = {"admin:login", "admin:logout"}


def sample_kwargs(world) -> dict[str, str]:
    return {
        "label": "accounts.organisation",
        "pk": str(world.ufr_a.pk),
        "uidb64": "MQ",
        "token": "aaaaaa-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
    }


def walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            child_namespace = namespace
            if pattern.namespace:
                child_namespace = f"{namespace}{pattern.namespace}:"
            yield from walk(pattern.url_patterns, child_namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def all_url_names():
    return sorted({name for name, _ in walk(get_resolver().url_patterns)})


def url_for(name, pattern, world):
    params = set(pattern.pattern.regex.groupindex)
    if name.startswith("admin:"):
        kwargs = dict.fromkeys(params, "0")
        if "app_label" in kwargs:
            kwargs["app_label"] = "auth"
        if "content_type_id" in kwargs:
            kwargs = {"content_type_id": "1", "object_id": "1"}
        return reverse(name, kwargs=kwargs)
    return reverse(name, kwargs={key: value for key, value in sample_kwargs(world).items() if key in params})


def test_every_url_has_expected_answers():
    missing = [name for name in all_url_names() if not name.startswith("admin:") and name not in EXPECTED]
    assert not missing, f"Add these URLs to the access matrix (EXPECTED): {missing}"


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(role, world, client_for):
    client = client_for(role)
    failures = []
    for name, pattern in walk(get_resolver().url_patterns):
        url = url_for(name, pattern, world)
        response = client.get(url)
        if name.startswith("admin:"):
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
