"""Later apps (payments, follow-up, breach) react to the contracts app through these signals.

``timeline_changed`` is sent after the transaction that recorded an event of a contract's timeline (or
cancelled one) commits, with ``sender=Contract``, ``contract`` and ``event`` (the new ``ContractEvent``:
for an annulment, the cancellation, whose ``cancels`` is the event withdrawn). What the rules derive
from the timeline (schedule, amounts due) may have changed: a payment run computed before is stale.
"""

from django.dispatch import Signal

timeline_changed = Signal()
