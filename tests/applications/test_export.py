"""Export of the filtered queue, CSV and XLSX, with the chosen columns."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from cesp.applications.models import Application
from tests.applications.helpers import open_campaign, submitted
from tests.second_factor import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_files(world):
    campaign = open_campaign(world)
    mine = submitted(world, campaign, world.users["candidate"])
    other = submitted(world, campaign, world.other_candidate)
    Application.objects.filter(pk=other.pk).update(status="complete")
    # A value a spreadsheet would run as a formula.
    Application.objects.filter(pk=mine.pk).update(intended_place='=HYPERLINK("http://x")')
    open_campaign(world, faculty=world.ufr_b.faculty)
    return mine, other


def test_csv_with_chosen_columns_and_filters(world, client_for, two_files):
    mine, _other = two_files
    client = client_for("ufr_agent")
    response = client.get(
        reverse("applications:export"),
        {
            "columns": ["reference", "email", "intended_place", "status"],
            "format": "csv",
            "status": "submitted",
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    content = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0] == ["N° de dossier", "E-mail", "Lieu envisagé", "État"]
    assert rows[1:] == [[mine.reference, mine.candidate.email, '\'=HYPERLINK("http://x")', "Déposé"]]


def test_xlsx_of_the_whole_queue(world, client_for, two_files):
    mine, other = two_files
    response = client_for("ufr_agent").get(
        reverse("applications:export"),
        {"columns": ["reference", "last_name", "status_at_signature"], "format": "xlsx"},
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0] == ("N° de dossier", "Nom", "Situation")
    assert {row[0] for row in values[1:]} == {mine.reference, other.reference}


def test_export_is_scoped(world, client_for, two_files):
    client = client_for("asp_agent")
    assert len(client.get(reverse("applications:export")).content.decode("utf-8-sig").splitlines()) == 3
    from django.test import Client

    other_ufr = Client()
    log_in(other_ufr, world.other_ufr_agent)
    lines = other_ufr.get(reverse("applications:export")).content.decode("utf-8-sig").splitlines()
    assert len(lines) == 1  # the header only: UFR B has no filed file


def test_export_without_a_column_is_refused(world, client_for, two_files):
    response = client_for("ufr_agent").get(reverse("applications:export"), {"format": "csv"})
    assert response.status_code == 302
