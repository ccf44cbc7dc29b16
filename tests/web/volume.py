"""Many objects at once, in bulk, for the pages that list them (tests/web/test_queries_with_data.py).

The pages read; they do not care how their objects came, so these builders write rows with
``bulk_create`` rather than through the services (which the lifecycle tests cover). Every object
carries a numbered label (``Vol007``) that its page shows, so that a test can check the page really
lists what was built.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from cesp.accounts.models import Membership, User
from cesp.accounts.roles import Role
from cesp.applications.models import (
    Application,
    ApplicationStatus,
    ApplicationTransition,
    Campaign,
    CampaignKind,
    CampaignStatus,
    CorrectionRequest,
    DocumentKind,
    ScanStatus,
    SupportingDocument,
)
from cesp.core.models import AuditEvent
from cesp.referentials.models import AcademicYear, Faculty

UNUSABLE_PASSWORD = "!"  # nobody logs in as these users


def label(n: int) -> str:
    return f"Vol{n:03d}"


def users(numbers, *, prefix="volume") -> list[User]:
    """Users named ``Camille Vol007``, in bulk."""
    return User.objects.bulk_create(
        User(
            email=f"{prefix}{n}@volume.exemple.fr",
            first_name="Camille",
            last_name=label(n),
            password=UNUSABLE_PASSWORD,
        )
        for n in numbers
    )


def members_of(organisation, numbers, *, role=Role.COMMITTEE_MEMBER, prefix="membre") -> list[User]:
    people = users(numbers, prefix=prefix)
    Membership.objects.bulk_create(Membership(user=u, organisation=organisation, role=role) for u in people)
    return people


def faculties(region, numbers) -> list[Faculty]:
    return Faculty.objects.bulk_create(
        Faculty(
            code=f"medecine-volume-{n}",
            name=f"UFR de médecine {label(n)}",
            discipline="medecine",
            university="Université de test",
            city=f"Ville {label(n)}",
            region=region,
        )
        for n in numbers
    )


def academic_years(numbers) -> list[AcademicYear]:
    """Years far from the others the tests use (3000-3001 onwards)."""
    return AcademicYear.objects.bulk_create(
        AcademicYear(label=f"{3000 + n}-{3001 + n}", start=date(3000 + n, 9, 1), end=date(3001 + n, 8, 31))
        for n in numbers
    )


def campaigns(*, places, years, now=None, open_now=False) -> list[Campaign]:
    """One UFR campaign per (faculty, academic year), titled by its number: ``places`` and ``years``
    are lists of the same length, ``(n, faculty)`` and years."""
    now = now or timezone.now()
    opens = now - timedelta(days=30) if open_now else now - timedelta(days=400)
    deadline = now + timedelta(days=30) if open_now else now - timedelta(days=300)
    return Campaign.objects.bulk_create(
        Campaign(
            kind=CampaignKind.UFR,
            faculty=faculty,
            region=faculty.region,
            discipline=faculty.discipline,
            academic_year=year,
            title=f"Campagne {label(n)}",
            filing_opens_at=opens,
            filing_deadline=deadline,
            commission_date=(deadline + timedelta(days=20)).date(),
            weight_project=Decimal(2),
            weight_academic=Decimal(1),
            weight_financial=Decimal(1),
            status=CampaignStatus.OPEN,
        )
        for (n, faculty), year in zip(places, years, strict=True)
    )


STATUSES = [ApplicationStatus.SUBMITTED, ApplicationStatus.COMPLETE, ApplicationStatus.CORRECTIONS_REQUESTED]


def applications(campaigns_and_candidates, *, status=None) -> list[Application]:
    """Submitted files, one per ``(campaign, candidate)``, their status cycling over the filed ones."""
    submitted = timezone.now() - timedelta(days=1)
    return Application.objects.bulk_create(
        Application(
            campaign=campaign,
            candidate=candidate,
            status=status or STATUSES[index % len(STATUSES)],
            cursus=campaign.discipline,
            status_at_signature="student",
            cycle=2,
            current_year=4,
            motivation="Exercer en zone sous-dotée.",
            submitted_at=submitted + timedelta(minutes=index),
        )
        for index, (campaign, candidate) in enumerate(campaigns_and_candidates)
    )


def transitions(applications_, *, actor=None) -> list[ApplicationTransition]:
    at = timezone.now() - timedelta(days=1)
    return ApplicationTransition.objects.bulk_create(
        ApplicationTransition(
            application=application,
            from_status=ApplicationStatus.DRAFT,
            to_status=ApplicationStatus.SUBMITTED,
            actor=actor or application.candidate,
            at=at,
        )
        for application in applications_
    )


def documents(pairs, *, scan_status=ScanStatus.CLEAN) -> list[SupportingDocument]:
    """Supporting documents, one per ``(application, n)``, named ``Vol007.pdf`` (no file behind)."""
    kinds = DocumentKind.values
    return SupportingDocument.objects.bulk_create(
        SupportingDocument(
            application=application,
            kind=kinds[n % len(kinds)],
            file=f"applications/documents/{label(n)}.pdf",
            original_name=f"{label(n)}.pdf",
            content_type="application/pdf",
            size=1000 + n,
            sha256=f"{n:064x}",
            scan_status=scan_status,
            scanned_at=timezone.now() if scan_status != ScanStatus.PENDING else None,
            uploaded_by=application.candidate,
        )
        for application, n in pairs
    )


def corrections(pairs, *, requested_by) -> list[CorrectionRequest]:
    """Answered correction requests, one per ``(application, n)``, their message naming ``n``."""
    now = timezone.now()
    return CorrectionRequest.objects.bulk_create(
        CorrectionRequest(
            application=application,
            message=f"Pièce illisible {label(n)}",
            requested_by=requested_by,
            requested_at=now - timedelta(hours=2, minutes=n),
            answer="Voici la pièce.",
            answered_at=now - timedelta(hours=1, minutes=n),
        )
        for application, n in pairs
    )


def audit_events(obj, numbers, *, actors) -> list[AuditEvent]:
    """History rows of ``obj``, by ``actors`` in turn, their reason naming the number."""
    content_type = ContentType.objects.get_for_model(obj)
    return AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=actors[index % len(actors)],
            action="volume.update",
            content_type=content_type,
            object_id=str(obj.pk),
            object_repr=str(obj)[:300],
            changes={"n": n},
            reason=f"Motif {label(n)}",
        )
        for index, n in enumerate(numbers)
    )
