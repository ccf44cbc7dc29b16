"""Sign-in pages of issue 20: the second factor and the state identity providers.

Every signed-in role of the matrix has passed the second factor already (tests/second_factor.py), so the
second-factor pages send everyone on (302); anonymous users go to the login page.
"""

from tests.conftest import ROLES

REDIRECT_ALL = dict.fromkeys(ROLES, 302)

EXPECTED = {
    # Anyone signed in downloads their own data; anonymous users are sent to the login page.
    "accounts:personal_data": {**dict.fromkeys(ROLES, 200), "anonymous": 302},
    "accounts:second_factor": REDIRECT_ALL,
    "accounts:second_factor_setup": REDIRECT_ALL,
    "accounts:second_factor_codes": REDIRECT_ALL,
    # ProConnect and FranceConnect are not configured in the matrix's settings: not offered (404).
    # Configured, they are tested in tests/accounts/test_oidc.py and tests/browser/test_state_sign_in.py.
    "accounts:proconnect_start": dict.fromkeys(ROLES, 404),
    "accounts:proconnect_callback": dict.fromkeys(ROLES, 404),
    "accounts:franceconnect_start": dict.fromkeys(ROLES, 404),
    "accounts:franceconnect_callback": dict.fromkeys(ROLES, 404),
}
