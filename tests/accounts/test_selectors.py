"""Each role sees only its own territory."""

import pytest
from django.urls import reverse

from cesp.accounts.roles import Role
from cesp.accounts.scopes import ANONYMOUS, scope_for_user
from cesp.accounts.selectors import current_membership_for, organisation_list, user_list
from cesp.accounts.services import AccountError, membership_grant
from cesp.core.models import AuditEvent
from tests.factories import MembershipFactory
from tests.second_factor import log_in


def scope_of(user):
    return scope_for_user(user, current_membership_for(user, None))


def test_ufr_agent_sees_only_their_ufr(world):
    assert set(organisation_list(scope=scope_of(world.users["ufr_agent"]))) == {world.ufr_a}


def test_ars_referent_sees_their_ars_and_the_ufrs_of_their_region(world):
    assert set(organisation_list(scope=scope_of(world.users["ars_referent"]))) == {world.ars_a, world.ufr_a}
    assert set(organisation_list(scope=scope_of(world.other_ars_referent))) == {world.ars_b, world.ufr_b}


@pytest.mark.parametrize("role", ["asp_agent", "dgos_agent", "cng_agent", "admin"])
def test_national_roles_see_every_organisation(world, role):
    assert organisation_list(scope=scope_of(world.users[role])).count() == 7


@pytest.mark.parametrize("role", ["candidate"])
def test_candidates_see_no_organisation_and_only_themselves(world, role):
    user = world.users[role]
    assert not organisation_list(scope=scope_of(user)).exists()
    assert list(user_list(scope=scope_of(user))) == [user]
    assert not user_list(scope=ANONYMOUS).exists()


def test_ufr_agent_sees_colleagues_not_other_ufrs(world):
    visible = set(user_list(scope=scope_of(world.users["ufr_agent"])))
    assert world.users["committee_member"] in visible
    assert world.other_ufr_agent not in visible
    assert world.users["candidate"] not in visible


def test_switching_membership_changes_the_scope(world, client):
    user = world.users["ufr_agent"]
    second = MembershipFactory(user=user, organisation=world.ars_b, role=Role.ARS_REFERENT)
    log_in(client, user)
    client.post(reverse("accounts:switch_membership"), {"membership": second.pk})
    page = client.get(reverse("web:organisation")).content.decode()
    assert "ARS Pays de la Loire" in page
    # Someone else's membership cannot be chosen.
    other = world.other_ufr_agent.memberships.get()
    response = client.post(reverse("accounts:switch_membership"), {"membership": other.pk}, follow=True)
    assert "n&#x27;existe pas ou ne vous appartient pas" in response.content.decode()


def test_membership_grant_checks_the_organisation_kind_and_is_audited(world):
    admin = world.users["admin"]
    with pytest.raises(AccountError):
        membership_grant(
            actor=admin, user=world.users["candidate"], organisation=world.asp, role=Role.UFR_AGENT
        )
    membership_grant(
        actor=admin,
        user=world.users["candidate"],
        organisation=world.asp,
        role=Role.ASP_AGENT,
        reason="Recrutement",
    )
    event = AuditEvent.objects.for_object(world.asp).get(action="membership.grant")
    assert event.actor == admin and event.reason == "Recrutement"
