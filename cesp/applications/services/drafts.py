"""The candidate's side of a file: a draft filled step by step, its supporting documents counted, the
submission (a dated PDF receipt), the withdrawal and the answer to a correction request.

Submitting, answering and withdrawing move the file along ``workflows.APPLICATION`` (a candidate's
move; ``role``: the one the actor acts in, which the views pass as ``request.scope.role``, else
``acting_role``). Dates and instants are passed explicitly (``at``); the views pass ``timezone.now()``.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cesp.applications import notifications
from cesp.applications.eligibility import application_eligibility_errors, contracts_held
from cesp.applications.models import (
    CYCLE_OF_STATUS,
    Application,
    ApplicationStatus,
    ApplicationTransition,
    Campaign,
    DocumentKind,
    ScanStatus,
    Section,
)
from cesp.applications.services.base import ApplicationError
from cesp.applications.services.files import check_editable, lock, lock_for, move, open_correction
from cesp.core import bounds
from cesp.core.audit import audit_record
from cesp.core.pdf import render_pdf
from cesp.rules import formatting
from cesp.rules.eligibility import cumulation_errors

STEP_FIELDS = {
    Section.SITUATION: ["cursus", "status_at_signature", "current_year", "national_exam_rank"],
    Section.PROJECT: ["target_specialty", "practice_mode", "intended_region", "intended_place", "motivation"],
    Section.FINANCIAL: [
        "has_scholarship",
        "scholarship_level",
        "dependants",
        "has_student_job",
        "student_job_hours",
    ],
}


# What a file needs ------------------------------------------------------------------------------


def required_document_kinds(application: Application) -> list[str]:
    kinds = [DocumentKind.IDENTITY, DocumentKind.MOTIVATION_LETTER]
    if application.status_at_signature != "padhue":
        kinds += [DocumentKind.TRANSCRIPT_N1, DocumentKind.TRANSCRIPT_N2]
    if application.status_at_signature == "intern":
        kinds.append(DocumentKind.EXAM_RANKING)
    return kinds


def missing_items(application: Application, documents=None) -> list[str]:
    """What the file still lacks before it can be submitted, in French (empty when complete)."""
    missing = []
    if not application.cursus:
        missing.append("Situation : indiquez votre formation.")
    if application.status_at_signature in ("first_cycle", "student") and not application.current_year:
        missing.append("Situation : indiquez votre année d'études.")
    if application.status_at_signature == "intern" and not application.national_exam_rank:
        missing.append("Situation : indiquez votre rang aux épreuves classantes nationales.")
    if not application.practice_mode:
        missing.append("Projet : indiquez le mode d'exercice envisagé.")
    if not application.intended_region_id:
        missing.append("Projet : indiquez la région d'exercice envisagée.")
    if len(application.motivation.strip()) < 20:
        missing.append("Projet : décrivez votre motivation et votre projet professionnel.")
    if application.has_scholarship and not application.scholarship_level:
        missing.append("Situation financière : indiquez l'échelon de votre bourse.")
    if application.has_student_job and not application.student_job_hours:
        missing.append("Situation financière : indiquez vos heures de travail par semaine.")
    if documents is None:
        documents = list(application.documents.current())
    present = {d.kind for d in documents if d.scan_status != ScanStatus.INFECTED}
    for kind in required_document_kinds(application):
        if kind not in present:
            missing.append(f"Pièces : ajoutez « {DocumentKind(kind).label} ».")
    return missing


def eligibility_messages(application: Application, *, at: datetime) -> list[str]:
    """What the rules of the scheme say against the file's situation on the day of ``at``."""
    errors = application_eligibility_errors(
        campaign=application.campaign,
        cursus=application.cursus,
        status_at_signature=application.status_at_signature,
        current_year=application.current_year,
        applied_on=timezone.localdate(at),
        held_contracts=contracts_held(application.candidate),
    )
    return [e["message"] for e in errors]


def submission_gaps(application: Application, *, at: datetime, documents=None) -> list[str]:
    """Everything that stops the draft from being submitted at ``at`` (the review page lists them)."""
    return eligibility_messages(application, at=at) + missing_items(application, documents)


# The draft --------------------------------------------------------------------------------------


@transaction.atomic
def application_start(*, candidate, campaign: Campaign, at: datetime) -> Application:
    """Open a draft for ``candidate`` in ``campaign`` (or return the one they already have)."""
    campaign = Campaign.objects.select_related("academic_year").get(pk=campaign.pk)
    existing = (
        Application.objects.filter(campaign=campaign, candidate=candidate)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .first()
    )
    if existing is not None:
        return existing
    if not campaign.accepts_filing(at):
        raise ApplicationError(
            "Cette campagne n'accepte pas de dossier en ce moment (dépôt clos ou pas encore ouvert)."
        )
    held = cumulation_errors(applied_on=timezone.localdate(at), active_contracts=contracts_held(candidate))
    if held:
        raise ApplicationError(" ".join(e["message"] for e in held))
    status_at_signature = "padhue" if campaign.is_padhue else "student"
    application = Application.objects.create(
        campaign=campaign,
        candidate=candidate,
        cursus=campaign.discipline,
        status_at_signature=status_at_signature,
        cycle=CYCLE_OF_STATUS[status_at_signature],
    )
    ApplicationTransition.objects.create(
        application=application, from_status="", to_status=ApplicationStatus.DRAFT, actor=candidate, at=at
    )
    audit_record(
        actor=candidate, action="application.create", obj=application, changes={"campaign": campaign.pk}
    )
    return application


@transaction.atomic
def application_update_step(
    *, actor, application: Application, step: str, data: dict, expected_version: int | None, at: datetime
) -> Application:
    """Save one step of the form (situation, project, financial) as a draft."""
    if step not in STEP_FIELDS:
        raise ApplicationError("Étape inconnue.")
    application = lock(application, expected_version)
    check_editable(application, step, at=at)
    changes = {}
    for name in STEP_FIELDS[step]:
        if name not in data:
            continue
        value = data[name]
        before = getattr(application, name)
        if before != value:
            changes[name] = [str(before), str(value)]
            setattr(application, name, value)
    if step == Section.SITUATION:
        errors = eligibility_messages(application, at=at)
        if errors:
            raise ApplicationError(" ".join(errors))
        application.cycle = CYCLE_OF_STATUS.get(application.status_at_signature)
        if application.status_at_signature != "intern":
            application.national_exam_rank = None
    bounds.check_text(
        application.motivation,
        limit=bounds.LONG_TEXT,
        label="Motivation et projet professionnel",
        error=ApplicationError,
    )
    if step == Section.FINANCIAL:
        if not application.has_scholarship:
            application.scholarship_level = ""
        if not application.has_student_job:
            application.student_job_hours = None
    try:
        application.full_clean(exclude=["receipt", "candidate", "campaign"])
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from error
    if changes:
        application.version += 1
        application.save()
        audit_record(actor=actor, action=f"application.update_{step}", obj=application, changes=changes)
    return application


# Moves of the candidate -------------------------------------------------------------------------


def _receipt_pdf(application: Application, at: datetime) -> bytes:
    documents = list(application.documents.current().order_by("kind", "pk"))
    return render_pdf(
        "applications/receipt_pdf.html",
        {"application": application, "documents": documents, "at": at, "campaign": application.campaign},
    )


@transaction.atomic
def application_submit(
    *, actor, application: Application, expected_version: int | None, at: datetime, role: str | None = None
) -> Application:
    """File the draft: refused after the deadline or when incomplete; freezes it; dated PDF receipt."""
    application = lock_for(application, "submit", actor=actor, role=role, expected_version=expected_version)
    campaign = application.campaign
    if at > campaign.filing_deadline:
        raise ApplicationError(
            "La date limite de dépôt de cette campagne est passée "
            f"({formatting.datetime_long(timezone.localtime(campaign.filing_deadline), 'fr')}) : "
            "le dossier ne peut plus être déposé."
        )
    if not campaign.accepts_filing(at):
        raise ApplicationError("Cette campagne n'accepte pas de dossier en ce moment.")
    missing = submission_gaps(application, at=at)
    if missing:
        raise ApplicationError("Le dossier est incomplet : " + " ".join(missing))
    application.submitted_at = at
    move(application, "submit", actor=actor, role=role, at=at)
    pdf = _receipt_pdf(application, at)
    application.receipt.save(f"{application.reference}-accuse-reception.pdf", ContentFile(pdf), save=False)
    application.save(update_fields=["receipt"])
    transaction.on_commit(lambda: notifications.notify_submitted(application.pk))
    return application


@transaction.atomic
def application_withdraw(
    *,
    actor,
    application: Application,
    expected_version: int | None,
    reason: str,
    at: datetime,
    role: str | None = None,
) -> Application:
    application = lock_for(application, "withdraw", actor=actor, role=role, expected_version=expected_version)
    bounds.check_text(reason, limit=bounds.REASON_TEXT, label="Motif", error=ApplicationError)
    move(application, "withdraw", actor=actor, role=role, at=at, reason=reason)
    return application


@transaction.atomic
def correction_answer(
    *,
    actor,
    application: Application,
    answer: str,
    expected_version: int | None,
    at: datetime,
    role: str | None = None,
) -> Application:
    """The candidate answers the open correction request: the file is filed again and frozen."""
    application = lock_for(
        application, "answer_corrections", actor=actor, role=role, expected_version=expected_version
    )
    answer = bounds.check_text(
        (answer or "").strip(), limit=bounds.MESSAGE_TEXT, label="Votre réponse", error=ApplicationError
    )
    if not answer:
        raise ApplicationError("Écrivez une réponse à l'UFR.")
    correction = open_correction(application)
    missing = list(missing_items(application))
    if missing:
        raise ApplicationError("Le dossier est encore incomplet : " + " ".join(missing))
    correction.answer, correction.answered_at = answer, at
    correction.save(update_fields=["answer", "answered_at"])
    move(application, "answer_corrections", actor=actor, role=role, at=at, reason=answer[:500])
    transaction.on_commit(lambda: notifications.notify_answered(application.pk))
    return application
