import pytest

from tests import factories
from tests.selection.builders import (
    campaign_for,
    commission_with_members,
    complete_application,
    validated_commission_for_access,
)
from tests.selection.builders import committee_member as make_committee_member


@pytest.fixture
def campaign(world):
    """UFR A's campaign, weights 2 (project), 1 (academic), 1 (financial)."""
    return campaign_for(world.ufr_a.faculty)


@pytest.fixture
def seated(world, campaign):
    return commission_with_members(world, campaign=campaign)


@pytest.fixture
def commission(seated):
    return seated[0]


@pytest.fixture
def members(seated):
    return seated[1]


@pytest.fixture
def files(campaign):
    """Four complete files of other candidates."""
    return [
        complete_application(
            campaign, factories.CandidateFactory(email=f"dossier{n}@exemple.fr", last_name=f"Candidat{n}")
        )
        for n in range(1, 5)
    ]


@pytest.fixture
def incomplete_file(campaign):
    return complete_application(
        campaign, factories.CandidateFactory(email="brouillon@exemple.fr"), status="submitted"
    )


@pytest.fixture
def committee_member(world):
    counter = iter(range(100))
    return lambda: make_committee_member(world.ufr_a, f"membre{next(counter)}@exemple.fr")


@pytest.fixture
def validated(world):
    return validated_commission_for_access(world)
