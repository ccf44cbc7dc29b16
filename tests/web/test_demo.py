"""The demo seed builds a realistic year and can be run twice."""

import pytest
from django.core.management import call_command

from cesp.accounts.models import CandidateProfile, Membership, User
from cesp.accounts.roles import MEMBERSHIP_ROLES, Role
from cesp.decrees.models import Decree
from cesp.referentials.loaders import load_academic_years, load_faculties, load_regions


@pytest.mark.django_db
def test_seed_demo_is_realistic_and_idempotent(capsys):
    load_regions()
    load_faculties()
    load_academic_years()
    call_command("seed_demo")
    output = capsys.readouterr().out
    for role in Role:
        assert role.label in output
    assert "Demo-CESP-2026!" in output
    counts = (User.objects.count(), Membership.objects.count(), Decree.objects.count())
    assert CandidateProfile.objects.count() >= 300
    regions = set(
        Membership.objects.filter(role=Role.UFR_AGENT).values_list("organisation__region__code", flat=True)
    )
    assert len(regions) >= 3
    assert set(Membership.objects.values_list("role", flat=True)) == set(MEMBERSHIP_ROLES)
    call_command("seed_demo")
    assert (User.objects.count(), Membership.objects.count(), Decree.objects.count()) == counts
