"""Every date derived from an instant is the platform's local day (Europe/Paris), never the UTC one: a
pharmacy file filed at 00:30 Paris time on 16 January 2026 (23:30 UTC the day before) is R3 at its
submission and at its signature; a decree in force from a day gives its quota from 00:00 Paris time.
Instants are given in UTC, as ``timezone.now()`` and the database return them."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from cesp.applications import services as application_services
from cesp.applications.models import ApplicationStatus
from cesp.contracts.models import Offer
from cesp.contracts.offers import offers_dispatch_all
from cesp.contracts.pools import pool_for
from cesp.decrees import services as decree_services
from cesp.decrees.models import Category
from tests import factories
from tests.applications.helpers import FINANCIAL, PROJECT, add_required_documents
from tests.contracts.builders import publish_quota, sign_offer, validated_lists
from tests.selection.builders import academic_year

PARIS = ZoneInfo("Europe/Paris")
FILED = datetime(2026, 1, 15, 23, 30, tzinfo=UTC)  # 00:30 Paris time on 16 January 2026


def paris(*args) -> datetime:
    """A Paris wall-clock time, as the UTC instant the platform handles."""
    return datetime(*args, tzinfo=PARIS).astimezone(UTC)


QUOTA_FROM = date(2026, 6, 10)


def pharmacy_file(world):
    """A 2025-2026 pharmacy file of UFR de pharmacie de Lille, filed at ``FILED``."""
    faculty = factories.FacultyFactory(
        code="pharmacie-lille",
        name="UFR de pharmacie de Lille",
        discipline="pharmacie",
        region=world.region_a,
    )
    campaign = application_services.campaign_create(
        actor=world.users["admin"],
        kind="UFR",
        faculty=faculty,
        region=faculty.region,
        discipline="pharmacie",
        academic_year=academic_year("2025-2026"),
        title="",
        filing_opens_at=datetime(2026, 1, 5, 9, 0, tzinfo=PARIS),
        filing_deadline=datetime(2026, 2, 15, 23, 59, tzinfo=PARIS),
        commission_date=date(2026, 3, 10),
        weight_project=Decimal("2"),
        weight_academic=Decimal("1"),
        weight_financial=Decimal("1"),
        status="open",
    )
    candidate = world.users["candidate"]
    application = application_services.application_start(candidate=candidate, campaign=campaign, at=FILED)
    situation = {"cursus": "pharmacie", "status_at_signature": "student", "current_year": 4}
    for step, data in (
        ("situation", situation),
        ("project", {**PROJECT, "intended_region": faculty.region}),
        ("financial", FINANCIAL),
    ):
        application = application_services.application_update_step(
            actor=candidate, application=application, step=step, data=data, expected_version=None, at=FILED
        )
    add_required_documents(application, at=FILED)
    return application_services.application_submit(
        actor=candidate, application=application, expected_version=None, at=FILED
    )


def test_a_pharmacy_file_filed_just_after_midnight_paris_time_is_r3_at_submission_and_signature(
    world, signing_pki
):
    application = pharmacy_file(world)
    assert application.status == ApplicationStatus.SUBMITTED

    dgos = world.users["dgos_agent"]
    year = academic_year("2025-2026")
    decree = decree_services.decree_create(
        actor=dgos,
        kind="annual",
        academic_year=year,
        title="Arrêté pharmacie 2025-2026",
        signed_on=QUOTA_FROM - timedelta(days=10),
        effective_on=QUOTA_FROM,
    )
    faculty = application.campaign.faculty
    decree_services.quota_line_set(
        actor=dgos,
        decree=decree,
        faculty=faculty,
        region=None,
        discipline="pharmacie",
        category=Category.SECOND_CYCLE,
        count=1,
    )
    decree_services.decree_publish(actor=dgos, decree=decree, published_on=QUOTA_FROM)
    offered = paris(2026, 6, 9, 12, 0)
    offer = Offer.objects.create(
        pool=pool_for(
            academic_year=year,
            faculty=faculty,
            region=None,
            discipline="pharmacie",
            category=Category.SECOND_CYCLE,
        ),
        application=application,
        candidate=application.candidate,
        list_kind="main",
        rank=1,
        offered_at=offered,
        deadline=offered + timedelta(days=30),
    )
    # 00:30 Paris time on the day the quota takes effect: 22:30 UTC the day before.
    contract = sign_offer(offer, now=paris(2026, 6, 10, 0, 30))
    assert contract.regime == "R3" and contract.cursus == "pharmacie"
    assert contract.signed_on == QUOTA_FROM


def test_offers_go_out_from_00_00_paris_time_on_the_day_the_quota_takes_effect(world):
    validated_lists(world, n_main=1, first_candidate=world.users["candidate"])
    publish_quota(world, 1, effective_on=date(2027, 7, 2))  # dispatches nothing: its day is not yet
    assert offers_dispatch_all(now=paris(2027, 7, 1, 23, 30)) == []
    (offer,) = offers_dispatch_all(now=paris(2027, 7, 2, 0, 30))
    assert offer.deadline == paris(2027, 8, 1, 0, 30)
    assert offer.application.candidate == world.users["candidate"]


@pytest.mark.parametrize("module", ["signature", "offers", "reminders", "documents"])
def test_no_utc_date_of_an_instant_in_the_contracts(module):
    """A guard: these modules derive days with timezone.localdate, never datetime.date()."""
    import inspect
    import re

    from cesp.contracts import documents, offers, reminders, signature

    modules = {"signature": signature, "offers": offers, "reminders": reminders, "documents": documents}
    source = inspect.getsource(modules[module])
    assert not re.search(r"\.date\(\)", source)
    assert "date.today()" not in source
