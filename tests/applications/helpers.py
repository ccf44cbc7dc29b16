"""Builders of campaigns, files and documents for the applications tests."""

import io
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cesp.applications import services
from cesp.applications.models import Application, ApplicationStatus, DocumentKind, ScanStatus
from cesp.referentials.models import AcademicYear

NOW = timezone.make_aware(datetime(2026, 3, 2, 10, 0))


def tiny_pdf(text: str = "CESP") -> bytes:
    """A small valid PDF (one page, one line of text)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


PNG_1PX = bytes.fromhex(  # a valid one-pixel transparent PNG (as Pillow writes it)
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63f8ffff3f030008fc02fea79aa0a00000000049454e44ae426082"
)


def upload(name="piece.pdf", content=None, content_type="application/pdf"):
    return SimpleUploadedFile(name, tiny_pdf() if content is None else content, content_type=content_type)


def academic_year(label: str = "2026-2027"):
    start = int(label[:4])
    year, _ = AcademicYear.objects.get_or_create(
        label=label, defaults={"start": date(start, 9, 1), "end": date(start + 1, 8, 31)}
    )
    return year


def open_campaign(world, *, faculty=None, deadline=None, actor=None):
    faculty = faculty or world.ufr_a.faculty
    return services.campaign_create(
        actor=actor or world.users["admin"],
        kind="UFR",
        faculty=faculty,
        region=faculty.region,
        discipline=faculty.discipline,
        academic_year=academic_year(),
        title="",
        filing_opens_at=NOW - timedelta(days=30),
        filing_deadline=deadline or NOW + timedelta(days=30),
        commission_date=(deadline or NOW + timedelta(days=30)).date() + timedelta(days=20),
        weight_project=Decimal("2"),
        weight_academic=Decimal("1"),
        weight_financial=Decimal("1"),
        status="open",
    )


SITUATION = {
    "cursus": "medecine",
    "status_at_signature": "student",
    "current_year": 4,
    "national_exam_rank": None,
}
PROJECT = {
    "target_specialty": None,
    "practice_mode": "liberal",
    "intended_place": "Maubeuge",
    "motivation": "Je souhaite exercer la médecine générale en zone rurale.",
}
FINANCIAL = {
    "has_scholarship": True,
    "scholarship_level": "5",
    "dependants": 0,
    "has_student_job": False,
    "student_job_hours": None,
}


def fill(application, *, at=NOW):
    candidate = application.candidate
    for step, data in (("situation", SITUATION), ("project", PROJECT), ("financial", FINANCIAL)):
        if step == "project":
            data = {**data, "intended_region": application.campaign.region}
        application = services.application_update_step(
            actor=candidate, application=application, step=step, data=data, expected_version=None, at=at
        )
    return application


def add_required_documents(application, *, at=NOW, clean=True):
    for kind in services.required_document_kinds(application):
        services.document_add(
            actor=application.candidate,
            application=application,
            kind=kind,
            uploaded=upload(f"{kind}.pdf"),
            at=at,
        )
    if clean:
        application.documents.update(scan_status=ScanStatus.CLEAN)
    return application


def draft(world, campaign=None, candidate=None, *, at=NOW) -> Application:
    campaign = campaign or open_campaign(world)
    application = services.application_start(
        candidate=candidate or world.users["candidate"], campaign=campaign, at=at
    )
    return fill(application, at=at)


def submitted(world, campaign=None, candidate=None, *, at=NOW) -> Application:
    application = draft(world, campaign, candidate, at=at)
    add_required_documents(application, at=at)
    application = services.application_submit(
        actor=application.candidate, application=application, expected_version=None, at=at
    )
    assert application.status == ApplicationStatus.SUBMITTED
    return Application.objects.get(pk=application.pk)


__all__ = ["NOW", "PNG_1PX", "DocumentKind", "draft", "open_campaign", "submitted", "tiny_pdf", "upload"]
