"""Reminders to candidates before their offer's deadline (the scheduled task ``send_offer_reminders``)."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from cesp.contracts.models import Offer, OfferStatus
from cesp.contracts.offers import notify
from cesp.core.audit import audit_record
from cesp.rules import parameters


def offer_reminders_send(*, now: datetime) -> int:
    """Remind candidates before their deadline (days from the rules' parameters); idempotent."""
    sent = 0
    offer_parameters = parameters(timezone.localdate(now)).offer
    reminder_days = sorted(
        {int(offer_parameters.first_reminder_days_before), int(offer_parameters.last_reminder_days_before)}
    )
    for offer in Offer.objects.filter(status=OfferStatus.PENDING, deadline__gte=now).select_related(
        "candidate"
    ):
        left = offer.deadline - now
        for days in reminder_days:
            if left <= timedelta(days=days) and days not in offer.reminders_sent:
                with transaction.atomic():
                    locked = Offer.objects.select_for_update().get(pk=offer.pk)
                    if days in locked.reminders_sent:
                        continue
                    locked.reminders_sent = [*locked.reminders_sent, days]
                    locked.save(update_fields=["reminders_sent"])
                    audit_record(
                        actor=None, action="offer.reminder", obj=locked, changes={"days_before": days}
                    )
                    notify(
                        locked,
                        f"Plus que {days} jour(s) pour signer votre contrat CESP",
                        "contracts/email/offer_reminder.txt",
                    )
                sent += 1
                break
    return sent
