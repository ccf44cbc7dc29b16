"""Reads on the selection, always scoped.

Who sees a commission:
- a committee member: only the commissions they sit on, and of their files those they did not declare
  a conflict of interest with (``files_examined_by``, also what the applications pages show them);
- a UFR agent: the commissions of their UFR's campaigns;
- an ARS referent: the commissions of their region (and those they sit on);
- ASP and DGOS agents: validated commissions only, nationally (the lists are their input);
- the platform admin: every commission, read only;
- a candidate: no commission; only their own result, once the lists are validated.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet

from cesp.accounts import roles
from cesp.accounts.models import Membership, OrganisationKind, User
from cesp.accounts.roles import Role
from cesp.applications.models import (
    Application,
    ApplicationStatus,
    ApplicationTransition,
    Campaign,
    CorrectionRequest,
)
from cesp.applications.selectors import campaigns_run_by, runs_campaign
from cesp.selection import ranking
from cesp.selection.models import (
    Commission,
    CommissionMember,
    CommissionStatus,
    ConflictDeclaration,
    Exclusion,
    InterviewSlot,
    ListEntry,
    ListKind,
    MemberKind,
    Score,
    TieBreak,
)


def commission_list(*, scope) -> QuerySet[Commission]:
    commissions = Commission.objects.select_related(
        "campaign", "campaign__faculty", "campaign__region", "campaign__academic_year"
    )
    if scope.is_admin:
        return commissions
    if roles.sees_validated_commissions_only(scope):
        return commissions.filter(status=CommissionStatus.VALIDATED)
    if roles.has_role(scope, Role.COMMITTEE_MEMBER):
        return commissions.filter(members__user_id=scope.user_id, campaign__faculty_id__in=scope.faculty_ids)
    if roles.has_role(scope, Role.UFR_AGENT):
        return commissions.filter(campaign__faculty_id__in=scope.faculty_ids)
    if roles.has_role(scope, Role.ARS_REFERENT):
        return commissions.filter(
            Q(campaign__region_id__in=scope.region_ids) | Q(members__user_id=scope.user_id)
        ).distinct()
    return commissions.none()


def campaigns_without_commission(*, scope) -> QuerySet[Campaign]:
    """Campaigns whose commission the user may open: a UFR agent for their UFR's campaigns, an ARS
    referent for their region's PADHUE campaigns (the campaign's secretariat)."""
    campaigns = campaigns_run_by(scope=scope).filter(commission__isnull=True)
    return campaigns.select_related("faculty", "academic_year").order_by("-academic_year__start", "pk")


# --- Seats -------------------------------------------------------------------------------------


def ars_seat_memberships(campaign: Campaign) -> QuerySet[Membership]:
    """Who may hold the ARS seat: the ARS referents of the campaign's region."""
    return Membership.objects.active().filter(
        role=Role.ARS_REFERENT,
        organisation__kind=OrganisationKind.ARS,
        organisation__region_id=campaign.region_id,
    )


def committee_seat_memberships(campaign: Campaign) -> QuerySet[Membership]:
    """Who may hold the other seats: the committee members of the campaign's UFR (of one of the
    region's UFRs for a PADHUE campaign)."""
    committee = Membership.objects.active().filter(
        role=Role.COMMITTEE_MEMBER, organisation__kind=OrganisationKind.UFR
    )
    if campaign.faculty_id is not None:
        return committee.filter(organisation__faculty_id=campaign.faculty_id)
    return committee.filter(organisation__region_id=campaign.region_id)


def seatable_users(*, commission: Commission) -> QuerySet[User]:
    """The accounts the secretariat may still seat on the commission (the member form's choices)."""
    campaign = commission.campaign
    holders = committee_seat_memberships(campaign).values("user_id")
    holders = holders.union(ars_seat_memberships(campaign).values("user_id"))
    return User.objects.filter(pk__in=holders).exclude(pk__in=commission.members.values("user_id"))


def member_for(*, commission: Commission, user) -> CommissionMember | None:
    if user is None or not user.is_authenticated:
        return None
    return commission.members.filter(user=user).first()


def president_of(commission: Commission) -> CommissionMember | None:
    return commission.members.filter(kind=MemberKind.PRESIDENT).select_related("user").first()


def can_manage(*, commission: Commission, scope, user) -> bool:
    """The president and the campaign's secretariat (its UFR's agents; the ARS for a PADHUE campaign)
    set interviews, record sittings and tie-breaks and draw the lists; the secretariat also seats the
    members."""
    if runs_campaign(scope, commission.campaign):
        return True
    member = member_for(commission=commission, user=user)
    return member is not None and member.kind == MemberKind.PRESIDENT


def members_of(commission: Commission) -> QuerySet[CommissionMember]:
    return commission.members.select_related("user")


def ars_members(commission: Commission) -> QuerySet[CommissionMember]:
    """The members who may cast the ARS casting vote (the tie-break form's choices)."""
    return members_of(commission).filter(kind=MemberKind.ARS)


def sittings_of(commission: Commission):
    return commission.sittings.prefetch_related("present__user")


def tie_breaks_of(commission: Commission) -> QuerySet[TieBreak]:
    return commission.tie_breaks.select_related("casting_voter__user", "decided_by")


@dataclass(frozen=True)
class MemberWork:
    """What a member has done on the commission's files: those they marked, those they declared."""

    scored: set[int]
    conflicts: set[int]


def work_of(member: CommissionMember | None) -> MemberWork:
    if member is None:
        return MemberWork(set(), set())
    return MemberWork(
        set(member.scores.values_list("application_id", flat=True)),
        set(member.conflicts.values_list("application_id", flat=True)),
    )


def can_seat_members(*, commission: Commission, scope, user) -> bool:
    return can_manage(commission=commission, scope=scope, user=user)


def can_validate(*, commission: Commission, user) -> bool:
    """Only the president validates the lists."""
    member = member_for(commission=commission, user=user)
    return member is not None and member.kind == MemberKind.PRESIDENT


def commission_files(*, commission: Commission) -> QuerySet[Application]:
    """The files the commission examines: complete files of its campaign (and any file already on
    its lists, should its state have moved since)."""
    return (
        Application.objects.filter(campaign=commission.campaign)
        .filter(Q(status=ApplicationStatus.COMPLETE) | Q(selection_entries__commission=commission))
        .select_related("candidate", "campaign__academic_year", "target_specialty", "intended_region")
        .distinct()
        .order_by("candidate__last_name", "candidate__first_name", "pk")
    )


def _declared_by(user_id):
    """A file ``user_id`` declared a conflict of interest with (to use in ``Exists``)."""
    return ConflictDeclaration.objects.filter(member__user_id=user_id, application=OuterRef("pk"))


def files_examined_by(*, scope) -> QuerySet[Application]:
    """The files a committee member reads (``roles.reads_examined_files_only``): the files of the
    commissions they sit on, as ``commission_files`` says, minus those they declared a conflict of
    interest with. The applications app asks it for its queue, export, file pages and documents."""
    commissions = commission_list(scope=scope).values("pk")
    return (
        Application.objects.filter(
            Q(campaign__commission__in=commissions, status=ApplicationStatus.COMPLETE)
            | Q(selection_entries__commission__in=commissions)
        )
        .exclude(Exists(_declared_by(scope.user_id)))
        .distinct()
    )


def commission_file(*, commission: Commission, pk, scope=None) -> Application | None:
    """A file of the commission; with ``scope``, one that scope may open (a committee member: not one
    they declared a conflict of interest with)."""
    files = commission_files(commission=commission)
    if scope is not None and roles.reads_examined_files_only(scope):
        files = files.exclude(Exists(_declared_by(scope.user_id)))
    try:
        return files.filter(pk=pk).first()
    except (TypeError, ValueError):
        return None


def conflicts_declared_by(*, commission: Commission, scope) -> set[int]:
    """The files of ``commission`` a committee member declared a conflict with (which their pages name
    without opening); empty for everyone else."""
    if not roles.reads_examined_files_only(scope):
        return set()
    return set(
        ConflictDeclaration.objects.filter(
            member__commission=commission, member__user_id=scope.user_id
        ).values_list("application_id", flat=True)
    )


def scores_of(*, commission: Commission) -> QuerySet[Score]:
    return Score.objects.filter(member__commission=commission).select_related("member", "member__user")


def conflicted_member_ids(*, commission: Commission, application: Application) -> set[int]:
    return set(
        ConflictDeclaration.objects.filter(
            member__commission=commission, application=application
        ).values_list("member_id", flat=True)
    )


def file_scores(*, commission: Commission, application: Application) -> QuerySet[Score]:
    return scores_of(commission=commission).filter(application=application)


def score_by(*, commission: Commission, member: CommissionMember | None, application: Application):
    """``member``'s score of the file, or None (no member, or not marked yet)."""
    if member is None:
        return None
    return file_scores(commission=commission, application=application).filter(member=member).first()


def usable_documents(application: Application):
    """The documents of a file a commission may open: current and found clean by the antivirus."""
    return application.documents.usable()


def interview_of(application: Application) -> InterviewSlot | None:
    return getattr(application, "interview_slot", None)


def files_in_order(*, commission: Commission, numbers: list[int]) -> list[Application] | None:
    """The commission's files named by ``numbers``, in that order; None when one is not its file."""
    files = {a.pk: a for a in commission_files(commission=commission).filter(pk__in=numbers)}
    if len(files) != len(set(numbers)):
        return None
    return [files[number] for number in numbers]


def weights_of(campaign: Campaign) -> ranking.Weights:
    return ranking.Weights(
        project=Decimal(campaign.weight_project),
        academic=Decimal(campaign.weight_academic),
        financial=Decimal(campaign.weight_financial),
    )


def file_marks(*, commission: Commission, files=None) -> dict[int, ranking.FileMarks]:
    """Every member's weighted mark for every file of the commission (``files``: the commission's files
    when the caller already read them)."""
    weights = weights_of(commission.campaign)
    if files is None:
        files = commission_files(commission=commission)
    marks = {a.pk: ranking.FileMarks(a.pk) for a in files}
    # The marks only, not a model instance per score, member and user (800 files: 4,000 scores).
    scores = Score.objects.filter(member__commission=commission).values_list(
        "application_id", "project", "academic", "financial"
    )
    for application_id, project, academic, financial in scores:
        file = marks.get(application_id)
        if file is None:
            continue
        file.marks.append(
            ranking.weighted_mark(project=project, academic=academic, financial=financial, weights=weights)
        )
        file.project.append(project)
        file.academic.append(academic)
        file.financial.append(financial)
    return marks


@dataclass
class RankingRow:
    application: Application
    marks: ranking.FileMarks
    ranked: ranking.Ranked | None  # None: not scored yet
    excluded: Exclusion | None
    entry: ListEntry | None


def proposed_ranking(*, commission: Commission) -> list[RankingRow]:
    """The proposed ranking, ties shown, followed by the files excluded and those not yet scored."""
    files = {a.pk: a for a in commission_files(commission=commission)}
    marks = file_marks(commission=commission, files=files.values())  # the heaviest query, read once
    exclusions = {e.application_id: e for e in commission.exclusions.all()}
    entries = {e.application_id: e for e in commission.entries.all()}
    orders = [tb.order for tb in commission.tie_breaks.all()]
    candidates = [m for pk, m in marks.items() if pk not in exclusions]
    ranked = ranking.propose(candidates, orders)
    rows = [
        RankingRow(files[r.application_id], marks[r.application_id], r, None, entries.get(r.application_id))
        for r in ranked
    ]
    ranked_ids = {r.application_id for r in ranked}
    for pk, application in files.items():
        if pk in exclusions:
            rows.append(RankingRow(application, marks[pk], None, exclusions[pk], entries.get(pk)))
    for pk, application in files.items():
        if pk not in ranked_ids and pk not in exclusions:
            rows.append(RankingRow(application, marks[pk], None, None, entries.get(pk)))
    return rows


def tie_groups(rows: list[RankingRow]) -> list[list[RankingRow]]:
    """Groups of files with the same average, resolved or not, in ranking order."""
    groups: dict[Decimal, list[RankingRow]] = {}
    for row in rows:
        if row.ranked is not None and row.ranked.tied_with:
            groups.setdefault(row.ranked.average, []).append(row)
    return [groups[average] for average in sorted(groups, reverse=True)]


def list_entries(*, commission: Commission) -> QuerySet[ListEntry]:
    return commission.entries.select_related("application", "application__candidate").order_by(
        "kind", "rank", "application__candidate__last_name"
    )


def interviews_of(*, commission: Commission) -> QuerySet[InterviewSlot]:
    return commission.interviews.select_related("application", "application__candidate")


# --- What the contracts side reads -------------------------------------------------------------


def validated_commission(*, campaign: Campaign) -> Commission | None:
    return Commission.objects.filter(campaign=campaign, status=CommissionStatus.VALIDATED).first()


def ranked_entries(*, campaign: Campaign) -> QuerySet[ListEntry]:
    """The validated lists of a campaign in the order offers go out: main list by rank, then the
    complementary list by rank. Empty until the president validates."""
    return (
        ListEntry.objects.filter(commission__campaign=campaign, commission__status=CommissionStatus.VALIDATED)
        .in_offer_order()
        .select_related("application", "application__candidate", "commission")
    )


@dataclass(frozen=True)
class ValidatedLists:
    commission: Commission
    main: list[ListEntry]
    complementary: list[ListEntry]
    not_retained: list[ListEntry]

    @property
    def in_offer_order(self) -> list[ListEntry]:
        return [*self.main, *self.complementary]


def validated_lists(*, campaign: Campaign) -> ValidatedLists | None:
    """The validated lists of a campaign, or None while the commission has not validated them."""
    commission = validated_commission(campaign=campaign)
    if commission is None:
        return None
    entries = list(commission.entries.select_related("application", "application__candidate"))
    by_kind = {
        kind: sorted((e for e in entries if e.kind == kind), key=lambda e: (e.rank or 0, e.pk))
        for kind in ListKind.values
    }
    return ValidatedLists(
        commission=commission,
        main=by_kind[ListKind.MAIN],
        complementary=by_kind[ListKind.COMPLEMENTARY],
        not_retained=by_kind[ListKind.NOT_RETAINED],
    )


# --- The candidate's side ----------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineItem:
    at: object  # an aware datetime
    label: str
    text: str = ""


@dataclass
class CandidateFile:
    application: Application
    timeline: list[TimelineItem]
    interview: InterviewSlot | None
    result: ListEntry | None  # only once the lists are validated


def _timeline(transitions, corrections, result) -> list[TimelineItem]:
    items = [TimelineItem(t.at, t.get_to_status_display(), t.reason) for t in transitions]
    for correction in corrections:
        items.append(
            TimelineItem(correction.requested_at, "Compléments demandés par l'UFR", correction.message)
        )
        if correction.answered_at:
            items.append(TimelineItem(correction.answered_at, "Votre réponse", correction.answer))
    if result is not None:
        items.append(TimelineItem(result.commission.validated_at, "Listes de la commission validées"))
    return sorted(items, key=lambda item: item.at)


def candidate_files(*, scope) -> list[CandidateFile]:
    """A candidate's own applications: their timeline (states, the UFR's requests and their
    answers), their interview and, once the lists are validated, their result."""
    if not scope.is_candidate or scope.user_id is None:
        return []
    applications = list(
        Application.objects.for_candidate(scope.user_id)
        .select_related("campaign", "campaign__faculty", "campaign__region", "campaign__academic_year")
        .order_by("-created_at", "-pk")
    )
    ids = [a.pk for a in applications]
    transitions: dict[int, list] = {pk: [] for pk in ids}
    for transition in ApplicationTransition.objects.filter(application_id__in=ids).order_by("at", "pk"):
        transitions[transition.application_id].append(transition)
    corrections: dict[int, list] = {pk: [] for pk in ids}
    for correction in CorrectionRequest.objects.filter(application_id__in=ids):
        corrections[correction.application_id].append(correction)
    interviews = {i.application_id: i for i in InterviewSlot.objects.filter(application_id__in=ids)}
    results = {
        e.application_id: e
        for e in ListEntry.objects.filter(
            application_id__in=ids, commission__status=CommissionStatus.VALIDATED
        ).select_related("commission")
    }
    return [
        CandidateFile(
            a,
            _timeline(transitions[a.pk], corrections[a.pk], results.get(a.pk)),
            interviews.get(a.pk),
            results.get(a.pk),
        )
        for a in applications
    ]
