"""Reads of campaigns and files, always scoped.

Who sees what:
- a candidate: their own files (drafts included) and the open campaigns;
- UFR agents: the campaigns of their UFR and the files filed there (never drafts: a draft is the
  candidate's until they submit it);
- committee members: the campaigns of their UFR, and only the files of the commissions they sit on,
  minus those they declared a conflict of interest with: the selection app registers that rule
  (``register_examined_files``); without it they read no file;
- an ARS referent: the campaigns and filed files of their region, PADHUE campaigns included;
- ASP, DGOS and CNG agents: every campaign and filed file, read only; platform admins likewise.
A forbidden object answers like a missing one.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from cesp.accounts import roles
from cesp.accounts.models import Membership, OrganisationKind
from cesp.applications.models import (
    Application,
    ApplicationStatus,
    ApplicationTransition,
    Campaign,
    CampaignStatus,
    CorrectionRequest,
    SupportingDocument,
)


def campaign_list(*, scope) -> QuerySet[Campaign]:
    campaigns = Campaign.objects.select_related("faculty", "region", "academic_year")
    if scope.is_anonymous:
        return campaigns.none()
    if scope.is_candidate:
        return campaigns.filter(status=CampaignStatus.OPEN)
    if scope.is_admin or scope.national:
        return campaigns
    if scope.faculty_ids:
        return campaigns.for_faculties(scope.faculty_ids)
    if scope.region_ids:
        return campaigns.for_regions(scope.region_ids)
    return campaigns.none()


def can_manage_campaigns(scope) -> bool:
    """UFR agents open their UFR's campaigns; ARS referents the PADHUE campaigns of their region."""
    return roles.can_instruct_applications(scope)


def runs_campaign(scope, campaign: Campaign) -> bool:
    """The campaign's secretariat acting in its territory: an agent of its UFR, or, for a PADHUE
    campaign, an ARS referent of its region (``roles.campaign_secretariat_role``)."""
    if campaign.is_padhue:
        return roles.can_open_padhue_campaigns(scope) and campaign.region_id in scope.region_ids
    return roles.can_open_ufr_campaigns(scope) and campaign.faculty_id in scope.faculty_ids


def campaigns_run_by(*, scope) -> QuerySet[Campaign]:
    """The campaigns ``scope`` runs (the same rule as ``runs_campaign``, as a query)."""
    if roles.can_open_ufr_campaigns(scope):
        return Campaign.objects.for_faculties(scope.faculty_ids)
    if roles.can_open_padhue_campaigns(scope):
        return Campaign.objects.filter(faculty__isnull=True, region_id__in=scope.region_ids)
    return Campaign.objects.none()


def campaign_secretariat(campaign: Campaign) -> QuerySet[Membership]:
    """The active memberships that run ``campaign`` (who is told of its files, who runs its commission)."""
    role = roles.campaign_secretariat_role(padhue=campaign.is_padhue)
    memberships = Membership.objects.active().filter(role=role)
    if campaign.is_padhue:
        return memberships.filter(
            organisation__region_id=campaign.region_id, organisation__kind=OrganisationKind.ARS
        )
    return memberships.filter(organisation__faculty_id=campaign.faculty_id)


def can_manage_campaign(scope, campaign: Campaign) -> bool:
    return scope.is_admin or runs_campaign(scope, campaign)


def can_instruct(scope, application: Application) -> bool:
    """The UFR's agents instruct their UFR's files; the ARS referent the PADHUE files of the region."""
    return can_manage_campaign(scope, application.campaign)


def open_campaigns(*, scope, at) -> QuerySet[Campaign]:
    """Campaigns accepting files at ``at`` (what a candidate may apply to, eligibility aside)."""
    return campaign_list(scope=scope).filing_on(at).order_by("filing_deadline", "pk")


def campaigns_for_candidate(*, scope, at, faculty_id=None) -> list[Campaign]:
    """The open campaigns the rules let a candidate apply to at ``at``, their own UFR's first."""
    from django.utils import timezone

    from cesp.applications.eligibility import campaign_open_to_candidates

    applied_on = timezone.localdate(at)
    campaigns = [
        c
        for c in open_campaigns(scope=scope, at=at)
        if campaign_open_to_candidates(campaign=c, applied_on=applied_on)
    ]
    return sorted(campaigns, key=lambda c: (c.faculty_id != faculty_id, c.filing_deadline, c.pk))


@dataclass
class CandidateHome:
    applications: list[Application]
    campaigns: list[Campaign]  # those they may still apply to


def candidate_home(*, scope, user, at) -> CandidateHome:
    """A candidate's files, and the campaigns open to them where they have no live file yet."""
    applications = list(application_list(scope=scope).order_by("-created_at"))
    taken = {a.campaign_id for a in applications if a.status != ApplicationStatus.WITHDRAWN}
    profile = getattr(user, "candidate_profile", None)
    campaigns = campaigns_for_candidate(
        scope=scope, at=at, faculty_id=profile.faculty_id if profile else None
    )
    return CandidateHome(applications, [c for c in campaigns if c.pk not in taken])


# The files a committee member examines (``roles.reads_examined_files_only``): the selection app, which
# knows the commissions and the conflicts of interest, registers them in its AppConfig.ready().
_examined_files: list[Callable[..., QuerySet[Application]]] = []


def register_examined_files(selector: Callable[..., QuerySet[Application]]) -> None:
    """``selector(scope=...)`` gives the files a committee member may read (one selector: the last wins)."""
    _examined_files[:] = [selector]


def examined_files(*, scope) -> QuerySet[Application]:
    if not _examined_files:
        return Application.objects.none()
    return _examined_files[0](scope=scope)


def application_list(*, scope) -> QuerySet[Application]:
    applications = Application.objects.for_scope(scope)
    if roles.reads_examined_files_only(scope):
        applications = applications.filter(pk__in=examined_files(scope=scope).values("pk"))
    applications = applications.select_related(
        "candidate",
        "campaign",
        "campaign__faculty",
        "campaign__region",
        "campaign__academic_year",
    )
    if scope.is_anonymous:
        return applications.none()
    if not scope.is_candidate:
        applications = applications.filed()
    return applications


def application_for_candidate(*, scope, pk) -> Application | None:
    """The candidate's own file (for editing pages): None for anyone else."""
    if not scope.is_candidate:
        return None
    return application_list(scope=scope).filter(pk=pk).first()


def application_detail(*, scope, pk) -> Application | None:
    """One file with what its page shows, or None when missing or not visible."""
    documents = SupportingDocument.objects.current().select_related("uploaded_by")
    return (
        application_list(scope=scope)
        .select_related("target_specialty", "intended_region")
        .prefetch_related(
            Prefetch("documents", queryset=documents, to_attr="current_documents"),
            Prefetch(
                "transitions",
                queryset=ApplicationTransition.objects.select_related("actor"),
                to_attr="transition_list",
            ),
            Prefetch(
                "corrections",
                queryset=CorrectionRequest.objects.select_related("requested_by"),
                to_attr="correction_list",
            ),
        )
        .filter(pk=pk)
        .first()
    )


def document_get(*, scope, pk) -> SupportingDocument | None:
    """A document, fetched through the files the scope may see."""
    return (
        SupportingDocument.objects.filter(application__in=application_list(scope=scope))
        .select_related("application", "application__campaign")
        .filter(pk=pk)
        .first()
    )


def open_correction(application: Application) -> CorrectionRequest | None:
    return application.corrections.filter(answered_at__isnull=True).order_by("-requested_at").first()


def current_documents(application: Application) -> QuerySet[SupportingDocument]:
    """The file's documents as filed now (replaced ones left out), by kind."""
    return application.documents.current().order_by("kind", "pk")


# The work queue ---------------------------------------------------------------------------------

SORTS = {
    "submitted": ("submitted_at", "pk"),
    "-submitted": ("-submitted_at", "-pk"),
    "name": ("candidate__last_name", "candidate__first_name", "pk"),
    "-name": ("-candidate__last_name", "-candidate__first_name", "-pk"),
    "status": ("status", "submitted_at", "pk"),
    "updated": ("-updated_at", "-pk"),
}
PAGE_SIZES = (20, 50, 100)


@dataclass
class QueueFilters:
    campaign: int | None = None
    status: str = ""
    cycle: int | None = None
    discipline: str = ""
    q: str = ""
    sort: str = "submitted"


@dataclass
class Queue:
    page: object
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0


def queue_queryset(*, scope, filters: QueueFilters, with_status: bool = True) -> QuerySet[Application]:
    applications = application_list(scope=scope)
    if filters.campaign:
        applications = applications.filter(campaign_id=filters.campaign)
    if filters.cycle:
        applications = applications.filter(cycle=filters.cycle)
    if filters.discipline:
        applications = applications.filter(campaign__discipline=filters.discipline)
    if filters.q:
        text = filters.q.strip()
        match = (
            Q(candidate__last_name__icontains=text)
            | Q(candidate__first_name__icontains=text)
            | Q(candidate__email__icontains=text)
        )
        digits = text.rsplit("-", 1)[-1]
        if digits.isdigit():
            match |= Q(pk=int(digits))
        applications = applications.filter(match)
    if with_status and filters.status:
        applications = applications.filter(status=filters.status)
    return applications.order_by(*SORTS.get(filters.sort, SORTS["submitted"]))


def work_queue(*, scope, filters: QueueFilters, page_number=1, per_page: int = 20) -> Queue:
    """One page of the filtered queue and the counts per status: three queries whatever the page size."""
    if per_page not in PAGE_SIZES:
        per_page = PAGE_SIZES[0]
    base = queue_queryset(scope=scope, filters=filters, with_status=False)
    counts = dict.fromkeys(
        [s for s in ApplicationStatus.values if s != ApplicationStatus.DRAFT],
        0,
    )
    for row in base.order_by().values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    pending = SupportingDocument.objects.pending_scan().filter(application=OuterRef("pk"))
    applications = queue_queryset(scope=scope, filters=filters).annotate(
        has_pending_documents=Exists(pending)
    )
    page = Paginator(applications, per_page).get_page(page_number)
    total = counts.get(filters.status, 0) if filters.status else sum(counts.values())
    return Queue(page=page, counts=counts, total=total)
