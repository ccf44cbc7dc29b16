"""Demo campaigns and files: an open campaign per demo UFR for 2026-2027, with a deadline in the future
relative to the real today, and a realistic spread of files among the demo candidates.

Written in bulk (a few queries per table), and idempotent: a campaign or a candidate's file that exists
is left as it is. Documents of demo files point to one small PDF per kind, stored once in the private
storage and marked clean ("pièce de démonstration"): the demo has no antivirus configured, so real
uploads stay pending there (docs/applications.md).
"""

import hashlib
import logging
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cesp.accounts.models import CandidateProfile, Membership
from cesp.accounts.roles import Role
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
    PracticeMode,
    ScanStatus,
    SupportingDocument,
    private_storage,
)
from cesp.core.encryption import DecryptionError
from cesp.core.pdf import render_pdf
from cesp.referentials.models import AcademicYear, Faculty

logger = logging.getLogger(__name__)

DEMO_YEAR = "2026-2027"
# Out of 20 files: drafts, submitted, corrections requested, complete, inadmissible.
SPREAD = (
    [ApplicationStatus.DRAFT] * 5
    + [ApplicationStatus.SUBMITTED] * 5
    + [ApplicationStatus.CORRECTIONS_REQUESTED] * 2
    + [ApplicationStatus.COMPLETE] * 6
    + [ApplicationStatus.INADMISSIBLE] * 2
)
PLACES = [
    "Maubeuge",
    "Fourmies",
    "Château-Gontier",
    "Mayenne",
    "Aurillac",
    "Privas",
    "Digne-les-Bains",
    "Gap",
]
MOTIVATIONS = [
    "Médecine générale en maison de santé pluriprofessionnelle, dans le territoire où j'ai grandi.",
    "Exercice mixte : cabinet libéral en secteur 1 et vacations à l'hôpital de proximité.",
    "Installation en zone d'intervention prioritaire avec un confrère déjà installé.",
]


def _year() -> AcademicYear:
    return AcademicYear.objects.get_or_create(
        label=DEMO_YEAR, defaults={"start": date(2026, 9, 1), "end": date(2027, 8, 31)}
    )[0]


def _demo_documents() -> dict[str, tuple[str, str, int]]:
    """One small PDF per kind in the private storage: kind -> (name, sha256, size)."""
    storage = private_storage()
    stored = {}
    for kind in DocumentKind.values:
        name = f"applications/demo/{kind}.pdf"
        data = None
        if storage.exists(name):
            try:
                with storage.open(name, "rb") as handle:
                    data = handle.read()
            except DecryptionError:  # stored before encryption, or under a demo key since changed: redone
                logger.info("Pièce de démonstration %s illisible avec la clé actuelle : recréée.", name)
                storage.delete(name)
        if data is None:
            data = render_pdf("applications/demo_document_pdf.html", {"label": DocumentKind(kind).label})
            name = storage.save(name, ContentFile(data))
        stored[kind] = (name, hashlib.sha256(data).hexdigest(), len(data))
    return stored


@transaction.atomic
def seed_applications_demo(
    *, demo_region_codes, seed: int = 2026, today: date | None = None
) -> dict[str, int]:
    rng = random.Random(seed)
    today = today or timezone.localdate()
    year = _year()
    faculties = list(
        Faculty.objects.filter(region__code__in=demo_region_codes, discipline__in=["medecine", "odontologie"])
        .select_related("region")
        .order_by("code")
    )
    agents = {
        m.organisation.faculty_id: m.user
        for m in Membership.objects.filter(
            role=Role.UFR_AGENT, organisation__faculty__in=faculties
        ).select_related("organisation", "user")
    }
    existing = set(
        Campaign.objects.filter(academic_year=year, kind=CampaignKind.UFR).values_list(
            "faculty_id", flat=True
        )
    )
    opens = timezone.make_aware(datetime.combine(today - timedelta(days=30), time(9, 0)))
    deadline = timezone.make_aware(datetime.combine(today + timedelta(days=45), time(23, 59)))
    Campaign.objects.bulk_create(
        Campaign(
            kind=CampaignKind.UFR,
            faculty=faculty,
            region=faculty.region,
            discipline=faculty.discipline,
            academic_year=year,
            filing_opens_at=opens,
            filing_deadline=deadline,
            commission_date=today + timedelta(days=75),
            weight_project=Decimal("2"),
            weight_academic=Decimal("1"),
            weight_financial=Decimal("1"),
            status=CampaignStatus.OPEN,
            created_by=agents.get(faculty.pk),
        )
        for faculty in faculties
        if faculty.pk not in existing
    )
    campaigns = {c.faculty_id: c for c in Campaign.objects.filter(academic_year=year, faculty__in=faculties)}

    profiles = list(
        CandidateProfile.objects.filter(faculty__in=faculties, user__email__startswith="candidat.")
        .select_related("user", "faculty")
        .order_by("user__email")
    )
    taken = set(
        Application.objects.filter(campaign__in=campaigns.values()).values_list("campaign_id", "candidate_id")
    )
    new = []
    for index, profile in enumerate(profiles):
        campaign = campaigns[profile.faculty_id]
        if (campaign.pk, profile.user_id) in taken:
            continue
        status = ApplicationStatus.DRAFT if index == 0 else SPREAD[index % len(SPREAD)]
        situation = rng.choice(["student", "student", "student", "intern"])
        submitted_at = None
        if status != ApplicationStatus.DRAFT:
            submitted_at = opens + timedelta(days=rng.randint(1, 28), hours=rng.randint(0, 10))
        new.append(
            Application(
                campaign=campaign,
                candidate=profile.user,
                status=status,
                cursus=campaign.discipline,
                status_at_signature=situation,
                cycle=CYCLE_OF_STATUS[situation],
                current_year=rng.randint(4, 6) if situation == "student" else rng.randint(1, 3),
                national_exam_rank=rng.randint(100, 9000) if situation == "intern" else None,
                practice_mode=rng.choice(PracticeMode.values)
                if status != ApplicationStatus.DRAFT or rng.random() < 0.5
                else "",
                intended_region=campaign.region,
                intended_place=rng.choice(PLACES),
                motivation=rng.choice(MOTIVATIONS) if status != ApplicationStatus.DRAFT else "",
                has_scholarship=(scholar := rng.random() < 0.4),
                scholarship_level=str(rng.randint(1, 7)) if scholar else "",
                dependants=rng.choice([0, 0, 0, 1, 2]),
                has_student_job=(job := rng.random() < 0.3),
                student_job_hours=rng.randint(6, 20) if job else None,
                submitted_at=submitted_at,
                decided_at=submitted_at + timedelta(days=5)
                if status in (ApplicationStatus.COMPLETE, ApplicationStatus.INADMISSIBLE)
                else None,
                decision_reason="Dossier reçu après la fin de la scolarité en 2e cycle."
                if status == ApplicationStatus.INADMISSIBLE
                else "",
            )
        )
    Application.objects.bulk_create(new)
    created = list(
        Application.objects.filter(
            campaign__in=campaigns.values(), candidate_id__in=[a.candidate_id for a in new]
        ).select_related("campaign")
    )
    documents = _demo_documents()
    transitions, corrections, files = [], [], []
    for application in created:
        agent = agents.get(application.campaign.faculty_id)
        start = application.submitted_at or opens
        transitions.append(
            ApplicationTransition(
                application=application,
                to_status="draft",
                actor=application.candidate,
                at=start - timedelta(days=2),
            )
        )
        if application.status == ApplicationStatus.DRAFT:
            continue
        kinds = [
            DocumentKind.IDENTITY,
            DocumentKind.MOTIVATION_LETTER,
            DocumentKind.TRANSCRIPT_N1,
            DocumentKind.TRANSCRIPT_N2,
        ]
        if application.status_at_signature == "intern":
            kinds.append(DocumentKind.EXAM_RANKING)
        for kind in kinds:
            name, sha256, size = documents[kind]
            files.append(
                SupportingDocument(
                    application=application,
                    kind=kind,
                    file=name,
                    original_name=f"{kind}.pdf",
                    content_type="application/pdf",
                    size=size,
                    sha256=sha256,
                    scan_status=ScanStatus.CLEAN,
                    scan_detail="Pièce de démonstration.",
                    scanned_at=start,
                    uploaded_by=application.candidate,
                    uploaded_at=start - timedelta(days=1),
                )
            )
        transitions.append(
            ApplicationTransition(
                application=application,
                from_status="draft",
                to_status="submitted",
                actor=application.candidate,
                at=start,
            )
        )
        if application.status == ApplicationStatus.CORRECTIONS_REQUESTED:
            message = "Le relevé de notes de l'année N-1 est illisible : merci de le déposer à nouveau."
            corrections.append(
                CorrectionRequest(
                    application=application,
                    message=message,
                    document_kinds=[DocumentKind.TRANSCRIPT_N1],
                    requested_by=agent,
                    requested_at=start + timedelta(days=3),
                )
            )
            transitions.append(
                ApplicationTransition(
                    application=application,
                    from_status="submitted",
                    to_status=application.status,
                    actor=agent,
                    at=start + timedelta(days=3),
                    reason=message,
                )
            )
        elif application.status in (ApplicationStatus.COMPLETE, ApplicationStatus.INADMISSIBLE):
            transitions.append(
                ApplicationTransition(
                    application=application,
                    from_status="submitted",
                    to_status=application.status,
                    actor=agent,
                    at=application.decided_at,
                    reason=application.decision_reason,
                )
            )
    SupportingDocument.objects.bulk_create(files)
    ApplicationTransition.objects.bulk_create(transitions)
    CorrectionRequest.objects.bulk_create(corrections)
    return {"campaigns": len(campaigns), "applications": len(created), "documents": len(files)}
