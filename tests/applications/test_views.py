"""The pages: a candidate files through the step forms; the UFR instructs through its pages."""

import html
import io
from datetime import timedelta

import pypdf
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cesp.applications import services
from cesp.applications.models import Application, ApplicationStatus, ScanStatus
from tests.applications.helpers import PNG_1PX, open_campaign, submitted, tiny_pdf, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_campaign(world):
    """A campaign open now (the views use the real clock)."""
    now = timezone.now()
    campaign = open_campaign(world)
    campaign.filing_opens_at, campaign.filing_deadline = now - timedelta(days=3), now + timedelta(days=20)
    campaign.save()
    return campaign


def text(response) -> str:
    return html.unescape(response.content.decode())


def step_url(application, step):
    return reverse("applications:step", kwargs={"pk": application.pk, "step": step})


def test_candidate_files_through_the_pages(
    world, client_for, live_campaign, django_capture_on_commit_callbacks
):
    client = client_for("candidate")
    page = client.get(reverse("applications:mine"))
    assert str(live_campaign) in text(page)
    response = client.post(reverse("applications:start", kwargs={"campaign_pk": live_campaign.pk}))
    application = Application.objects.get(candidate=world.users["candidate"])
    assert response["Location"] == step_url(application, "situation")
    assert client.get(step_url(application, "situation")).status_code == 200

    def post(step, data):
        application.refresh_from_db()
        return client.post(step_url(application, step), {**data, "version": application.version})

    assert post("situation", {"cursus": "medecine", "status_at_signature": "student", "current_year": "5"})[
        "Location"
    ] == step_url(application, "project")
    post(
        "project",
        {
            "practice_mode": "mixed",
            "intended_region": world.region_a.pk,
            "intended_place": "Fourmies",
            "motivation": "Médecine générale en maison de santé, en zone d'intervention prioritaire.",
        },
    )
    post(
        "financial",
        {"has_scholarship": "false", "dependants": "1", "has_student_job": "true", "student_job_hours": "10"},
    )
    for kind in services.required_document_kinds(application):
        response = client.post(
            step_url(application, "documents"), {"kind": kind, "file": upload(f"{kind}.pdf")}
        )
        assert response.status_code == 302, text(response)[:2000]
    review = client.get(step_url(application, "review"))
    assert "Il manque" not in text(review)
    application.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            step_url(application, "review"), {"version": application.version, "certify": "on"}
        )
    assert response["Location"] == reverse("applications:detail", kwargs={"pk": application.pk})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert (application.current_year, application.student_job_hours, application.cycle) == (5, 10, 2)
    # The receipt: a dated PDF, read back.
    receipt = client.get(reverse("applications:receipt", kwargs={"pk": application.pk}))
    pdf_text = pypdf.PdfReader(io.BytesIO(b"".join(receipt.streaming_content))).pages[0].extract_text()
    assert application.reference in pdf_text
    assert "Accusé de réception" in pdf_text
    assert timezone.localtime(application.submitted_at).strftime("%H:%M") in pdf_text
    assert len(mail.outbox) == 1
    # Frozen: the step pages send back to the file, a forged POST changes nothing.
    assert client.get(step_url(application, "project"))["Location"].endswith(f"/dossiers/{application.pk}/")
    client.post(
        step_url(application, "project"), {"intended_place": "Ailleurs", "version": application.version}
    )
    application.refresh_from_db()
    assert application.intended_place == "Fourmies"


def test_bad_uploads_get_a_french_message_and_change_nothing(world, client_for, live_campaign, settings):
    settings.DOCUMENT_MAX_BYTES = 2000
    client = client_for("candidate")
    application = services.application_start(
        candidate=world.users["candidate"], campaign=live_campaign, at=timezone.now()
    )
    url = step_url(application, "documents")
    too_big = client.post(url, {"kind": "identity", "file": upload("gros.pdf", tiny_pdf() + b"\0" * 3000)})
    assert too_big.status_code == 422
    assert "taille maximale" in text(too_big)
    wrong = client.post(url, {"kind": "identity", "file": upload("virus.pdf", b"MZ\x90\x00 not a pdf")})
    assert wrong.status_code == 422
    assert "Type de fichier refusé" in text(wrong)
    no_file = client.post(url, {"kind": "identity"})
    assert no_file.status_code == 422
    bad_kind = client.post(url, {"kind": "passport", "file": upload("a.png", PNG_1PX)})
    assert bad_kind.status_code == 422
    assert not application.documents.exists()


def test_submission_after_the_deadline_is_refused_on_the_page(world, client_for, live_campaign):
    from tests.applications.helpers import add_required_documents, fill

    application = services.application_start(
        candidate=world.users["candidate"], campaign=live_campaign, at=timezone.now()
    )
    application = fill(application, at=timezone.now())
    add_required_documents(application, at=timezone.now())
    Application.objects.filter(pk=application.pk).update()
    live_campaign.filing_deadline = timezone.now() - timedelta(minutes=1)
    live_campaign.filing_opens_at = timezone.now() - timedelta(days=10)
    live_campaign.save()
    application.refresh_from_db()
    client = client_for("candidate")
    page = client.get(step_url(application, "review"))
    assert "est passée" in text(page)
    response = client.post(step_url(application, "review"), {"version": application.version, "certify": "on"})
    assert response.status_code == 422
    assert "date limite de dépôt" in text(response)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_garbage_input_never_gives_a_500(world, client_for):
    application = submitted(world)
    agent = client_for("ufr_agent")
    for data in (
        {},
        {"version": "abc"},
        {"version": "-1", "decision": "maybe"},
        {"version": "999999999999999999999"},
    ):
        assert agent.post(
            reverse("applications:decide", kwargs={"pk": application.pk}), data
        ).status_code in (200, 422)
        assert agent.post(
            reverse("applications:request_corrections", kwargs={"pk": application.pk}), data
        ).status_code in (200, 422)
    for query in (
        "?page=abc",
        "?per_page=7&sort=evil&cycle=x&campaign=zz",
        "?q=%00",
        "?status=nope&page=999",
    ):
        assert agent.get(reverse("applications:queue") + query).status_code == 200, query
    assert agent.get(reverse("applications:export") + "?columns=nope&format=pdf").status_code == 302
    candidate = client_for("candidate")
    assert candidate.get(step_url(application, "nowhere")).status_code in (302, 404)
    assert candidate.post(step_url(application, "situation"), {"version": "x"}).status_code in (200, 302)


def test_agent_requests_corrections_and_decides_through_the_pages(
    world, client_for, django_capture_on_commit_callbacks
):
    application = submitted(world)
    agent = client_for("ufr_agent")
    detail = text(agent.get(reverse("applications:detail", kwargs={"pk": application.pk})))
    assert "Demander des compléments" in detail and application.documents.first().sha256 in detail
    url = reverse("applications:request_corrections", kwargs={"pk": application.pk})
    empty = agent.post(url, {"version": application.version, "message": "Quoi ?"})
    assert "Cochez au moins" in text(empty)
    with django_capture_on_commit_callbacks(execute=True):
        response = agent.post(
            url,
            {
                "version": application.version,
                "message": "Relevé N-2 manquant.",
                "document_kinds": ["transcript_n2"],
            },
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CORRECTIONS_REQUESTED
    # A second agent with the page opened before: refused, nothing changed.
    stale = agent.post(
        reverse("applications:decide", kwargs={"pk": application.pk}),
        {"version": application.version - 1, "decision": "inadmissible", "reason": "Hors délai"},
    )
    assert "modifié par quelqu'un d'autre" in text(stale)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CORRECTIONS_REQUESTED
    # The candidate answers.
    candidate = client_for("candidate")
    answer = reverse("applications:answer", kwargs={"pk": application.pk})
    assert "Relevé N-2 manquant." in text(candidate.get(answer))
    upload_response = candidate.post(
        step_url(application, "documents"), {"kind": "transcript_n2", "file": upload()}
    )
    assert upload_response.status_code == 302
    refused = candidate.post(step_url(application, "documents"), {"kind": "identity", "file": upload()})
    assert refused.status_code == 422  # identity was not reopened: not even offered
    application.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        candidate.post(answer, {"version": application.version, "answer": "Relevé ajouté."})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    application.documents.update(scan_status=ScanStatus.CLEAN)
    agent = client_for("ufr_agent")
    response = agent.post(
        reverse("applications:decide", kwargs={"pk": application.pk}),
        {"version": application.version, "decision": "complete", "reason": ""},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETE
    detail = text(agent.get(reverse("applications:detail", kwargs={"pk": application.pk})))
    for label in ("Déposé", "Compléments demandés", "Complet", "Relevé ajouté."):
        assert label in detail


def test_withdrawal_page(world, client_for):
    application = submitted(world)
    client = client_for("candidate")
    url = reverse("applications:withdraw", kwargs={"pk": application.pk})
    assert client.get(url).status_code == 200
    assert client.post(url, {"version": application.version, "reason": ""}).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_campaign_pages(world, client_for):
    from tests.applications.helpers import academic_year

    year = academic_year()
    agent = client_for("ufr_agent")
    data = {
        "kind": "UFR",
        "faculty": world.ufr_a.faculty.pk,
        "academic_year": year.pk,
        "filing_opens_at": "2027-01-05T09:00",
        "filing_deadline": "2027-03-31T23:59",
        "commission_date": "2027-05-12",
        "weight_project": "2",
        "weight_academic": "1",
        "weight_financial": "1",
        "status": "open",
    }
    assert (
        agent.post(
            reverse("applications:campaign_create"), {**data, "faculty": world.ufr_b.faculty.pk}
        ).status_code
        == 200
    )
    assert agent.post(reverse("applications:campaign_create"), data).status_code == 302
    campaign = world.ufr_a.faculty.campaigns.get()
    assert (campaign.region, campaign.discipline, campaign.created_by) == (
        world.region_a,
        "medecine",
        world.users["ufr_agent"],
    )
    again = agent.post(reverse("applications:campaign_create"), data)
    assert again.status_code == 200  # one campaign per UFR and year, said in French
    assert "déjà une campagne pour cette année" in text(again)
    edit = reverse("applications:campaign_edit", kwargs={"pk": campaign.pk})
    assert (
        agent.post(edit, {**data, "filing_deadline": "2027-06-30T12:00"}).status_code == 200
    )  # after the commission
    assert agent.post(edit, {**data, "weight_project": "3"}).status_code == 302
    campaign.refresh_from_db()
    assert campaign.weight_project == 3
    assert client_for("ars_referent").get(edit).status_code == 403
    ars = client_for("ars_referent")
    padhue = {**data, "kind": "PADHUE", "region": world.region_a.pk, "discipline": "medecine"}
    padhue.pop("faculty")
    assert ars.post(reverse("applications:campaign_create"), padhue).status_code == 302
    assert world.region_a.campaigns.filter(kind="PADHUE").exists()
