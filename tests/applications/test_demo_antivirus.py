"""The demo without clamd (DEMO_WITHOUT_ANTIVIRUS): documents accepted and visibly marked unscanned, so
that a file can go the whole way; once a scanner answers they are scanned like pending ones. Without
the setting nothing changes: no scanner, the document waits. And the candidate is never told that the
file is complete while a scan is pending (issue 11, item 1)."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cesp.applications import services
from cesp.applications.models import ApplicationStatus, ScanStatus
from cesp.applications.tasks import rescan_pending_documents
from cesp.core import encryption
from tests.applications.clamav import EICAR
from tests.applications.helpers import (
    NOW,
    add_required_documents,
    draft,
    fill,
    open_campaign,
    submitted,
    upload,
)


@pytest.fixture
def demo_without_antivirus(settings):
    settings.CLAMD_SOCKET = settings.CLAMD_HOST = ""
    settings.DEMO_WITHOUT_ANTIVIRUS = True


def test_documents_are_accepted_unscanned_and_usable(world, demo_without_antivirus):
    application = draft(world)
    document = services.document_add(
        actor=application.candidate, application=application, kind="identity", uploaded=upload(), at=NOW
    )
    assert document.scan_status == ScanStatus.UNSCANNED and document.is_usable
    assert document.get_scan_status_display() == "Non analysé (démonstration sans antivirus)"


def test_a_file_of_unscanned_documents_can_be_declared_complete(world, demo_without_antivirus):
    application = draft(world)
    add_required_documents(application, clean=False)
    application = services.application_submit(
        actor=application.candidate, application=application, expected_version=None, at=NOW
    )
    application = services.application_mark_complete(
        actor=world.users["ufr_agent"], application=application, expected_version=None, at=NOW
    )
    assert application.status == ApplicationStatus.COMPLETE


def test_the_instructor_sees_the_mark_and_can_download(world, client_for, demo_without_antivirus):
    application = submitted(world)
    application.documents.update(scan_status=ScanStatus.UNSCANNED)
    client = client_for("ufr_agent")
    page = html.unescape(client.get(reverse("applications:detail", args=[application.pk])).content.decode())
    assert "Non analysé (démonstration sans antivirus)" in page
    document = application.documents.first()
    assert client.get(reverse("applications:document", args=[document.pk])).status_code == 200


def test_without_the_setting_unscanned_documents_are_not_usable(world, settings):
    settings.DEMO_WITHOUT_ANTIVIRUS = False
    application = submitted(world)
    application.documents.update(scan_status=ScanStatus.UNSCANNED)
    with pytest.raises(services.ApplicationError, match="pas encore été déclarées saines"):
        services.application_mark_complete(
            actor=world.users["ufr_agent"], application=application, expected_version=None, at=NOW
        )


def test_once_a_scanner_answers_unscanned_documents_are_scanned(world, settings, clamd_socket):
    settings.CLAMD_SOCKET, settings.DEMO_WITHOUT_ANTIVIRUS = "", True
    application = draft(world)
    clean = services.document_add(
        actor=application.candidate, application=application, kind="identity", uploaded=upload(), at=NOW
    )
    infected = services.document_add(
        actor=application.candidate, application=application, kind="other", uploaded=upload(), at=NOW
    )
    infected.file.storage.write_raw(
        infected.file.name, encryption.encrypt_bytes(EICAR)
    )  # as stored: encrypted
    assert rescan_pending_documents.enqueue().return_value["clean"] == 0  # no scanner yet: nothing to do
    settings.CLAMD_SOCKET = clamd_socket
    assert rescan_pending_documents.enqueue().return_value == {
        "clean": 1,
        "infected": 1,
        "pending": 0,
        "unscanned": 0,
    }
    clean.refresh_from_db()
    infected.refresh_from_db()
    assert clean.scan_status == ScanStatus.CLEAN and infected.scan_status == ScanStatus.INFECTED


def test_the_review_step_never_says_complete_while_a_scan_is_pending(world, client_for, settings):
    settings.CLAMD_SOCKET = settings.CLAMD_HOST = ""
    settings.DEMO_WITHOUT_ANTIVIRUS = False
    now = timezone.now()
    campaign = open_campaign(world)
    campaign.filing_opens_at = now - timedelta(days=3)
    campaign.filing_deadline = now + timedelta(days=20)
    campaign.save()
    application = services.application_start(candidate=world.users["candidate"], campaign=campaign, at=now)
    application = fill(application, at=now)
    add_required_documents(application, at=now, clean=False)
    url = reverse("applications:step", kwargs={"pk": application.pk, "step": "review"})
    page = html.unescape(client_for("candidate").get(url).content.decode())
    assert "Votre dossier est complet" not in page
    assert "Ces pièces attendent encore l'analyse antivirus" in page
    application.documents.update(scan_status=ScanStatus.CLEAN)
    page = html.unescape(client_for("candidate").get(url).content.decode())
    assert "Votre dossier est complet" in page
