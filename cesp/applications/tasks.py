"""Background work of the applications: rescans of pending documents, deadline reminders.

Both are safe to run again at any time (a clean or infected document is not rescanned; a reminder is
sent once per file). ``manage.py applications_tasks`` enqueues them; run it from cron (every few
minutes for rescans, daily is enough for reminders).
"""

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from cesp.applications import services
from cesp.applications.models import SupportingDocument
from cesp.core import antivirus


@task
def rescan_pending_documents(limit: int = 500) -> dict:
    """Scan again the documents left pending (scanner unreachable or not configured at upload), and
    those the demo accepted unscanned; nothing to do while no scanner is configured."""
    counts = {"clean": 0, "infected": 0, "pending": 0, "unscanned": 0}
    if antivirus.client_from_settings() is None:
        return counts
    pending = SupportingDocument.objects.pending_scan().exclude(file="").order_by("uploaded_at", "pk")
    for document in pending[:limit]:
        document = services.document_rescan(document=document, at=timezone.now())
        counts[document.scan_status] += 1
    return counts


@task
def send_deadline_reminders() -> int:
    """Remind candidates whose draft is unfinished, ``APPLICATION_REMINDER_DAYS`` before the deadline."""
    return services.reminders_send(at=timezone.now(), days=settings.APPLICATION_REMINDER_DAYS)
