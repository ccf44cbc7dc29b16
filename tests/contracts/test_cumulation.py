"""No cumulation (régime R3, cesp.rules.eligibility.cumulation_errors): a person who holds a contract in
force can neither open nor file an application, nor sign a second contract; once it has ended, they can."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cesp.applications import services as application_services
from cesp.applications.models import Application, ApplicationStatus
from cesp.contracts.errors import ContractError
from cesp.contracts.models import Contract, ContractStatus, Offer, OfferStatus
from cesp.contracts.offers import offers_dispatch_all
from cesp.contracts.pools import pool_for
from cesp.decrees.models import Category
from tests.applications.helpers import NOW as FILING_NOW
from tests.applications.helpers import add_required_documents, open_campaign
from tests.contracts.builders import publish_quota, sign_offer, validated_lists
from tests.selection.builders import academic_year, campaign_for, complete_application

NOW = datetime(2027, 7, 3, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
HELD = "CESP-2025-900001"


def held_contract(world, candidate) -> Contract:
    """A contract in force of ``candidate``, signed for UFR B's campaign (stored as is)."""
    application = complete_application(campaign_for(world.ufr_b.faculty), candidate)
    pool = pool_for(
        academic_year=academic_year(),
        faculty=world.ufr_b.faculty,
        region=None,
        discipline="medecine",
        category=Category.SECOND_CYCLE,
    )
    offer = Offer.objects.create(
        pool=pool,
        application=application,
        candidate=candidate,
        list_kind="main",
        rank=1,
        offered_at=NOW - timedelta(days=40),
        deadline=NOW - timedelta(days=10),
        status=OfferStatus.SIGNED,
    )
    return Contract.objects.create(
        offer=offer,
        beneficiary=candidate,
        pool=pool,
        number=HELD,
        regime="R3",
        cursus="medecine",
        status_at_signature="student",
        signed_on=date(2026, 2, 1),
        allowance_start=date(2025, 10, 1),
        back_pay_months=4,
        back_pay_gross="4800.00",
        monthly_gross="1200.00",
    )


@pytest.fixture
def offer(world, signing_pki):
    validated_lists(world, n_main=2, first_candidate=world.users["candidate"])
    publish_quota(world, 1)
    (offer,) = offers_dispatch_all(now=NOW)
    return offer


def test_a_second_contract_cannot_be_signed_while_one_is_in_force(offer, world):
    contract = held_contract(world, offer.candidate)
    with pytest.raises(ContractError, match=f"titulaire du contrat {HELD}.*ne se cumule pas"):
        sign_offer(offer)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PENDING
    assert not Contract.objects.exclude(pk=contract.pk).exists()

    contract.status = ContractStatus.TERMINATED
    contract.save(update_fields=["status"])
    assert sign_offer(offer).number != HELD


def test_someone_holding_a_contract_cannot_open_a_file(world):
    candidate = world.users["candidate"]
    held_contract(world, candidate)
    campaign = open_campaign(world)
    with pytest.raises(application_services.ApplicationError, match=f"{HELD}.*ne se cumule pas"):
        application_services.application_start(candidate=candidate, campaign=campaign, at=FILING_NOW)
    assert not Application.objects.filter(campaign=campaign).exists()


def test_a_draft_opened_before_the_signature_can_no_longer_be_filed(world):
    candidate = world.users["candidate"]
    application = application_services.application_start(
        candidate=candidate, campaign=open_campaign(world), at=FILING_NOW
    )
    add_required_documents(application)
    held_contract(world, candidate)
    assert any(HELD in gap for gap in application_services.submission_gaps(application, at=FILING_NOW))
    with pytest.raises(application_services.ApplicationError, match="ne se cumule pas"):
        application_services.application_submit(
            actor=candidate, application=application, expected_version=None, at=FILING_NOW
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
