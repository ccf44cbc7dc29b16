"""Background work of the offers: lapses past the deadline (the contract passes at once to the next
ranked candidate) and reminders before it. Both are safe to run again at any time; enqueue them from
cron with ``manage.py contracts_tasks`` (every few minutes: a lapse should pass the offer on at once)."""

from django.tasks import task
from django.utils import timezone

from cesp.contracts import offers, reminders


@task
def lapse_due_offers() -> int:
    return offers.offers_lapse_due(now=timezone.now())


@task
def send_offer_reminders() -> int:
    return reminders.offer_reminders_send(now=timezone.now())


@task
def dispatch_available_offers() -> int:
    """Decrees that took effect since the last run, or lists validated late: offer what is free."""
    return len(offers.offers_dispatch_all(now=timezone.now()))
