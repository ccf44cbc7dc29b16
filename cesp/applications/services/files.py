"""What every service on a candidate's file shares: the row lock, the move through the declared
workflow (``workflows.APPLICATION``) and the rule of what the candidate may still edit.

Every service that changes a file locks its row (``select_for_update``) and, when the caller passes
the ``expected_version`` its form was built from, refuses a file changed meanwhile: two agents acting
at once never overwrite each other (docs/applications.md, "Concurrency").
"""

from datetime import datetime

from cesp.accounts.roles import acting_role
from cesp.applications.models import (
    Application,
    ApplicationStatus,
    ApplicationTransition,
    CorrectionRequest,
)
from cesp.applications.selectors import open_correction
from cesp.applications.services.base import ApplicationError, StaleApplication
from cesp.applications.workflows import APPLICATION
from cesp.core.audit import audit_record


def lock(application: Application, expected_version: int | None) -> Application:
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("campaign", "campaign__academic_year", "campaign__faculty", "candidate")
        .get(pk=application.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise StaleApplication()
    return locked


def next_status(application: Application, event: str, *, actor, role: str | None) -> str:
    """The file's status after ``event``, asked of ``workflows.APPLICATION`` in the role the actor acts in
    (``role``, else ``acting_role``); a refusal is an ``ApplicationError`` in French."""
    return APPLICATION.move(
        state=application.status, event=event, actor=acting_role(actor, role), raises=ApplicationError
    )


def lock_for(
    application: Application, event: str, *, actor, role: str | None, expected_version: int | None
) -> Application:
    """Lock the file, then refuse at once, before any other check, an ``event`` the workflow does not
    allow in the file's present state or in the actor's role."""
    application = lock(application, expected_version)
    next_status(application, event, actor=actor, role=role)
    return application


def move(
    application: Application, event: str, *, actor, role: str | None, at: datetime, reason: str = ""
) -> None:
    """Move the (locked) file along the workflow, log the transition and audit it."""
    from_status = application.status
    to_status = next_status(application, event, actor=actor, role=role)
    application.status = to_status
    application.version += 1
    application.save()
    ApplicationTransition.objects.create(
        application=application,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        at=at,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action=f"application.{to_status}",
        obj=application,
        changes={"status": [from_status, to_status], "version": application.version},
        reason=reason,
    )


def reopened(application: Application, item: str, correction: CorrectionRequest | None) -> bool:
    """Is ``item`` (a Section or a DocumentKind) of the file open to the candidate's changes: every part
    of a draft, only the parts an open correction request names once it is filed."""
    if application.status == ApplicationStatus.DRAFT:
        return True
    return (
        application.status == ApplicationStatus.CORRECTIONS_REQUESTED
        and correction is not None
        and correction.reopens(item)
    )


def check_editable(application: Application, item: str, *, at: datetime) -> None:
    """May the candidate change ``item`` (a Section or a DocumentKind) of their file now?"""
    if application.status == ApplicationStatus.DRAFT:
        if at > application.campaign.filing_deadline:
            raise ApplicationError(
                "La date limite de dépôt de cette campagne est passée : le dossier ne peut plus être modifié."
            )
        return
    if application.status == ApplicationStatus.CORRECTIONS_REQUESTED:
        if reopened(application, item, open_correction(application)):
            return
        raise ApplicationError(
            "L'UFR n'a pas rouvert cette partie du dossier : "
            "seules les parties demandées peuvent être modifiées."
        )
    raise ApplicationError("Ce dossier est déposé et figé : il ne peut plus être modifié.")
