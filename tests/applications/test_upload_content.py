"""What a candidate uploads is stored and served under a safe name with the extension of its detected
type, and a file hiding another format is refused on the page (issue 11, item 20)."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cesp.applications import services
from cesp.applications.models import ScanStatus, SupportingDocument
from tests.applications.helpers import open_campaign, tiny_pdf, upload
from tests.core.test_uploads import HTML, jpeg, zip_archive


@pytest.fixture
def live_application(world):
    now = timezone.now()
    campaign = open_campaign(world)
    campaign.filing_opens_at, campaign.filing_deadline = now - timedelta(days=3), now + timedelta(days=20)
    campaign.save()
    return services.application_start(candidate=world.users["candidate"], campaign=campaign, at=now)


def documents_url(application):
    return reverse("applications:step", kwargs={"pk": application.pk, "step": "documents"})


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("evil.html", tiny_pdf() + HTML, "après la fin du PDF"),
        ("photo.jpg", jpeg() + HTML, "après sa fin"),
        ("releve.pdf", tiny_pdf() + zip_archive(), "après la fin du PDF"),
    ],
    ids=["pdf-html-polyglot", "jpeg-html-trailer", "pdf-zip-appended"],
)
def test_a_polyglot_is_refused_on_the_page_and_nothing_is_stored(
    world, client_for, live_application, name, content, expected
):
    response = client_for("candidate").post(
        documents_url(live_application), {"kind": "identity", "file": upload(name, content)}
    )
    assert response.status_code == 422
    assert expected in html.unescape(response.content.decode())
    assert not SupportingDocument.objects.exists()


def test_a_pdf_named_html_is_stored_and_served_as_a_pdf(world, client_for, live_application):
    client = client_for("candidate")
    response = client.post(
        documents_url(live_application), {"kind": "identity", "file": upload("evil.html", tiny_pdf())}
    )
    assert response.status_code == 302
    document = SupportingDocument.objects.get()
    assert document.file.name.endswith(".pdf") and ".html" not in document.file.name
    SupportingDocument.objects.filter(pk=document.pk).update(scan_status=ScanStatus.CLEAN)
    download = client.get(reverse("applications:document", kwargs={"pk": document.pk}))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="evil.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"


def test_an_odd_name_is_served_as_a_slug(world, client_for, live_application):
    client = client_for("candidate")
    client.post(
        documents_url(live_application),
        {"kind": "transcript_n1", "file": upload("..\\..\\Relevé de notes (L3).PDF", tiny_pdf())},
    )
    document = SupportingDocument.objects.get()
    SupportingDocument.objects.filter(pk=document.pk).update(scan_status=ScanStatus.CLEAN)
    download = client.get(reverse("applications:document", kwargs={"pk": document.pk}))
    assert download["Content-Disposition"] == 'attachment; filename="releve-de-notes-l3.pdf"'
