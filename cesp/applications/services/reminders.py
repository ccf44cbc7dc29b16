"""Reminders before the filing deadline: each unfinished draft is reminded once (the task
``send_deadline_reminders`` runs this daily)."""

from datetime import datetime, timedelta

from django.db import transaction

from cesp.applications import notifications
from cesp.applications.models import Application, CampaignStatus
from cesp.core.audit import audit_record


def reminder_candidates(*, at: datetime, days: int):
    """Drafts of campaigns closing within ``days`` and not yet reminded."""
    return Application.objects.drafts().filter(
        reminder_sent_at__isnull=True,
        campaign__status=CampaignStatus.OPEN,
        campaign__filing_deadline__gt=at,
        campaign__filing_deadline__lte=at + timedelta(days=days),
    )


def reminders_send(*, at: datetime, days: int) -> int:
    """Send each reminder once: the row is marked in the same transaction as the mail is queued."""
    sent = 0
    for pk in reminder_candidates(at=at, days=days).values_list("pk", flat=True):
        with transaction.atomic():
            application = (
                Application.objects.select_for_update().filter(pk=pk, reminder_sent_at__isnull=True).first()
            )
            if application is None:
                continue
            application.reminder_sent_at = at
            application.save(update_fields=["reminder_sent_at"])
            audit_record(actor=None, action="application.reminder", obj=application)
            transaction.on_commit(lambda pk=pk: notifications.notify_reminder(pk))
            sent += 1
    return sent
