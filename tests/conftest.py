"""Shared fixtures: a small world with two regions and one user of every role.

Region A has a UFR (with its agent and a committee member) and an ARS referent; region B has its own
UFR and ARS, so that every scoping test can prove that A's agents do not see B's records.
"""

from dataclasses import dataclass

import pytest
from hypothesis import settings as hypothesis_settings

from cesp.accounts.models import Organisation, OrganisationKind, User
from cesp.accounts.roles import Role
from tests import factories
from tests.second_factor import log_in
from tests.signing_fixtures import *  # noqa: F403 - signing_pki, signing_pki_files

# Properties are judged on their cases, never on the time a case takes: CI machines are shared and
# loaded, and performance is measured in bench/, not in tests.
hypothesis_settings.register_profile("cesp", deadline=None)
hypothesis_settings.load_profile("cesp")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Every test starts with no request counted against the rate limits (cesp/core/ratelimits.py): the
    suite's requests all come from one address, in one process per worker."""
    from django.core.cache import caches

    caches["ratelimit"].clear()


ANONYMOUS = "anonymous"
# Every role of cesp.accounts.roles, and the anonymous visitor: the columns of the access matrix.
ROLES = [ANONYMOUS, *Role.values]


@dataclass
class World:
    region_a: object
    region_b: object
    ufr_a: Organisation
    ufr_b: Organisation
    ars_a: Organisation
    ars_b: Organisation
    asp: Organisation
    dgos: Organisation
    cng: Organisation
    users: dict[str, User | None]
    other_ufr_agent: User
    other_ars_referent: User
    other_candidate: User


@pytest.fixture
def world(db) -> World:
    region_a = factories.RegionFactory(code="32", name="Hauts-de-France", ars_name="ARS Hauts-de-France")
    region_b = factories.RegionFactory(code="52", name="Pays de la Loire", ars_name="ARS Pays de la Loire")
    ufr_a = factories.OrganisationFactory(
        ufr=True,
        faculty=factories.FacultyFactory(
            code="medecine-lille", name="UFR de médecine de Lille", region=region_a
        ),
    )
    ufr_b = factories.OrganisationFactory(
        ufr=True,
        faculty=factories.FacultyFactory(
            code="medecine-nantes", name="UFR de médecine de Nantes", region=region_b
        ),
    )
    ars_a = factories.OrganisationFactory(ars=True, region=region_a, name="ARS Hauts-de-France")
    ars_b = factories.OrganisationFactory(ars=True, region=region_b, name="ARS Pays de la Loire")
    asp = factories.OrganisationFactory(kind=OrganisationKind.ASP, name="ASP")
    dgos = factories.OrganisationFactory(kind=OrganisationKind.DGOS, name="DGOS")
    cng = factories.OrganisationFactory(kind=OrganisationKind.CNG, name="CNG")

    def agent(email, organisation, role):
        user = factories.UserFactory(email=email)
        factories.MembershipFactory(user=user, organisation=organisation, role=role)
        return user

    users = {
        "anonymous": None,
        "candidate": factories.CandidateFactory(email="candidate@exemple.fr"),
        "ufr_agent": agent("ufr@exemple.fr", ufr_a, Role.UFR_AGENT),
        "committee_member": agent("commission@exemple.fr", ufr_a, Role.COMMITTEE_MEMBER),
        "ars_referent": agent("ars@exemple.fr", ars_a, Role.ARS_REFERENT),
        "asp_agent": agent("asp@exemple.fr", asp, Role.ASP_AGENT),
        "dgos_agent": agent("dgos@exemple.fr", dgos, Role.DGOS_AGENT),
        "cng_agent": agent("cng@exemple.fr", cng, Role.CNG_AGENT),
        "admin": factories.UserFactory(email="admin@exemple.fr", is_staff=True, is_superuser=True),
    }
    return World(
        region_a=region_a,
        region_b=region_b,
        ufr_a=ufr_a,
        ufr_b=ufr_b,
        ars_a=ars_a,
        ars_b=ars_b,
        asp=asp,
        dgos=dgos,
        cng=cng,
        users=users,
        other_ufr_agent=agent("ufr-b@exemple.fr", ufr_b, Role.UFR_AGENT),
        other_ars_referent=agent("ars-b@exemple.fr", ars_b, Role.ARS_REFERENT),
        other_candidate=factories.CandidateFactory(email="candidate-b@exemple.fr"),
    )


@pytest.fixture
def client_for(client, world):
    """``client_for(role)`` gives a test client logged in as the world's user of that role."""

    def make(role: str):
        client.logout()
        user = world.users[role]
        if user is not None:
            log_in(client, user)
        return client

    return make


def pytest_collection_modifyitems(config, items):
    """Browser tests run last: Playwright's sync API keeps an event loop running in the main thread
    for the rest of the session, which synchronous asyncio users (pyHanko's validation) cannot share."""
    items.sort(key=lambda item: "/tests/browser/" in str(item.path).replace("\\", "/"))


def pytest_terminal_summary(terminalreporter):
    """Pages that now run fewer SQL queries than tests/web/query_counts.json says (the sweep passes):
    said at the end of the run, so that the snapshot gets tightened."""
    from tests.web.query_counts import TIGHTEN_PROPERTY, UPDATE_VARIABLE

    lines = [
        line
        for report in terminalreporter.stats.get("passed", [])
        for key, value in getattr(report, "user_properties", [])
        if key == TIGHTEN_PROPERTY
        for line in value
    ]
    if lines:
        terminalreporter.section("query counts that can be tightened")
        for line in sorted(lines):
            terminalreporter.write_line(line)
        terminalreporter.write_line(
            f"Rewrite tests/web/query_counts.json with {UPDATE_VARIABLE}=1 (see its test)."
        )
