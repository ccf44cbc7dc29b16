"""The public simulator page computes with cesp.rules and explains every figure."""

import pytest

from cesp.web.simulator import build_scenario, project

pytestmark = pytest.mark.django_db

BASE = {
    "cursus": "medecine",
    "situation": "student",
    "academic_year": "2024-2025",
    "applied_on": "2024-12-02",
    "signed_on": "2025-07-20",
    "studies_end": "2029-10-31",
    "suspension_start": "2026-01-01",
    "suspension_months": "4",
    "suspension_reason": "maternity",
    "postponement_months": "12",
    "quotity": "1",
    "zone": "ZIP",
    "mode": "liberal",
}


def test_design_example_through_the_page(client):
    page = client.get("/simulateur/", BASE).content.decode()
    assert "57 mois" in page  # allowance months and months owed
    assert "68\u202f400,00\u00a0€" in page
    assert "01/10/2024" in page or "1 octobre 2024" in page
    assert "rappel de 10 mois" in page
    assert "Code de l&#x27;éducation" in page  # the legal source of each figure
    assert "rempli le <strong>31 juillet 2035" in page  # 57 months of full-time practice from 1 Nov 2030


def test_part_time_lengthens_the_obligation():
    from datetime import date

    data = {
        "cursus": "medecine",
        "situation": "student",
        "academic_year": "2024-2025",
        "signed_on": date(2025, 7, 20),
        "studies_end": date(2029, 10, 31),
        "postponement_months": 0,
        "quotity": "0.5",
        "zone": "ZAC",
        "mode": "salaried",
    }
    projection = project(data)
    assert projection.result["obligation"]["months_owed"] == "61.00"
    # 61 months at half time take 122 calendar months.
    assert projection.fulfilled_on == date(2039, 12, 31)
    assert projection.result["status"] == "fulfilled"


def test_breach_cost_is_shown(client):
    page = client.get("/simulateur/", {**BASE, "breach_on": "2027-03-15"}).content.decode()
    assert "Si vous rompiez le contrat le" in page
    assert "Pénalité" in page


def test_postponement_is_split_into_reports_of_twelve_months():
    from datetime import date

    data = {
        "suspension_start": None,
        "studies_end": date(2029, 10, 31),
        "postponement_months": 30,
        "mode": "liberal",
        "quotity": "1",
        "zone": "ZIP",
        "cursus": "medecine",
        "situation": "student",
        "academic_year": "2024-2025",
        "signed_on": date(2025, 7, 20),
    }
    events = build_scenario(data, as_of=date(2033, 1, 1), practice_start=date(2032, 5, 1))["events"]
    postponements = [e for e in events if e["type"] == "postponement"]
    assert [(p["start"], p["end"]) for p in postponements] == [
        ("2029-11-01", "2030-10-31"),
        ("2030-11-01", "2031-10-31"),
        ("2031-11-01", "2032-04-30"),
    ]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"cursus": "pharmacie", "academic_year": "2024-2025"}, "pharmacie"),
        ({"postponement_months": "48"}, "report"),
        ({"signed_on": "pas-une-date"}, "Saisissez une date valide"),
        ({"suspension_months": ""}, "Indiquez à la fois le premier mois et la durée"),
        ({"suspension_start": "2026-01-15"}, "commence le 1er d&#x27;un mois"),
    ],
)
def test_bad_input_gives_a_french_message_and_no_500(client, change, message):
    response = client.get("/simulateur/", {**BASE, **change})
    assert response.status_code == 200
    assert message.lower() in response.content.decode().lower()


def test_the_page_asks_for_the_application_date(client):
    page = client.get("/simulateur/").content.decode()
    assert "Date de dépôt de la candidature" in page and "régime R3" in page
    without = {k: v for k, v in BASE.items() if k != "applied_on"}
    response = client.get("/simulateur/", without)
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.content.decode()


def test_the_limits_and_quotities_offered_come_from_the_rules(client):
    page = client.get("/simulateur/").content.decode()
    assert 'value="0.625"' in page and "5 demi-journées par semaine (62,5 %)" in page
    assert 'max="36"' in page  # 3 postponements of 12 months (rules parameters)
    response = client.get("/simulateur/", {**BASE, "postponement_months": "37"}).content.decode()
    assert "au plus 36 mois de report" in response


def test_months_are_shown_with_the_rules_figures(client):
    page = client.get(
        "/simulateur/", {**BASE, "quotity": "0.625", "postponement_months": "0"}
    ).content.decode()
    assert "57 mois" in page  # owed: a whole number of months
    assert "rempli le <strong>30 juin 2037" in page  # 57 / 0.625 = 91.2, so 92 months from Nov 2029
