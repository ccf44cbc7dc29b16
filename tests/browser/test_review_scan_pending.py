"""The candidate's review step never says « Votre dossier est complet » while a scan is pending
(issue 11, item 1): it says which pieces the antivirus has not analysed yet."""

from datetime import timedelta

from django.utils import timezone

from cesp.applications import services
from cesp.applications.models import ScanStatus
from tests.applications.helpers import add_required_documents, fill, open_campaign
from tests.browser.conftest import assert_accessible, log_in, screenshot
from tests.factories import PASSWORD


def test_review_with_a_pending_scan(world, new_page, transactional_db, settings):
    settings.CLAMD_SOCKET = settings.CLAMD_HOST = ""
    settings.DEMO_WITHOUT_ANTIVIRUS = False
    now = timezone.now()
    campaign = open_campaign(world)
    campaign.filing_opens_at, campaign.filing_deadline = now - timedelta(days=3), now + timedelta(days=20)
    campaign.save()
    application = fill(
        services.application_start(candidate=world.users["candidate"], campaign=campaign, at=now), at=now
    )
    add_required_documents(application, at=now, clean=False)
    application.documents.exclude(kind="identity").update(scan_status=ScanStatus.CLEAN)

    page = new_page(phone=True)
    log_in(page, world.users["candidate"].email, PASSWORD)
    page.goto(f"/candidatures/dossiers/{application.pk}/etape/review/")
    text = page.locator("main").inner_text()
    assert "Votre dossier est complet" not in text
    assert "Ces pièces attendent encore l'analyse antivirus" in text
    assert "Pièce d'identité" in page.locator(".fr-alert--info").inner_text()
    screenshot(page, "review-scan-pending")
    assert_accessible(page, "review-scan-pending")

    application.documents.update(scan_status=ScanStatus.CLEAN)
    page.reload()
    assert "Votre dossier est complet" in page.locator("main").inner_text()
