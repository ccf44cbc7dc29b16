"""Decree dates are bounded by their meaning (issue 11, item 18)."""

from datetime import date

import pytest
from django.urls import reverse

from cesp.decrees import services
from cesp.decrees.models import Decree, DecreeKind, DecreeStatus


@pytest.mark.parametrize(
    "signed_on, effective_on",
    [
        ("0001-01-01", "0001-01-01"),
        ("9999-12-31", "9999-12-31"),
        ("2020-06-20", "2020-06-20"),  # years before its academic year (2026-2027)
        ("2027-06-20", "2027-06-19"),  # in force before it is signed
    ],
)
def test_a_decree_with_dates_outside_its_year_is_refused(world, client_for, year, signed_on, effective_on):
    response = client_for("dgos_agent").post(
        reverse("decrees:create"),
        {
            "kind": "annual",
            "academic_year": "2026-2027",
            "title": "Arrêté daté de travers",
            "signed_on": signed_on,
            "effective_on": effective_on,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "une date entre" in page or "ne peut pas précéder" in page or "Saisissez une date" in page
    assert not Decree.objects.filter(title="Arrêté daté de travers").exists()


@pytest.mark.parametrize("published_on", ["0001-01-01", "9999-12-31", "2029-01-01"])
def test_a_publication_outside_the_decree_years_is_refused(world, client_for, draft, published_on):
    services.quota_line_set(
        actor=world.users["dgos_agent"],
        decree=draft,
        faculty=world.ufr_a.faculty,
        region=None,
        discipline="medecine",
        category="deuxieme_cycle",
        count=3,
    )
    client_for("dgos_agent").post(reverse("decrees:publish", args=[draft.pk]), {"published_on": published_on})
    draft.refresh_from_db()
    assert draft.status == DecreeStatus.DRAFT and draft.published_on is None


def test_the_service_refuses_a_decree_of_year_one(world, year):
    with pytest.raises(services.DecreeError, match="Date de l'arrêté"):
        services.decree_create(
            actor=world.users["dgos_agent"],
            kind=DecreeKind.ANNUAL,
            academic_year=year,
            title="An 1",
            signed_on=date(1, 1, 1),
            effective_on=date(1, 1, 1),
        )


def test_an_overlong_title_is_a_decree_error_not_a_validation_error(world, year):
    with pytest.raises(services.DecreeError, match="300 caractères au plus"):
        services.decree_create(
            actor=world.users["dgos_agent"],
            kind=DecreeKind.ANNUAL,
            academic_year=year,
            title="A" * 301,
            signed_on=date(2027, 6, 20),
            effective_on=date(2027, 6, 20),
        )
    assert not Decree.objects.exists()
