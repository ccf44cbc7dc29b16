"""Outgoing mail: sent once the change commits, and never the cause of a failed action.

Services call ``send_after_commit`` inside their transaction: a rolled-back change sends nothing, and
the mail says what the database holds. When the transaction commits, the message is sent at once. If
the mail server refuses it or cannot be reached, the failure is logged (a warning, with the subject and
the number of recipients, never the addresses) and the message is handed to the task worker
(``deliver_mail``, ``manage.py db_worker``), which tries it again after each of ``RETRY_DELAYS``; after
the last one it is given up and logged as an error, for the operators to see. Nothing raises: the
action that sent the mail has already succeeded, and every other mail of that action still goes.

A message travels to the worker as JSON (attachments in base64): what the tasks table holds until the
worker has run it.
"""

import base64
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)

# Waits before each new try: a server down for a few minutes, an hour, half a day.
RETRY_DELAYS: tuple[timedelta, ...] = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    to: list[str]
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)  # (name, content, mimetype)

    def as_json(self) -> dict:
        return {
            "subject": self.subject,
            "body": self.body,
            "to": list(self.to),
            "attachments": [
                [name, base64.b64encode(content).decode("ascii"), mimetype]
                for name, content, mimetype in self.attachments
            ],
        }

    @classmethod
    def from_json(cls, data: dict) -> "Message":
        return cls(
            subject=data["subject"],
            body=data["body"],
            to=list(data["to"]),
            attachments=[
                (name, base64.b64decode(content), mimetype) for name, content, mimetype in data["attachments"]
            ],
        )

    def email(self) -> EmailMessage:
        message = EmailMessage(
            subject=self.subject, body=self.body, from_email=settings.DEFAULT_FROM_EMAIL, to=self.to
        )
        for name, content, mimetype in self.attachments:
            message.attach(name, content, mimetype)
        return message


def send_after_commit(*, subject: str, body: str, to, attachments=()) -> None:
    """Send the message once the current transaction commits (at once outside a transaction)."""
    to = [address for address in to if address]
    if not to:
        return
    payload = Message(subject=subject, body=body, to=to, attachments=list(attachments)).as_json()
    transaction.on_commit(lambda: deliver(payload, attempt=1))


def deliver(payload: dict, *, attempt: int) -> bool:
    """One try at sending ``payload``; on failure, the next try is queued (or the message given up).
    True when the mail server took it. Never raises."""
    message = Message.from_json(payload)
    try:
        message.email().send()
    except Exception:  # any backend's failure (SMTP, network, provider API): logged, tried again later
        logger.warning(
            "Envoi du courriel « %s » à %d destinataire(s) impossible (essai %d sur %d)",
            message.subject,
            len(message.to),
            attempt,
            len(RETRY_DELAYS) + 1,
            exc_info=True,
        )
        _retry_later(payload, attempt)
        return False
    return True


def _retry_later(payload: dict, attempt: int) -> None:
    if attempt > len(RETRY_DELAYS):
        logger.error(
            "Courriel « %s » abandonné après %d essais : à renvoyer à la main",
            payload["subject"],
            attempt,
        )
        return
    retry = deliver_mail
    if retry.get_backend().supports_defer:
        retry = retry.using(run_after=timezone.now() + RETRY_DELAYS[attempt - 1])
    try:
        retry.enqueue(payload, attempt + 1)
    except Exception:  # the tasks table unreachable too: the message is lost, say so loudly
        logger.exception("Courriel « %s » perdu : impossible de le confier au worker", payload["subject"])


@task
def deliver_mail(payload: dict, attempt: int) -> bool:
    """The task worker's new try at a message the mail server did not take."""
    return deliver(payload, attempt=attempt)
