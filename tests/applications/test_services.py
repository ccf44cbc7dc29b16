import pytest
from django.core import mail

from cesp.applications import services
from cesp.applications.models import (
    ApplicationStatus,
)
from cesp.core.models import AuditEvent
from tests.applications.helpers import NOW, add_required_documents, draft

pytestmark = pytest.mark.django_db


def test_a_draft_is_filled_step_by_step_and_submitted_with_a_receipt(
    world, django_capture_on_commit_callbacks
):
    application = draft(world)
    assert application.status == ApplicationStatus.DRAFT
    assert services.missing_items(application)  # documents missing
    add_required_documents(application)
    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_submit(
            actor=application.candidate, application=application, expected_version=None, at=NOW
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.submitted_at == NOW
    assert application.receipt.name.endswith(".pdf")
    assert [t.to_status for t in application.transitions.all()] == ["draft", "submitted"]
    assert AuditEvent.objects.filter(action="application.submitted", object_id=str(application.pk)).exists()
    assert len(mail.outbox) == 1
    assert application.reference in mail.outbox[0].subject
    assert mail.outbox[0].attachments[0][2] == "application/pdf"
