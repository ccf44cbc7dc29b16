"""An offer of any cursus, status and regime, ready to sign: a faculty of the cursus in region A (or the
region's ARS for a PADHUE), its campaign, a file filed on a given day, a published quota of one contract
for the file's category and an offer; ``REGIMES`` gives a campaign and dates for each regime."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from cesp.applications.models import (
    Application,
    ApplicationStatus,
    Campaign,
    CampaignKind,
    CampaignStatus,
)
from cesp.contracts.models import Offer
from cesp.contracts.pools import pool_for
from cesp.decrees import services as decree_services
from cesp.decrees.models import CATEGORY_OF_STATUS
from cesp.rules.vocabulary import CYCLE_OF_STATUS
from tests import factories
from tests.selection.builders import academic_year

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> datetime:
    """A Paris wall-clock time, as the UTC instant the platform handles."""
    return datetime(*args, tzinfo=PARIS).astimezone(UTC)


@dataclass(frozen=True)
class Dates:
    campaign: str  # academic year
    filed: datetime
    signed: datetime


REGIMES = {
    "R0": Dates("2018-2019", paris(2019, 1, 20, 10, 0), paris(2019, 7, 1, 10, 0)),
    "R1": Dates("2022-2023", paris(2023, 1, 20, 10, 0), paris(2023, 7, 1, 10, 0)),
    "R2": Dates("2024-2025", paris(2025, 1, 20, 10, 0), paris(2025, 7, 1, 10, 0)),
    "R3": Dates("2025-2026", paris(2026, 1, 20, 10, 0), paris(2026, 7, 1, 10, 0)),
}
YEAR_OF_STATUS = {"first_cycle": 2, "student": 4, "intern": None, "padhue": None}


def offer_for(world, *, cursus: str, regime: str, status: str = "student", candidate=None) -> Offer:
    dates = REGIMES[regime]
    year = academic_year(dates.campaign)
    padhue = status == "padhue"
    faculty = None
    if not padhue:
        faculty = factories.FacultyFactory(
            code=f"{cursus}-lille",
            name=f"UFR de {cursus} de Lille",
            discipline=cursus,
            region=world.region_a,
            university="Université de Lille",
        )
    campaign = Campaign.objects.create(
        kind=CampaignKind.PADHUE if padhue else CampaignKind.UFR,
        faculty=faculty,
        region=world.region_a,
        discipline=cursus,
        academic_year=year,
        filing_opens_at=dates.filed - timedelta(days=10),
        filing_deadline=dates.filed + timedelta(days=10),
        commission_date=(dates.filed + timedelta(days=30)).date(),
        weight_project=Decimal(2),
        weight_academic=Decimal(1),
        weight_financial=Decimal(1),
        status=CampaignStatus.OPEN,
    )
    candidate = candidate or world.users["candidate"]
    application = Application.objects.create(
        campaign=campaign,
        candidate=candidate,
        cursus=cursus,
        status_at_signature=status,
        cycle=CYCLE_OF_STATUS[status],
        current_year=YEAR_OF_STATUS[status],
        national_exam_rank=1234 if status == "intern" else None,
        status=ApplicationStatus.COMPLETE,
        motivation="Exercer en zone sous-dotée.",
        submitted_at=dates.filed,
    )
    category = CATEGORY_OF_STATUS[status]
    effective = (dates.signed - timedelta(days=5)).date()
    dgos = world.users["dgos_agent"]
    decree = decree_services.decree_create(
        actor=dgos,
        kind="annual",
        academic_year=year,
        title=f"Arrêté {cursus} {dates.campaign}",
        signed_on=effective - timedelta(days=10),
        effective_on=effective,
    )
    decree_services.quota_line_set(
        actor=dgos,
        decree=decree,
        faculty=faculty,
        region=None if faculty else world.region_a,
        discipline=cursus,
        category=category,
        count=1,
    )
    decree_services.decree_publish(actor=dgos, decree=decree, published_on=effective)
    pool = pool_for(
        academic_year=year, faculty=faculty, region=world.region_a, discipline=cursus, category=category
    )
    offered = dates.signed - timedelta(days=2)
    return Offer.objects.create(
        pool=pool,
        application=application,
        candidate=candidate,
        list_kind="main",
        rank=1,
        offered_at=offered,
        deadline=offered + timedelta(days=30),
    )


__all__ = ["REGIMES", "date", "offer_for", "paris"]
