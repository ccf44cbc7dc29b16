"""Writes on campaigns and files: one function per use case, in a transaction, audited.

Every service that changes a file locks its row (``select_for_update``) and, when the caller passes
the ``expected_version`` its form was built from, refuses a file changed meanwhile: two agents acting
at once never overwrite each other (docs/applications.md, "Concurrency"). Dates and instants are
passed explicitly (``at``); the views pass ``timezone.now()``.
"""

import hashlib
import logging
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cesp.applications import notifications
from cesp.applications.documents import DocumentRejected, check_type, read_limited
from cesp.applications.eligibility import application_eligibility_errors
from cesp.applications.models import (
    CYCLE_OF_STATUS,
    Application,
    ApplicationStatus,
    ApplicationTransition,
    Campaign,
    CampaignKind,
    CampaignStatus,
    CorrectionRequest,
    DocumentKind,
    ScanStatus,
    Section,
    SupportingDocument,
)
from cesp.core import antivirus, bounds
from cesp.core.audit import audit_record
from cesp.core.pdf import render_pdf
from cesp.rules import formatting

logger = logging.getLogger(__name__)

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
MAX_OTHER_DOCUMENTS = 10
STALE_MESSAGE = (
    "Ce dossier a été modifié par quelqu'un d'autre entre-temps : rechargez la page pour voir "
    "la version à jour, puis recommencez."
)


class ApplicationError(ValueError):
    """A refused operation, with a French message; nothing was changed."""


class DocumentInfected(ApplicationError):
    """The antivirus found a threat: the document was refused and not stored."""


class StaleApplication(ApplicationError):
    def __init__(self, message: str = STALE_MESSAGE):
        super().__init__(message)


# Campaigns --------------------------------------------------------------------------------------


def _check_campaign_dates(campaign: Campaign) -> None:
    """Each date of a campaign lies within its academic year or the one before (cesp.core.bounds)."""
    if campaign.academic_year_id is None:
        return
    lowest, highest = bounds.academic_window(
        campaign.academic_year, before=bounds.CAMPAIGN_YEARS_BEFORE, after=bounds.CAMPAIGN_YEARS_AFTER
    )
    year = campaign.academic_year.label
    for label, value in (
        ("Ouverture du dépôt", campaign.filing_opens_at),
        ("Date limite de dépôt", campaign.filing_deadline),
        ("Date de la commission", campaign.commission_date),
    ):
        bounds.check_date(
            value,
            label=f"{label} (campagne {year})",
            lowest=lowest,
            highest=highest,
            error=ApplicationError,
        )


def _check_campaign(campaign: Campaign) -> None:
    _check_campaign_dates(campaign)
    if campaign.kind == CampaignKind.UFR:
        if campaign.faculty_id is None:
            raise ApplicationError("Une campagne d'UFR désigne son UFR.")
        campaign.region_id = campaign.faculty.region_id
        campaign.discipline = campaign.faculty.discipline
    else:
        campaign.faculty = None
        if campaign.discipline not in ("medecine", "odontologie"):
            raise ApplicationError("Les campagnes PADHUE concernent la médecine ou l'odontologie.")
    if campaign.filing_opens_at and campaign.filing_deadline:
        if campaign.filing_deadline <= campaign.filing_opens_at:
            raise ApplicationError("La date limite de dépôt doit suivre l'ouverture du dépôt.")
        if campaign.commission_date and campaign.commission_date < timezone.localdate(
            campaign.filing_deadline
        ):
            raise ApplicationError("La commission se réunit après la date limite de dépôt.")
    if campaign.weight_project + campaign.weight_academic + campaign.weight_financial <= 0:
        raise ApplicationError("La somme des coefficients de la commission doit être positive.")
    try:
        campaign.full_clean()
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from error


@transaction.atomic
def campaign_create(*, actor, **fields) -> Campaign:
    campaign = Campaign(created_by=actor, **fields)
    _check_campaign(campaign)
    campaign.save()
    audit_record(
        actor=actor,
        action="campaign.create",
        obj=campaign,
        changes={"status": campaign.status, "deadline": campaign.filing_deadline.isoformat()},
    )
    return campaign


@transaction.atomic
def campaign_update(*, actor, campaign: Campaign, **fields) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    before = {name: str(getattr(campaign, name)) for name in fields}
    for name, value in fields.items():
        setattr(campaign, name, value)
    _check_campaign(campaign)
    campaign.save()
    changes = {
        name: [before[name], str(value)] for name, value in fields.items() if before[name] != str(value)
    }
    audit_record(actor=actor, action="campaign.update", obj=campaign, changes=changes)
    return campaign


# Files: helpers ---------------------------------------------------------------------------------


def _lock(application: Application, expected_version: int | None) -> Application:
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("campaign", "campaign__academic_year", "campaign__faculty", "candidate")
        .get(pk=application.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise StaleApplication()
    return locked


def _transition(application: Application, *, to_status: str, actor, at: datetime, reason: str = ""):
    from_status = application.status
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


def _open_correction(application: Application) -> CorrectionRequest | None:
    return application.corrections.filter(answered_at__isnull=True).order_by("-requested_at").first()


def _check_editable(application: Application, item: str, *, at: datetime) -> None:
    """May the candidate change ``item`` (a Section or a DocumentKind) of their file now?"""
    if application.status == ApplicationStatus.DRAFT:
        if at > application.campaign.filing_deadline:
            raise ApplicationError(
                "La date limite de dépôt de cette campagne est passée : le dossier ne peut plus être modifié."
            )
        return
    if application.status == ApplicationStatus.CORRECTIONS_REQUESTED:
        correction = _open_correction(application)
        if correction is not None and correction.reopens(item):
            return
        raise ApplicationError(
            "L'UFR n'a pas rouvert cette partie du dossier : "
            "seules les parties demandées peuvent être modifiées."
        )
    raise ApplicationError("Ce dossier est déposé et figé : il ne peut plus être modifié.")


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


# Files: the candidate ---------------------------------------------------------------------------


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
    application = _lock(application, expected_version)
    _check_editable(application, step, at=at)
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
        errors = application_eligibility_errors(
            campaign=application.campaign,
            cursus=application.cursus,
            status_at_signature=application.status_at_signature,
            current_year=application.current_year,
            applied_on=timezone.localdate(at),
        )
        if errors:
            raise ApplicationError(" ".join(e["message"] for e in errors))
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


def _store_document(*, application, kind, checked, original_name, actor, scan, at) -> SupportingDocument:
    document = SupportingDocument(
        application=application,
        kind=kind,
        original_name=original_name[:255] or f"piece.{checked.extension}",
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
        uploaded_at=at,
    )
    if scan.is_clean:
        document.scan_status, document.scanned_at, document.scan_detail = (
            ScanStatus.CLEAN,
            at,
            "Aucune menace détectée.",
        )
    elif scan.verdict == antivirus.Verdict.NOT_CONFIGURED and settings.DEMO_WITHOUT_ANTIVIRUS:
        document.scan_status = ScanStatus.UNSCANNED
        document.scan_detail = "Démonstration sans antivirus : pièce acceptée sans analyse."
    elif scan.verdict == antivirus.Verdict.NOT_CONFIGURED:
        document.scan_detail = "Analyse antivirus non configurée : pièce en attente."
    else:
        document.scan_detail = "Analyse antivirus impossible pour l'instant : pièce en attente."
    document.file.save(f"{application.pk}-{kind}.{checked.extension}", ContentFile(checked.data), save=False)
    document.save()
    return document


def document_add(*, actor, application: Application, kind: str, uploaded, at: datetime) -> SupportingDocument:
    """Check, scan and store one supporting document. Infected or invalid: refused, nothing stored.

    A scanner configured but unreachable, or none configured, leaves the document pending (unusable
    until a later scan finds it clean, see tasks.rescan_pending_documents). The scan runs before the
    row is locked, so that a slow scanner never holds a lock.
    """
    if kind not in DocumentKind.values:
        raise ApplicationError("Type de pièce inconnu.")
    # A first check on a fresh read, to spare the scan of a file that would be refused; the
    # authoritative check is repeated under the lock below.
    _check_editable(Application.objects.select_related("campaign").get(pk=application.pk), kind, at=at)
    try:
        data = read_limited(uploaded)
    except DocumentRejected as error:
        raise ApplicationError(str(error)) from error
    # The antivirus sees every file of an acceptable size, whatever its type: an infected upload is
    # reported as such (and audited) rather than as a wrong type.
    scan = antivirus.scan(data)
    if scan.is_infected:
        with transaction.atomic():
            audit_record(
                actor=actor,
                action="application.document_infected",
                obj=application,
                changes={
                    "kind": kind,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "signature": scan.signature,
                },
            )
        raise DocumentInfected(
            "Ce fichier contient un virus ou un code malveillant : il a été refusé et n'a pas été "
            "enregistré. Analysez votre appareil, puis déposez un autre fichier."
        )
    try:
        checked = check_type(data)
    except DocumentRejected as error:
        raise ApplicationError(str(error)) from error
    with transaction.atomic():
        application = _lock(application, None)
        _check_editable(application, kind, at=at)
        if kind != DocumentKind.OTHER:
            application.documents.current().filter(kind=kind).update(superseded_at=at)
        elif application.documents.current().filter(kind=kind).count() >= MAX_OTHER_DOCUMENTS:
            raise ApplicationError(
                f"Un dossier compte au plus {MAX_OTHER_DOCUMENTS} « autres pièces » : "
                "retirez-en une avant d'en ajouter une nouvelle."
            )
        document = _store_document(
            application=application,
            kind=kind,
            checked=checked,
            original_name=getattr(uploaded, "name", "") or "",
            actor=actor,
            scan=scan,
            at=at,
        )
        application.version += 1
        application.save(update_fields=["version", "updated_at"])
        audit_record(
            actor=actor,
            action="application.document_add",
            obj=application,
            changes={
                "kind": kind,
                "sha256": checked.sha256,
                "scan": document.scan_status,
                "size": checked.size,
            },
        )
    return document


@transaction.atomic
def document_remove(*, actor, document: SupportingDocument, at: datetime) -> None:
    """Withdraw a document from the file (kept, marked replaced, so that what was filed stays provable)."""
    application = _lock(document.application, None)
    _check_editable(application, document.kind, at=at)
    SupportingDocument.objects.filter(pk=document.pk).update(superseded_at=at)
    application.version += 1
    application.save(update_fields=["version", "updated_at"])
    audit_record(
        actor=actor, action="application.document_remove", obj=application, changes={"document": document.pk}
    )


@transaction.atomic
def document_rescan(*, document: SupportingDocument, at: datetime) -> SupportingDocument:
    """Scan a pending document again (or one the demo accepted unscanned, once a scanner answers).
    Infected: its file is erased and it stays refused."""
    document = SupportingDocument.objects.select_for_update().get(pk=document.pk)
    if document.scan_status not in (ScanStatus.PENDING, ScanStatus.UNSCANNED):
        return document
    with document.file.open("rb") as handle:
        data = handle.read()
    scan = antivirus.scan(data)
    if scan.is_clean:
        document.scan_status, document.scan_detail, document.scanned_at = (
            ScanStatus.CLEAN,
            "Aucune menace détectée.",
            at,
        )
    elif scan.is_infected:
        document.scan_status, document.scanned_at = ScanStatus.INFECTED, at
        document.scan_detail = f"Infecté ({scan.signature[:150]}) : fichier supprimé."
        document.file.delete(save=False)
        document.file = ""
    elif document.scan_status == ScanStatus.UNSCANNED:
        return document  # still no scanner: it stays as the demo accepted it
    else:
        document.scan_detail = (scan.detail or "Analyse impossible")[:200]
        document.save(update_fields=["scan_detail"])
        return document
    document.save()
    audit_record(
        actor=None,
        action="application.document_scanned",
        obj=document.application,
        changes={"document": document.pk, "scan": document.scan_status},
    )
    return document


def _receipt_pdf(application: Application, at: datetime) -> bytes:
    documents = list(application.documents.current().order_by("kind", "pk"))
    return render_pdf(
        "applications/receipt_pdf.html",
        {"application": application, "documents": documents, "at": at, "campaign": application.campaign},
    )


@transaction.atomic
def application_submit(
    *, actor, application: Application, expected_version: int | None, at: datetime
) -> Application:
    """File the draft: refused after the deadline or when incomplete; freezes it; dated PDF receipt."""
    application = _lock(application, expected_version)
    if application.status != ApplicationStatus.DRAFT:
        raise ApplicationError("Ce dossier a déjà été déposé.")
    campaign = application.campaign
    if at > campaign.filing_deadline:
        raise ApplicationError(
            "La date limite de dépôt de cette campagne est passée "
            f"({formatting.datetime_long(timezone.localtime(campaign.filing_deadline), 'fr')}) : "
            "le dossier ne peut plus être déposé."
        )
    if not campaign.accepts_filing(at):
        raise ApplicationError("Cette campagne n'accepte pas de dossier en ce moment.")
    errors = application_eligibility_errors(
        campaign=campaign,
        cursus=application.cursus,
        status_at_signature=application.status_at_signature,
        current_year=application.current_year,
        applied_on=timezone.localdate(at),
    )
    missing = [e["message"] for e in errors] + missing_items(application)
    if missing:
        raise ApplicationError("Le dossier est incomplet : " + " ".join(missing))
    application.submitted_at = at
    _transition(application, to_status=ApplicationStatus.SUBMITTED, actor=actor, at=at)
    pdf = _receipt_pdf(application, at)
    application.receipt.save(f"{application.reference}-accuse-reception.pdf", ContentFile(pdf), save=False)
    application.save(update_fields=["receipt"])
    transaction.on_commit(lambda: notifications.notify_submitted(application.pk))
    return application


@transaction.atomic
def application_withdraw(
    *, actor, application: Application, expected_version: int | None, reason: str, at: datetime
) -> Application:
    application = _lock(application, expected_version)
    if application.status in (ApplicationStatus.WITHDRAWN, ApplicationStatus.INADMISSIBLE):
        raise ApplicationError("Ce dossier ne peut plus être retiré.")
    bounds.check_text(reason, limit=bounds.REASON_TEXT, label="Motif", error=ApplicationError)
    _transition(application, to_status=ApplicationStatus.WITHDRAWN, actor=actor, at=at, reason=reason)
    return application


@transaction.atomic
def correction_answer(
    *, actor, application: Application, answer: str, expected_version: int | None, at: datetime
) -> Application:
    """The candidate answers the open correction request: the file is filed again and frozen."""
    application = _lock(application, expected_version)
    if application.status != ApplicationStatus.CORRECTIONS_REQUESTED:
        raise ApplicationError("Aucune demande de compléments n'attend de réponse sur ce dossier.")
    answer = bounds.check_text(
        (answer or "").strip(), limit=bounds.MESSAGE_TEXT, label="Votre réponse", error=ApplicationError
    )
    if not answer:
        raise ApplicationError("Écrivez une réponse à l'UFR.")
    correction = _open_correction(application)
    missing = list(missing_items(application))
    if missing:
        raise ApplicationError("Le dossier est encore incomplet : " + " ".join(missing))
    correction.answer, correction.answered_at = answer, at
    correction.save(update_fields=["answer", "answered_at"])
    _transition(application, to_status=ApplicationStatus.SUBMITTED, actor=actor, at=at, reason=answer[:500])
    transaction.on_commit(lambda: notifications.notify_answered(application.pk))
    return application


# Files: the UFR ---------------------------------------------------------------------------------


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
) -> CorrectionRequest:
    """Ask the candidate for corrections: the file reopens only for the steps and documents named."""
    application = _lock(application, expected_version)
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.COMPLETE):
        raise ApplicationError("Des compléments ne peuvent être demandés que sur un dossier déposé.")
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
    _transition(
        application,
        to_status=ApplicationStatus.CORRECTIONS_REQUESTED,
        actor=actor,
        at=at,
        reason=message[:500],
    )
    transaction.on_commit(lambda: notifications.notify_corrections(correction.pk))
    return correction


@transaction.atomic
def application_mark_complete(
    *, actor, application: Application, expected_version: int | None, reason: str = "", at: datetime
) -> Application:
    application = _lock(application, expected_version)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ApplicationError(
            "Seul un dossier déposé, sans demande de compléments en cours, peut être déclaré complet."
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
    _transition(application, to_status=ApplicationStatus.COMPLETE, actor=actor, at=at, reason=reason)
    transaction.on_commit(lambda: notifications.notify_decision(application.pk))
    return application


@transaction.atomic
def application_mark_inadmissible(
    *, actor, application: Application, expected_version: int | None, reason: str, at: datetime
) -> Application:
    application = _lock(application, expected_version)
    if application.status not in (
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.CORRECTIONS_REQUESTED,
        ApplicationStatus.COMPLETE,
    ):
        raise ApplicationError("Ce dossier ne peut pas être déclaré irrecevable dans son état actuel.")
    reason = bounds.check_text(
        (reason or "").strip(), limit=bounds.COMMENT_TEXT, label="Motif", error=ApplicationError
    )
    if not reason:
        raise ApplicationError("Indiquez le motif de l'irrecevabilité : il est communiqué au candidat.")
    application.decided_at, application.decision_reason = at, reason
    _transition(application, to_status=ApplicationStatus.INADMISSIBLE, actor=actor, at=at, reason=reason)
    transaction.on_commit(lambda: notifications.notify_decision(application.pk))
    return application


# Reminders --------------------------------------------------------------------------------------


def reminder_candidates(*, at: datetime, days: int):
    """Drafts of campaigns closing within ``days`` and not yet reminded."""
    from datetime import timedelta

    return Application.objects.drafts().filter(
        reminder_sent_at__isnull=True,
        campaign__status=CampaignStatus.OPEN,
        campaign__filing_deadline__gt=at,
        campaign__filing_deadline__lte=at + timedelta(days=days),
    )


def reminders_send(*, at: datetime, days: int) -> int:
    """Send each reminder once: the row is marked in the same transaction as the mail is queued."""
    sent = 0
    for pk in reminder_candidates(at=at, days=days).values_list("pk", flat=True):
        with transaction.atomic():
            application = (
                Application.objects.select_for_update().filter(pk=pk, reminder_sent_at__isnull=True).first()
            )
            if application is None:
                continue
            application.reminder_sent_at = at
            application.save(update_fields=["reminder_sent_at"])
            audit_record(actor=None, action="application.reminder", obj=application)
            transaction.on_commit(lambda pk=pk: notifications.notify_reminder(pk))
            sent += 1
    return sent
