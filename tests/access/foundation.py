"""Pages of the foundation: home pages, accounts, history, simulator and its API."""

from tests.access import AGENTS_ONLY, ANONYMOUS_ONLY, POST_ONLY, PUBLIC
from tests.conftest import ROLES

EXPECTED = {
    "web:home": PUBLIC,
    "web:organisation": AGENTS_ONLY,
    # The history of UFR A's organisation: its own staff, its region's ARS and the national agencies.
    "web:history": {**AGENTS_ONLY, "admin": 200},
    "web:simulator": PUBLIC,
    "web:zoning": {**AGENTS_ONLY, "admin": 200},
    "web:accessibility": PUBLIC,
    "web:legal_notice": PUBLIC,
    "web:personal_data": PUBLIC,
    "web:favicon": dict.fromkeys(ROLES, 301),
    "accounts:login": ANONYMOUS_ONLY,
    "accounts:logout": POST_ONLY,
    "accounts:register": ANONYMOUS_ONLY,
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_done": PUBLIC,
    "accounts:password_reset_confirm": PUBLIC,  # an invalid link shows a page saying so
    "accounts:password_reset_complete": PUBLIC,
    "accounts:switch_membership": POST_ONLY,
    "set_language": dict.fromkeys(ROLES, 302),
    # The public simulator API and its documentation.
    "api:api-root": dict.fromkeys(ROLES, 404),
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "api:simulate_view": POST_ONLY,
}


def url_kwargs(world):
    return {
        "web:history": {"label": "accounts.organisation", "pk": str(world.ufr_a.pk)},
        "accounts:password_reset_confirm": {
            "uidb64": "MQ",
            "token": "aaaaaa-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
        },
    }
