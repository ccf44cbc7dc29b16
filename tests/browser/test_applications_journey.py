"""The candidate's and the UFR's journey: a candidate creates and submits a file with uploads on a
phone → the UFR asks for a correction → the candidate answers → the UFR marks the file complete.
Screenshots and axe-core on every page. The selection journey continues from complete files.

Uploads go through the real clamd of tests/applications/clamav.py when it is installed (documents come
out clean); without it they stay pending and the test marks them clean, as a later scan would.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cesp.applications import services
from cesp.applications.models import Application, ApplicationStatus, ScanStatus
from tests.applications.clamav import clamd_binary, clamd_socket, with_clamd  # noqa: F401 - fixtures
from tests.applications.helpers import academic_year, tiny_pdf
from tests.browser.conftest import assert_accessible, log_in, screenshot
from tests.factories import PASSWORD

pytestmark = pytest.mark.journey


def visit(page, name):
    screenshot(page, name)
    assert_accessible(page, name)


@pytest.fixture
def scanner(request, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "cesp.core.encryption.EncryptedFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    if clamd_binary() is None:
        settings.CLAMD_SOCKET = ""
        return None
    return request.getfixturevalue("with_clamd")


def pdf_file(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": tiny_pdf(name)}


def test_candidate_files_ufr_asks_a_correction_candidate_answers_ufr_marks_complete(
    world, new_page, transactional_db, scanner
):
    now = timezone.now()
    campaign = services.campaign_create(
        actor=world.users["ufr_agent"],
        kind="UFR",
        faculty=world.ufr_a.faculty,
        region=world.region_a,
        discipline="medecine",
        academic_year=academic_year(),
        title="",
        filing_opens_at=now - timedelta(days=10),
        filing_deadline=now + timedelta(days=20),
        commission_date=(now + timedelta(days=40)).date(),
        weight_project=2,
        weight_academic=1,
        weight_financial=1,
        status="open",
    )

    # The candidate, on a phone.
    phone = new_page(phone=True)
    log_in(phone, world.users["candidate"].email, PASSWORD)
    phone.goto(reverse("applications:mine"))
    visit(phone, "applications-01-mine-phone")
    phone.get_by_role("button", name="Constituer mon dossier").click()
    assert "Étape 1 sur 5" in phone.content()
    visit(phone, "applications-02-situation-phone")
    phone.get_by_label("Situation").select_option("student")
    phone.get_by_label("Année d'études en cours").fill("5")
    phone.get_by_role("button", name="Enregistrer et continuer").click()

    assert "Étape 2 sur 5" in phone.content()
    visit(phone, "applications-03-project-phone")
    phone.get_by_label("Mode d'exercice envisagé").select_option("liberal")
    phone.get_by_label("Région d'exercice envisagée").select_option(label=str(world.region_a))
    phone.get_by_label("Lieu d'exercice envisagé").fill("Maubeuge")
    phone.get_by_label("Motivation et projet professionnel").fill(
        "Médecine générale en maison de santé, dans une zone d'intervention prioritaire du Nord."
    )
    phone.get_by_role("button", name="Enregistrer et continuer").click()

    assert "Étape 3 sur 5" in phone.content()
    visit(phone, "applications-04-financial-phone")
    phone.locator('input[name="has_scholarship"][value="true"]').check(force=True)
    phone.get_by_label("Échelon de bourse").select_option("4")
    phone.get_by_label("Nombre de personnes à votre charge").fill("0")
    phone.locator('input[name="has_student_job"][value="false"]').check(force=True)
    phone.get_by_role("button", name="Enregistrer et continuer").click()

    assert "Étape 4 sur 5" in phone.content()
    visit(phone, "applications-05-documents-phone")
    for kind, label in [
        ("identity", "Pièce d'identité"),
        ("transcript_n1", "Relevé de notes de l'année N-1"),
        ("transcript_n2", "Relevé de notes de l'année N-2"),
        ("motivation_letter", "Lettre de motivation"),
    ]:
        phone.get_by_label("Type de pièce").select_option(kind)
        phone.get_by_label("Fichier").set_input_files(pdf_file(f"{kind}.pdf"))
        phone.get_by_role("button", name="Déposer la pièce").click()
        assert "Pièce enregistrée." in phone.content()
        assert label in phone.content()
    application = Application.objects.get(candidate=world.users["candidate"], campaign=campaign)
    if scanner is None:
        application.documents.update(scan_status=ScanStatus.CLEAN)
        phone.reload()
    else:
        assert set(application.documents.values_list("scan_status", flat=True)) == {"clean"}
    visit(phone, "applications-06-documents-uploaded-phone")
    phone.get_by_role("link", name="Continuer vers la vérification").click()
    assert "Il manque" not in phone.content()
    visit(phone, "applications-07-review-phone")
    phone.get_by_label("Je certifie sur l'honneur", exact=False).check(force=True)
    phone.get_by_role("button", name="Déposer mon dossier").click()
    assert "Votre dossier est déposé." in phone.content()
    visit(phone, "applications-08-submitted-phone")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and application.receipt

    # The UFR asks for a correction.
    desk = new_page()
    log_in(desk, world.users["ufr_agent"].email, PASSWORD)
    desk.goto(reverse("applications:queue"))
    assert "Déposé (1)" in desk.content()
    visit(desk, "applications-09-queue")
    desk.get_by_role("link", name=application.reference).click()
    visit(desk, "applications-10-file-agent")
    desk.get_by_role("link", name="Demander des compléments").click()
    visit(desk, "applications-11-correction-form")
    desk.get_by_label("Message au candidat").fill(
        "Le relevé de notes N-1 est illisible : déposez-le à nouveau."
    )
    desk.get_by_label("Relevé de notes de l'année N-1").check(force=True)
    desk.get_by_role("button", name="Envoyer la demande").click()
    assert "Demande de compléments envoyée au candidat." in desk.content()
    visit(desk, "applications-12-correction-sent")

    # The candidate answers.
    phone.goto(reverse("applications:detail", args=[application.pk]))
    assert "Compléments demandés" in phone.content()
    visit(phone, "applications-13-file-candidate-phone")
    phone.get_by_role("link", name="Répondre à la demande de compléments").first.click()
    visit(phone, "applications-14-answer-phone")
    phone.get_by_role("link", name="Relevé de notes de l'année N-1").click()
    visit(phone, "applications-15-documents-reopened-phone")
    phone.get_by_label("Fichier").set_input_files(pdf_file("releve-n1-lisible.pdf"))
    phone.get_by_role("button", name="Déposer la pièce").click()
    assert "Pièce enregistrée." in phone.content()
    if scanner is None:
        application.documents.update(scan_status=ScanStatus.CLEAN)
    phone.get_by_role("link", name="Répondre à l'UFR").click()
    phone.get_by_label("Votre réponse à l'UFR").fill("Voici le relevé N-1 lisible.")
    phone.get_by_role("button", name="Envoyer ma réponse").click()
    assert "Votre réponse est transmise à l'UFR." in phone.content()
    visit(phone, "applications-16-answered-phone")

    # The UFR marks the file complete.
    desk.goto(reverse("applications:detail", args=[application.pk]))
    assert "Voici le relevé N-1 lisible." in desk.content()
    desk.get_by_role("link", name="Statuer sur le dossier").click()
    visit(desk, "applications-17-decision-form")
    desk.get_by_label("Dossier complet").check(force=True)
    desk.get_by_role("button", name="Enregistrer la décision").click()
    assert "Décision enregistrée" in desk.content()
    visit(desk, "applications-18-complete")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETE
    assert [t.to_status for t in application.transitions.all()] == [
        "draft",
        "submitted",
        "corrections_requested",
        "submitted",
        "complete",
    ]


def test_ufr_agent_opens_a_campaign_and_exports_the_queue(world, new_page, transactional_db, scanner):
    year = academic_year()
    page = new_page()
    log_in(page, world.users["ufr_agent"].email, PASSWORD)
    page.goto(reverse("applications:campaigns"))
    visit(page, "applications-20-campaigns")
    page.get_by_role("link", name="Nouvelle campagne").click()
    visit(page, "applications-21-campaign-form")
    page.get_by_label("UFR").select_option(label=str(world.ufr_a.faculty))
    page.get_by_label("Année universitaire").select_option(label=str(year))
    page.get_by_label("Ouverture du dépôt").fill("2027-01-05T09:00")
    page.get_by_label("Date et heure limites de dépôt").fill("2027-03-31T23:59")
    page.get_by_label("Date de la commission").fill("2027-05-12")
    page.get_by_label("Coefficient du projet professionnel").fill("2")
    page.get_by_label("État").select_option("open")
    page.get_by_role("button", name="Enregistrer").click()
    assert "Campagne créée." in page.content()
    visit(page, "applications-22-campaign-created")
    page.goto(reverse("applications:queue"))
    page.locator("summary", has_text="Exporter").click()
    page.get_by_label("Lieu envisagé").check(force=True)
    page.get_by_label("Excel (XLSX)").check(force=True)
    visit(page, "applications-23-export-form")
    with page.expect_download() as download:
        page.get_by_role("button", name="Exporter").click()
    assert download.value.suggested_filename.endswith(".xlsx")
