"""Mail sent after commit never turns a successful action into a 500 (issue 11, point 22): a refused
or unreachable mail server is logged, and the task worker tries the message again later, until it goes
or is given up (logged as an error)."""

import logging
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.tasks import task_backends
from django.urls import reverse
from django.utils import timezone

from cesp.contracts.models import Offer
from cesp.core import mail as outgoing
from cesp.decrees import services as decree_services
from cesp.decrees.models import Category, DecreeKind
from tests.contracts.builders import validated_lists
from tests.second_factor import log_in
from tests.selection.builders import academic_year


@pytest.fixture
def mail_server(monkeypatch):
    """The test mail backend, which refuses every message while ``state["down"]``."""
    state = {"down": True, "refused": 0}
    send = locmem.EmailBackend.send_messages

    def send_or_refuse(self, messages):
        if state["down"]:
            state["refused"] += len(messages)
            raise smtplib.SMTPConnectError(421, "Service not available")
        return send(self, messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", send_or_refuse)
    return state


@pytest.fixture
def queued(settings):
    """A task backend that keeps what is enqueued (as the database backend does until the worker runs)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    backend.clear()
    return backend


def draft_decree(world, count):
    dgos = world.users["dgos_agent"]
    decree = decree_services.decree_create(
        actor=dgos,
        kind=DecreeKind.ANNUAL,
        academic_year=academic_year("2026-2027"),
        title="Arrêté annuel",
        signed_on=timezone.localdate() - timedelta(days=10),
        effective_on=timezone.localdate(),
    )
    decree_services.quota_line_set(
        actor=dgos,
        decree=decree,
        faculty=world.ufr_a.faculty,
        region=None,
        discipline="medecine",
        category=Category.SECOND_CYCLE,
        count=count,
    )
    return decree


def test_publishing_with_the_mail_server_down_answers_and_every_mail_is_retried(
    world, client, transactional_db, mail_server, queued, caplog
):
    validated_lists(world, n_main=3)
    decree = draft_decree(world, 3)
    mail.outbox.clear()
    log_in(client, world.users["dgos_agent"])
    with caplog.at_level(logging.WARNING, logger="cesp.core.mail"):
        response = client.post(
            reverse("decrees:publish", args=[decree.pk]), {"published_on": timezone.localdate().isoformat()}
        )
    assert response.status_code == 302
    assert Offer.objects.count() == 3  # every offer committed, not only the first pool's
    assert mail_server["refused"] == 3 and mail.outbox == []
    assert sum("Une proposition de contrat CESP vous attend" in r.getMessage() for r in caplog.records) == 3
    retries = [r for r in queued.results if r.task.func is outgoing.deliver_mail.func]
    assert len(retries) == 3
    assert all(r.task.run_after > timezone.now() for r in retries)

    # The worker runs them once the server is back: every candidate gets their offer.
    mail_server["down"] = False
    for result in retries:
        assert result.task.call(*result.args, **result.kwargs) is True
    assert sorted(m.to[0] for m in mail.outbox) == sorted(o.candidate.email for o in Offer.objects.all())


def test_a_message_is_tried_again_with_growing_delays_then_given_up(db, mail_server, queued, caplog):
    message = outgoing.Message(subject="Objet", body="Texte", to=["a@exemple.fr"])
    with caplog.at_level(logging.WARNING, logger="cesp.core.mail"):
        assert outgoing.deliver(message.as_json(), attempt=1) is False
        delays = []
        while queued.results:
            result = queued.results.pop()
            delays.append(result.task.run_after - timezone.now())
            assert result.task.call(*result.args, **result.kwargs) is False
    assert len(delays) == len(outgoing.RETRY_DELAYS)
    assert delays == sorted(delays)
    assert caplog.records[-1].levelno == logging.ERROR
    assert "abandonné" in caplog.records[-1].getMessage()


def test_nothing_is_sent_when_the_change_rolls_back(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outgoing.send_after_commit(subject="Objet", body="Texte", to=["a@exemple.fr"])
    assert len(callbacks) == 1 and mail.outbox == []
    callbacks[0]()
    assert [m.subject for m in mail.outbox] == ["Objet"]


def test_attachments_survive_the_queue(db, mail_server, queued):
    message = outgoing.Message(
        subject="Accusé",
        body="Texte",
        to=["a@exemple.fr"],
        attachments=[("a.pdf", b"%PDF-1.4 x", "application/pdf")],
    )
    outgoing.deliver(message.as_json(), attempt=1)
    mail_server["down"] = False
    (result,) = queued.results
    assert result.task.call(*result.args, **result.kwargs) is True
    assert mail.outbox[0].attachments == [("a.pdf", b"%PDF-1.4 x", "application/pdf")]
