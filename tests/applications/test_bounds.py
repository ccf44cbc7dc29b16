"""Campaign dates are bounded by their meaning (issue 11, item 18)."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cesp.applications import services
from cesp.applications.models import Campaign
from tests.applications.helpers import academic_year


@pytest.mark.parametrize(
    "opens, deadline, commission",
    [
        ("0001-01-01T00:00", "0001-01-02T00:00", "0001-01-03"),
        ("9999-12-30T00:00", "9999-12-31T23:59", "9999-12-31"),
        ("2026-10-01T09:00", "2026-12-01T23:59", "9999-12-31"),
        ("2019-10-01T09:00", "2019-12-01T23:59", "2020-01-15"),
        ("2026-10-01T09:00", "2026-12-01T23:59", "2027-09-15"),  # after the academic year 2026-2027
    ],
)
def test_a_campaign_with_dates_outside_its_year_is_refused(world, client_for, opens, deadline, commission):
    response = client_for("ufr_agent").post(
        reverse("applications:campaign_create"),
        {
            "kind": "UFR",
            "faculty": world.ufr_a.faculty.pk,
            "academic_year": academic_year().pk,
            "filing_opens_at": opens,
            "filing_deadline": deadline,
            "commission_date": commission,
            "weight_project": 1,
            "weight_academic": 1,
            "weight_financial": 1,
            "status": "draft",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "une date entre" in page or "Saisissez une date" in page
    assert not Campaign.objects.exists()


def test_the_date_inputs_carry_the_bounds(world, client_for):
    page = client_for("ufr_agent").get(reverse("applications:campaign_create")).content.decode()
    assert 'min="2009-01-01T00:00"' in page and 'max="2100-12-31"' in page


def test_the_service_refuses_year_one_with_the_window_of_the_year(world):
    aware = timezone.make_aware
    with pytest.raises(services.ApplicationError, match=r"entre le 01/09/2025 et le 31/08/2027"):
        services.campaign_create(
            actor=world.users["admin"],
            kind="UFR",
            faculty=world.ufr_a.faculty,
            region=world.region_a,
            discipline="medecine",
            academic_year=academic_year(),
            title="",
            filing_opens_at=aware(datetime(1, 1, 1, 12, 0)),
            filing_deadline=aware(datetime(2026, 12, 1, 12, 0)),
            commission_date=date(2027, 1, 10),
            weight_project=1,
            weight_academic=1,
            weight_financial=1,
            status="draft",
        )


def test_overlong_free_text_is_refused_by_the_services_in_french(world):
    from tests.applications.helpers import NOW, PROJECT, draft, open_campaign, submitted

    campaign = open_campaign(world)
    application = draft(world, campaign)
    with pytest.raises(services.ApplicationError, match="8000 caractères au plus"):
        services.application_update_step(
            actor=application.candidate,
            application=application,
            step="project",
            data={**PROJECT, "motivation": "x" * 8001},
            expected_version=None,
            at=NOW,
        )
    application.refresh_from_db()
    assert len(application.motivation) < 8001
    filed = submitted(world, campaign, world.other_candidate)
    with pytest.raises(services.ApplicationError, match="4000 caractères au plus"):
        services.correction_request(
            actor=world.users["ufr_agent"],
            application=filed,
            message="x" * 4001,
            sections=["project"],
            document_kinds=[],
            expected_version=None,
            at=NOW,
        )
    assert not filed.corrections.exists()
