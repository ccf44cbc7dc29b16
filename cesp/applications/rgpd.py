"""What the applications app keeps no longer than allowed, and what it gives a person about them.

Retention: a draft never submitted goes, with its documents, ``retention.unsubmitted_draft_months`` after
its campaign's filing deadline. Export: the person's files, their steps and their documents.
"""

from datetime import datetime, time

from django.utils import timezone

from cesp.applications.models import Application, ApplicationStatus, SupportingDocument
from cesp.core.personal_data import PersonalData, rows
from cesp.core.retention import RetentionRule
from cesp.rules.months import add_months
from cesp.rules.parameters import parameters


def drafts_due(as_of):
    months = int(parameters(as_of).retention.unsubmitted_draft_months)
    cutoff = timezone.make_aware(datetime.combine(add_months(as_of, -months), time.min))
    return Application.objects.filter(status=ApplicationStatus.DRAFT, campaign__filing_deadline__lt=cutoff)


def drafts_purge(items):
    for document in SupportingDocument.objects.filter(application__in=items):
        document.file.delete(save=False)
    for application in items:
        if application.receipt:
            application.receipt.delete(save=False)
    items.delete()


DRAFTS = RetentionRule(
    name="applications.unsubmitted_drafts",
    label="Dossiers jamais déposés",
    parameter="retention.unsubmitted_draft_months",
    due=drafts_due,
    purge=drafts_purge,
)


def collect(user) -> PersonalData:
    applications = Application.objects.filter(candidate=user)
    documents = SupportingDocument.objects.filter(application__candidate=user)
    files = [(f"{d.pk}-{d.original_name}", d.file) for d in documents]
    files += [(f"recepisse-{a.pk}.pdf", a.receipt) for a in applications if a.receipt]
    return PersonalData(
        records={
            "dossiers": rows(applications),
            "pieces": rows(
                documents, "id", "application_id", "kind", "original_name", "size", "sha256", "uploaded_at"
            ),
        },
        files=files,
    )
