"""Enqueue the periodic work of the offers (run it from cron): lapses, reminders, new offers."""

from django.core.management.base import BaseCommand

from cesp.contracts.tasks import dispatch_available_offers, lapse_due_offers, send_offer_reminders


class Command(BaseCommand):
    help = "Met en file l'expiration des propositions échues, les relances et les propositions disponibles."

    def handle(self, *args, **options):
        results = [
            task.enqueue() for task in (lapse_due_offers, send_offer_reminders, dispatch_available_offers)
        ]
        self.stdout.write("Tâches en file : " + ", ".join(str(result.id) for result in results))
