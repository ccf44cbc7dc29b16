"""Starting states for the selection tests, built with services and factories (never through the
applications pages): a campaign, complete files, a commission with its members, marks."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from cesp.accounts.roles import Role
from cesp.applications.models import (
    Application,
    ApplicationStatus,
    ApplicationTransition,
    Campaign,
    CampaignKind,
    CampaignStatus,
)
from cesp.referentials.models import AcademicYear
from cesp.selection import services
from cesp.selection.models import MemberKind
from tests import factories


def academic_year(label="2026-2027"):
    start = int(label[:4])
    return AcademicYear.objects.get_or_create(
        label=label, defaults={"start": date(start, 9, 1), "end": date(start + 1, 8, 31)}
    )[0]


def aware(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def campaign_for(faculty, *, weights=(2, 1, 1), year="2026-2027") -> Campaign:
    return Campaign.objects.create(
        kind=CampaignKind.UFR,
        faculty=faculty,
        region=faculty.region,
        discipline=faculty.discipline,
        academic_year=academic_year(year),
        filing_opens_at=aware(2027, 1, 5, 9, 0),
        filing_deadline=aware(2027, 3, 31, 23, 59),
        commission_date=date(2027, 5, 12),
        weight_project=Decimal(weights[0]),
        weight_academic=Decimal(weights[1]),
        weight_financial=Decimal(weights[2]),
        status=CampaignStatus.OPEN,
    )


def complete_application(campaign, candidate, *, status=ApplicationStatus.COMPLETE) -> Application:
    """A file as the UFR leaves it after instruction: submitted, then marked complete (with the
    transitions the candidate's timeline shows)."""
    application = Application.objects.create(
        campaign=campaign,
        candidate=candidate,
        cursus=campaign.discipline,
        status=status,
        motivation="Exercer la médecine générale en zone sous-dotée.",
        submitted_at=aware(2027, 3, 2, 10, 0),
    )
    ApplicationTransition.objects.create(
        application=application,
        from_status=ApplicationStatus.DRAFT,
        to_status=ApplicationStatus.SUBMITTED,
        actor=candidate,
        at=aware(2027, 3, 2, 10, 0),
    )
    if status == ApplicationStatus.COMPLETE:
        ApplicationTransition.objects.create(
            application=application,
            from_status=ApplicationStatus.SUBMITTED,
            to_status=ApplicationStatus.COMPLETE,
            at=aware(2027, 4, 2, 15, 0),
            reason="Toutes les pièces sont présentes.",
        )
    return application


def clean_document(application, *, kind="transcript_n1", name="releve.pdf", content=b"%PDF-1.4 releve"):
    """A supporting document the antivirus found clean (stored in the private storage)."""
    import hashlib

    from django.core.files.base import ContentFile

    from cesp.applications.models import ScanStatus, SupportingDocument

    document = SupportingDocument(
        application=application,
        kind=kind,
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        scan_status=ScanStatus.CLEAN,
        scanned_at=timezone.now(),
        uploaded_by=application.candidate,
    )
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


def committee_member(organisation, email):
    user = factories.UserFactory(email=email)
    factories.MembershipFactory(user=user, organisation=organisation, role=Role.COMMITTEE_MEMBER)
    return user


def commission_with_members(world, *, campaign=None, faculty=None, seat_world_users=True):
    """A commission of ``campaign`` (a new one of ``faculty``, UFR A by default). With the world's
    users: the committee member presides, the ARS referent holds the ARS seat, a medical council
    representative completes it."""
    if campaign is None:
        campaign = campaign_for(faculty or world.ufr_a.faculty)
    organisation = campaign.faculty.organisation
    agent = factories.UserFactory(email=f"secretariat-{campaign.pk}@exemple.fr")
    factories.MembershipFactory(user=agent, organisation=organisation, role=Role.UFR_AGENT)
    commission = services.commission_create(actor=agent, campaign=campaign)
    members = {}
    if seat_world_users:
        seats = [
            (world.users["committee_member"], MemberKind.PRESIDENT),
            (world.users["ars_referent"], MemberKind.ARS),
            (committee_member(organisation, f"ordre-{campaign.pk}@exemple.fr"), MemberKind.MEDICAL_COUNCIL),
        ]
        for user, kind in seats:
            members[kind] = services.member_add(actor=agent, commission=commission, user=user, kind=kind)
    return commission, members


def give_marks(commission, user, marks: dict) -> None:
    """``user`` gives each file the same mark on the three criteria (so its weighted mark is it)."""
    for application, mark in marks.items():
        services.score_set(
            actor=user,
            commission=commission,
            application=application,
            project=Decimal(str(mark)),
            academic=Decimal(str(mark)),
            financial=Decimal(str(mark)),
        )


def score_all(commission, marks: dict) -> None:
    """Every member gives each file the same mark: the file's average is that mark."""
    for member in commission.members.select_related("user"):
        give_marks(commission, member.user, marks)


def validated_commission_for_access(world):
    """UFR A's commission, validated, with the world's candidate first on the main list."""
    commission, members = commission_with_members(world)
    mine = complete_application(commission.campaign, world.users["candidate"])
    other = complete_application(commission.campaign, factories.CandidateFactory(email="autre-a@exemple.fr"))
    score_all(commission, {mine: 15, other: 11})
    agent = world.users["ufr_agent"]
    services.lists_build(actor=agent, commission=commission, main_size=1, complementary_size=1)
    services.sitting_record(
        actor=agent, commission=commission, held_on=date(2027, 5, 12), present=list(members.values())
    )
    services.commission_validate(actor=world.users["committee_member"], commission=commission)
    return commission, mine
