"""The instruction of a file by its UFR (by the ARS for a PADHUE campaign): a request for corrections
that reopens only what it names, then the decision: complete or inadmissible, with its reason.

Each of these moves the file along ``workflows.APPLICATION`` (an instructor's move; ``role``: the one
the actor acts in, which the views pass as ``request.scope.role``, else ``acting_role``); the
candidate is told by e-mail after commit.
"""

from datetime import datetime

from django.db import transaction

from cesp.applications import notifications
from cesp.applications.models import (
    Application,
    CorrectionRequest,
    DocumentKind,
    Section,
)
from cesp.applications.services.base import ApplicationError
from cesp.applications.services.drafts import missing_items, required_document_kinds
from cesp.applications.services.files import lock_for, move
from cesp.core import bounds


@transaction.atomic
def correction_request(
    *,
    actor,
    application: Application,
    message: str,
    sections: list[str],
    document_kinds: list[str],
    expected_version: int | None,
    at: datetime,
    role: str | None = None,
) -> CorrectionRequest:
    """Ask the candidate for corrections: the file reopens only for the steps and documents named."""
    application = lock_for(
        application, "request_corrections", actor=actor, role=role, expected_version=expected_version
    )
    message = bounds.check_text(
        (message or "").strip(),
        limit=bounds.MESSAGE_TEXT,
        label="Message au candidat",
        error=ApplicationError,
    )
    if not message:
        raise ApplicationError("Écrivez au candidat ce qui est demandé.")
    sections = [s for s in sections if s in Section.values]
    document_kinds = [k for k in document_kinds if k in DocumentKind.values]
    if not sections and not document_kinds:
        raise ApplicationError("Cochez au moins une étape ou une pièce à rouvrir.")
    correction = CorrectionRequest.objects.create(
        application=application,
        message=message,
        sections=sections,
        document_kinds=document_kinds,
        requested_by=actor,
        requested_at=at,
    )
    move(application, "request_corrections", actor=actor, role=role, at=at, reason=message[:500])
    transaction.on_commit(lambda: notifications.notify_corrections(correction.pk))
    return correction


@transaction.atomic
def application_mark_complete(
    *,
    actor,
    application: Application,
    expected_version: int | None,
    reason: str = "",
    at: datetime,
    role: str | None = None,
) -> Application:
    application = lock_for(
        application, "mark_complete", actor=actor, role=role, expected_version=expected_version
    )
    bounds.check_text(reason, limit=bounds.COMMENT_TEXT, label="Motif", error=ApplicationError)
    documents = list(application.documents.current())
    required = set(required_document_kinds(application))
    unusable = sorted(
        {DocumentKind(d.kind).label for d in documents if d.kind in required and not d.scan_allows_use}
    )
    if unusable:
        raise ApplicationError(
            "Des pièces obligatoires n'ont pas encore été déclarées saines par l'antivirus : "
            + ", ".join(unusable)
            + "."
        )
    missing = missing_items(application, documents)
    if missing:
        raise ApplicationError("Le dossier est incomplet : " + " ".join(missing))
    application.decided_at, application.decision_reason = at, reason
    move(application, "mark_complete", actor=actor, role=role, at=at, reason=reason)
    transaction.on_commit(lambda: notifications.notify_decision(application.pk))
    return application


@transaction.atomic
def application_mark_inadmissible(
    *,
    actor,
    application: Application,
    expected_version: int | None,
    reason: str,
    at: datetime,
    role: str | None = None,
) -> Application:
    application = lock_for(
        application, "mark_inadmissible", actor=actor, role=role, expected_version=expected_version
    )
    reason = bounds.check_text(
        (reason or "").strip(), limit=bounds.COMMENT_TEXT, label="Motif", error=ApplicationError
    )
    if not reason:
        raise ApplicationError("Indiquez le motif de l'irrecevabilité : il est communiqué au candidat.")
    application.decided_at, application.decision_reason = at, reason
    move(application, "mark_inadmissible", actor=actor, role=role, at=at, reason=reason)
    transaction.on_commit(lambda: notifications.notify_decision(application.pk))
    return application
