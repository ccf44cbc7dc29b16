from datetime import timedelta

import pytest
from django.core import mail

from cesp.applications import services
from cesp.applications.models import (
    Application,
    ApplicationStatus,
    ApplicationTransition,
    CorrectionRequest,
    DocumentKind,
    ScanStatus,
)
from cesp.core.models import AuditEvent
from tests.applications.helpers import NOW, add_required_documents, draft, open_campaign, submitted, upload

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


def test_submission_after_the_deadline_is_refused_and_changes_nothing(world):
    application = draft(world)
    add_required_documents(application)
    version = Application.objects.get(pk=application.pk).version
    late = application.campaign.filing_deadline + timedelta(minutes=1)
    with pytest.raises(services.ApplicationError, match="date limite de dépôt"):
        services.application_submit(
            actor=application.candidate, application=application, expected_version=None, at=late
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.version == version
    assert not application.receipt


def test_an_incomplete_file_cannot_be_submitted(world):
    application = draft(world)
    with pytest.raises(services.ApplicationError, match="Pièce d'identité"):
        services.application_submit(
            actor=application.candidate, application=application, expected_version=None, at=NOW
        )


def test_eligibility_comes_from_the_rules(world):
    application = services.application_start(
        candidate=world.users["candidate"], campaign=open_campaign(world), at=NOW
    )
    with pytest.raises(services.ApplicationError, match="4e année"):
        services.application_update_step(
            actor=application.candidate,
            application=application,
            step="situation",
            data={"cursus": "medecine", "status_at_signature": "student", "current_year": 3},
            expected_version=None,
            at=NOW,
        )
    with pytest.raises(services.ApplicationError, match="PADHUE"):
        services.application_update_step(
            actor=application.candidate,
            application=application,
            step="situation",
            data={"cursus": "medecine", "status_at_signature": "padhue", "current_year": None},
            expected_version=None,
            at=NOW,
        )


def test_first_cycle_opens_only_with_r3(world):
    from cesp.applications.eligibility import application_eligibility_errors

    campaign = open_campaign(world)
    before = application_eligibility_errors(
        campaign=campaign,
        cursus="medecine",
        status_at_signature="first_cycle",
        current_year=2,
        applied_on=NOW.date().replace(year=2025),
    )
    after = application_eligibility_errors(
        campaign=campaign,
        cursus="medecine",
        status_at_signature="first_cycle",
        current_year=2,
        applied_on=NOW.date(),
    )
    assert any("R3" in e["message"] for e in before)
    assert after == []


def test_a_submitted_file_is_frozen(world):
    application = submitted(world)
    with pytest.raises(services.ApplicationError, match="figé"):
        services.application_update_step(
            actor=application.candidate,
            application=application,
            step="project",
            data={"intended_place": "Ailleurs"},
            expected_version=None,
            at=NOW,
        )
    with pytest.raises(services.ApplicationError, match="figé"):
        services.document_add(
            actor=application.candidate, application=application, kind="other", uploaded=upload(), at=NOW
        )
    application.refresh_from_db()
    assert application.intended_place == "Maubeuge"


def test_correction_reopens_only_what_was_asked_then_the_answer_refreezes(
    world, django_capture_on_commit_callbacks
):
    application = submitted(world)
    agent = world.users["ufr_agent"]
    with django_capture_on_commit_callbacks(execute=True):
        correction = services.correction_request(
            actor=agent,
            application=application,
            message="Précisez le lieu d'exercice et redéposez le relevé N-1.",
            sections=["project"],
            document_kinds=["transcript_n1"],
            expected_version=None,
            at=NOW,
        )
    assert "compléments" in mail.outbox[-1].subject
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CORRECTIONS_REQUESTED
    # What was asked may change...
    services.application_update_step(
        actor=application.candidate,
        application=application,
        step="project",
        data={"intended_place": "Avesnes-sur-Helpe"},
        expected_version=None,
        at=NOW,
    )
    services.document_add(
        actor=application.candidate, application=application, kind="transcript_n1", uploaded=upload(), at=NOW
    )
    # ...nothing else.
    with pytest.raises(services.ApplicationError, match="pas rouvert"):
        services.application_update_step(
            actor=application.candidate,
            application=application,
            step="financial",
            data={"dependants": 3},
            expected_version=None,
            at=NOW,
        )
    with pytest.raises(services.ApplicationError, match="pas rouvert"):
        services.document_add(
            actor=application.candidate, application=application, kind="identity", uploaded=upload(), at=NOW
        )
    assert application.documents.current().filter(kind="transcript_n1").count() == 1
    assert application.documents.filter(kind="transcript_n1").count() == 2  # the first one is kept, replaced
    with django_capture_on_commit_callbacks(execute=True):
        services.correction_answer(
            actor=application.candidate,
            application=application,
            answer="Lieu précisé, relevé redéposé.",
            expected_version=None,
            at=NOW + timedelta(days=1),
        )
    application.refresh_from_db()
    correction.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert correction.answered_at is not None and correction.answer.startswith("Lieu")
    assert {m.to[0] for m in mail.outbox[-2:]} == {application.candidate.email, agent.email}
    assert application.intended_place == "Avesnes-sur-Helpe"


def test_complete_requires_clean_documents_then_records_who_and_why(
    world, django_capture_on_commit_callbacks
):
    application = submitted(world)
    agent = world.users["ufr_agent"]
    application.documents.filter(kind="identity").update(scan_status=ScanStatus.PENDING)
    with pytest.raises(services.ApplicationError, match="antivirus"):
        services.application_mark_complete(
            actor=agent, application=application, expected_version=None, at=NOW
        )
    application.documents.update(scan_status=ScanStatus.CLEAN)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_mark_complete(
            actor=agent, application=application, expected_version=None, reason="RAS", at=NOW
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETE
    last = ApplicationTransition.objects.filter(application=application).last()
    assert (last.from_status, last.to_status, last.actor, last.reason) == (
        "submitted",
        "complete",
        agent,
        "RAS",
    )
    assert "complet" in mail.outbox[-1].subject


def test_inadmissible_needs_a_reason(world, django_capture_on_commit_callbacks):
    application = submitted(world)
    agent = world.users["ufr_agent"]
    with pytest.raises(services.ApplicationError, match="motif"):
        services.application_mark_inadmissible(
            actor=agent, application=application, expected_version=None, reason=" ", at=NOW
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.application_mark_inadmissible(
            actor=agent,
            application=application,
            expected_version=None,
            reason="Hors délai de scolarité.",
            at=NOW,
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INADMISSIBLE
    assert "Hors délai" in mail.outbox[-1].body


def test_a_stale_version_is_refused_with_a_french_message(world):
    application = submitted(world)
    stale = application.version
    services.correction_request(
        actor=world.users["ufr_agent"],
        application=application,
        message="Pièce illisible.",
        sections=[],
        document_kinds=["identity"],
        expected_version=stale,
        at=NOW,
    )
    with pytest.raises(services.StaleApplication, match="modifié par quelqu'un d'autre"):
        services.application_mark_inadmissible(
            actor=world.other_ufr_agent, application=application, expected_version=stale, reason="x", at=NOW
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CORRECTIONS_REQUESTED
    assert CorrectionRequest.objects.filter(application=application).count() == 1


def test_withdrawal(world):
    application = submitted(world)
    services.application_withdraw(
        actor=application.candidate,
        application=application,
        expected_version=None,
        reason="Autre projet",
        at=NOW,
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    with pytest.raises(services.ApplicationError):
        services.application_withdraw(
            actor=application.candidate, application=application, expected_version=None, reason="", at=NOW
        )
    # A withdrawn file frees the campaign: the candidate may start again.
    again = services.application_start(candidate=application.candidate, campaign=application.campaign, at=NOW)
    assert again.pk != application.pk


def test_start_is_refused_outside_the_filing_period(world):
    campaign = open_campaign(world)
    with pytest.raises(services.ApplicationError, match="n'accepte pas"):
        services.application_start(
            candidate=world.users["candidate"],
            campaign=campaign,
            at=campaign.filing_deadline + timedelta(seconds=1),
        )


def test_campaign_rules(world):

    with pytest.raises(services.ApplicationError, match="après la date limite"):
        services.campaign_update(
            actor=world.users["ufr_agent"],
            campaign=open_campaign(world),
            commission_date=(NOW - timedelta(days=1)).date(),
        )
    with pytest.raises(services.ApplicationError, match="suivre l'ouverture"):
        open_campaign(world, faculty=world.ufr_b.faculty, deadline=NOW - timedelta(days=60))


def test_reminders_go_once_to_unfinished_drafts_before_the_deadline(
    world, settings, django_capture_on_commit_callbacks
):
    from cesp.applications.tasks import send_deadline_reminders

    campaign = open_campaign(world, deadline=NOW + timedelta(days=5))
    mine = draft(world, campaign)
    other = submitted(world, campaign, world.other_candidate)
    at = NOW
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(at=at, days=7) == 1
    assert mail.outbox[-1].to == [mine.candidate.email]
    assert "brouillon" in mail.outbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(at=at, days=7) == 0
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.reminder_sent_at == at and other.reminder_sent_at is None
    # Too early: nothing.
    assert services.reminders_send(at=at - timedelta(days=30), days=7) == 0
    # The task runs the same service (immediate backend in tests).
    result = send_deadline_reminders.enqueue()
    assert result.return_value == 0


def test_every_transition_is_in_the_audit_trail(world):
    application = submitted(world)
    services.application_mark_complete(
        actor=world.users["ufr_agent"], application=application, expected_version=None, at=NOW
    )
    actions = set(AuditEvent.objects.filter(object_id=str(application.pk)).values_list("action", flat=True))
    assert {"application.create", "application.submitted", "application.complete"} <= actions
    assert DocumentKind.IDENTITY  # the vocabulary is importable from the models


def test_a_mail_server_down_does_not_undo_the_submission(
    world, settings, django_capture_on_commit_callbacks, caplog
):
    from unittest import mock

    application = draft(world)
    add_required_documents(application)
    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("SMTP down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.application_submit(
            actor=application.candidate, application=application, expected_version=None, at=NOW
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    # Each try is logged with its traceback; the worker tries again (immediately with the tests' task
    # backend), then gives the message up with an error (tests/core/test_mail.py).
    failures = [r for r in caplog.records if r.name == "cesp.core.mail"]
    assert failures[0].levelname == "WARNING" and failures[0].exc_info
    assert "votre dossier" in failures[0].getMessage() and "1 destinataire(s)" in failures[0].getMessage()
    assert failures[-1].levelname == "ERROR" and "abandonné" in failures[-1].getMessage()


def test_padhue_files_go_to_the_ars_of_the_region(world, django_capture_on_commit_callbacks):
    from cesp.accounts.scopes import scope_for_membership
    from cesp.applications import selectors
    from tests.applications.helpers import academic_year

    ars = world.users["ars_referent"]
    campaign = services.campaign_create(
        actor=ars,
        kind="PADHUE",
        faculty=None,
        region=world.region_a,
        discipline="medecine",
        academic_year=academic_year(),
        title="",
        filing_opens_at=NOW - timedelta(days=10),
        filing_deadline=NOW + timedelta(days=10),
        commission_date=(NOW + timedelta(days=30)).date(),
        weight_project=1,
        weight_academic=1,
        weight_financial=1,
        status="open",
    )
    application = services.application_start(candidate=world.users["candidate"], campaign=campaign, at=NOW)
    assert application.status_at_signature == "padhue" and application.cycle is None
    for step, data in (
        ("situation", {"cursus": "medecine", "status_at_signature": "padhue", "current_year": None}),
        ("project", {"practice_mode": "salaried", "intended_region": world.region_a, "motivation": "M" * 40}),
    ):
        services.application_update_step(
            actor=application.candidate,
            application=application,
            step=step,
            data=data,
            expected_version=None,
            at=NOW,
        )
    assert services.required_document_kinds(application) == ["identity", "motivation_letter"]
    add_required_documents(application)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(
            actor=application.candidate, application=application, expected_version=None, at=NOW
        )
    application.refresh_from_db()
    ars_scope = scope_for_membership(ars.memberships.get())
    ufr_scope = scope_for_membership(world.users["ufr_agent"].memberships.get())
    assert selectors.can_instruct(ars_scope, application)
    assert not selectors.application_list(scope=ufr_scope).filter(pk=application.pk).exists()
    assert (
        not selectors.application_list(scope=scope_for_membership(world.other_ars_referent.memberships.get()))
        .filter(pk=application.pk)
        .exists()
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.correction_request(
            actor=ars,
            application=application,
            message="Pièce d'identité expirée.",
            sections=[],
            document_kinds=["identity"],
            expected_version=None,
            at=NOW,
        )
        services.document_add(
            actor=application.candidate, application=application, kind="identity", uploaded=upload(), at=NOW
        )
        application.documents.update(scan_status=ScanStatus.CLEAN)
        services.correction_answer(
            actor=application.candidate,
            application=application,
            answer="Nouvelle pièce.",
            expected_version=None,
            at=NOW,
        )
    assert mail.outbox[-1].to == [ars.email]  # the answer goes to the region's ARS referents
