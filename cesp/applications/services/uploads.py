"""Supporting documents of a file: checked, scanned and stored privately; withdrawn (kept, marked
replaced); pending ones scanned again later.

A document is typed from its content (``documents.check_type``), never from its name; the antivirus sees
every upload before anything is stored, and an infected one is refused and audited.
"""

import hashlib
from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from cesp.applications.documents import DocumentRejected, check_type, read_limited
from cesp.applications.models import Application, DocumentKind, ScanStatus, SupportingDocument
from cesp.applications.services.base import ApplicationError, DocumentInfected
from cesp.applications.services.files import check_editable, lock
from cesp.core import antivirus
from cesp.core.audit import audit_record

MAX_OTHER_DOCUMENTS = 10


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
    check_editable(Application.objects.select_related("campaign").get(pk=application.pk), kind, at=at)
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
        application = lock(application, None)
        check_editable(application, kind, at=at)
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
    application = lock(document.application, None)
    check_editable(application, document.kind, at=at)
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
