"""Enqueue the periodic work of the applications (run it from cron): rescans and reminders."""

from django.core.management.base import BaseCommand

from cesp.applications.tasks import rescan_pending_documents, send_deadline_reminders


class Command(BaseCommand):
    help = "Met en file les rescans antivirus des pièces en attente et les relances avant la date limite."

    def handle(self, *args, **options):
        rescan = rescan_pending_documents.enqueue()
        reminders = send_deadline_reminders.enqueue()
        self.stdout.write(f"Tâches en file : {rescan.id}, {reminders.id}")
