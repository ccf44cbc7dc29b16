"""The number of SQL queries of a page does not grow with the data it lists.

Each scenario builds, in the world of tests/conftest.py, the objects a group of pages lists (files,
campaigns, commissions, marks, decrees, offers and contracts, history rows, members, communes…) with
the bulk builders of tests/web/volume.py; each page is measured (tests/web/query_counts.py: one GET,
caches emptied) with 2 of them in scope and again with 200, and must run the same number of queries.
A page that grows is an N+1: the failure names the statements that repeat. Each page is also checked
to show what was built (its numbered labels), so that a page listing nothing cannot pass.

The Django admin changelists that list the same objects are measured too (100 rows a page).
"""

import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import count

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from cesp.accounts.models import Organisation, OrganisationKind
from cesp.accounts.roles import Role
from cesp.applications.models import ApplicationStatus, CorrectionRequest, ScanStatus
from cesp.contracts.models import (
    BankDetails,
    Contract,
    ContractDocument,
    Offer,
    OfferStatus,
    QuotaPool,
    SignatureEvidence,
)
from cesp.decrees import selectors as decree_selectors
from cesp.decrees.models import Category, Decree, DecreeStatus, QuotaLine
from cesp.referentials.models import Commune, Department, Profession, ZoneType, Zoning, ZoningImport
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
)
from cesp.selection.views import RANKING_PAGE_SIZE
from tests.selection.builders import academic_year, campaign_for, commission_with_members
from tests.web import query_counts, volume

SMALL, LARGE = 2, 200


def every(total: int) -> int:
    return total


def page_of(size: int) -> Callable[[int], int]:
    return lambda total: min(total, size)


def half(total: int) -> int:
    return total // 2


def none_listed(total: int) -> int:
    """A page measured for what it reads, though it does not list the objects."""
    return 0


RANKING_PAGE = page_of(RANKING_PAGE_SIZE)
# The admin changelists show 100 rows a page, some of them other objects than those numbered.
ADMIN_PAGE = page_of(50)


@dataclass(frozen=True)
class View:
    role: str
    url: str
    shown: Callable[[int], int] = every  # how many of the labels built the page shows at least


@dataclass
class Scenario:
    views: list[View]
    grow: Callable[[list[int]], None]  # adds the objects numbered so, in scope of every view
    numbers: count = field(default_factory=lambda: count(1))

    def add(self, how_many: int) -> list[int]:
        numbers = [next(self.numbers) for _ in range(how_many)]
        self.grow(numbers)
        return numbers


def admin(model: str, *, shown=ADMIN_PAGE) -> View:
    return View("admin", reverse(f"admin:{model.replace('.', '_')}_changelist"), shown)


# --- Scenarios: what grows, and the pages that list it ------------------------------------------


def work_queue(world) -> Scenario:
    """Files of UFR A's campaign: the work queue, its export, the admin's lists of files and pieces."""
    campaign = campaign_for(world.ufr_a.faculty)
    agent = world.users["ufr_agent"]

    def grow(numbers):
        files = volume.applications([(campaign, c) for c in volume.users(numbers)])
        volume.transitions(files)
        volume.documents(zip(files, numbers, strict=True))
        volume.documents(
            ((f, n) for f, n in zip(files, numbers, strict=True) if n % 3 == 0),
            scan_status=ScanStatus.PENDING,
        )
        pending = [
            (f, n)
            for f, n in zip(files, numbers, strict=True)
            if f.status == ApplicationStatus.CORRECTIONS_REQUESTED
        ]
        volume.corrections(pending, requested_by=agent)

    queue = reverse("applications:queue")
    return Scenario(
        [
            View("ufr_agent", queue, page_of(20)),
            View("ufr_agent", queue + "?per_page=100&sort=-name", page_of(100)),
            View("ars_referent", queue, page_of(20)),
            View("asp_agent", queue, page_of(20)),
            View("ufr_agent", reverse("applications:export")),
            admin("applications.application"),
            admin("applications.supportingdocument"),
            admin("applications.correctionrequest", shown=none_listed),
        ],
        grow,
    )


def campaigns(world) -> Scenario:
    """Campaigns of many UFRs of region A (one year): the campaign list nationally and regionally,
    and the admin's lists of campaigns, faculties and organisations."""
    year = academic_year()

    def grow(numbers):
        faculties = volume.faculties(world.region_a, numbers)
        volume.campaigns(places=list(zip(numbers, faculties, strict=True)), years=[year] * len(numbers))
        Organisation.objects.bulk_create(
            Organisation(kind=OrganisationKind.UFR, name=f.name, faculty=f, region=f.region)
            for f in faculties
        )

    index = reverse("applications:campaigns")
    return Scenario(
        [
            View("asp_agent", index),
            View("ars_referent", index),
            View("ars_referent", reverse("selection:index"), none_listed),
            admin("applications.campaign"),
            admin("referentials.faculty"),
            admin("accounts.organisation"),
        ],
        grow,
    )


def commissions(world) -> Scenario:
    """UFR A's campaigns of many years, every other one with its commission (validated one time in
    two, the world's committee member presiding): the commission lists, the campaign list and the
    queue's campaign filter."""
    agent, member = world.users["ufr_agent"], world.users["committee_member"]

    def grow(numbers):
        years = volume.academic_years(numbers)
        made = volume.campaigns(places=[(n, world.ufr_a.faculty) for n in numbers], years=years)
        with_commission = [c for c, n in zip(made, numbers, strict=True) if n % 2 == 0]
        created = Commission.objects.bulk_create(
            Commission(
                campaign=c,
                created_by=agent,
                status=CommissionStatus.VALIDATED if i % 2 else CommissionStatus.OPEN,
            )
            for i, c in enumerate(with_commission)
        )
        CommissionMember.objects.bulk_create(
            CommissionMember(commission=c, user=member, kind=MemberKind.PRESIDENT, added_by=agent)
            for c in created
        )

    index = reverse("selection:index")
    return Scenario(
        [
            View("ufr_agent", index),
            View("committee_member", index, lambda total: total // 2 - 1),
            View("ars_referent", index, lambda total: total // 2 - 1),
            View("asp_agent", index, lambda total: total // 4 - 1),
            View("admin", index, lambda total: total // 2 - 1),
            View("ufr_agent", reverse("applications:campaigns")),
            View("ufr_agent", reverse("applications:queue"), none_listed),
        ],
        grow,
    )


def candidate_home(world) -> Scenario:
    """Open campaigns of many UFRs; the world's candidate has a file in every other one, each with
    its history, a request answered and, one time in two, a place on validated lists."""
    candidate, agent = world.users["candidate"], world.users["ufr_agent"]
    year = academic_year()

    def grow(numbers):
        faculties = volume.faculties(world.region_a, numbers)
        made = volume.campaigns(
            places=list(zip(numbers, faculties, strict=True)), years=[year] * len(numbers), open_now=True
        )
        applied = [(c, n) for c, n in zip(made, numbers, strict=True) if n % 2 == 0]
        files = volume.applications([(c, candidate) for c, _ in applied])
        volume.transitions(files)
        volume.corrections(zip(files, [n for _, n in applied], strict=True), requested_by=agent)
        decided = files[::2]
        created = Commission.objects.bulk_create(
            Commission(
                campaign=f.campaign,
                created_by=agent,
                status=CommissionStatus.VALIDATED,
                validated_at=timezone.now(),
            )
            for f in decided
        )
        ListEntry.objects.bulk_create(
            ListEntry(
                commission=c,
                application=f,
                kind=ListKind.MAIN,
                rank=1,
                average=Decimal("15"),
                decided_by=agent,
            )
            for c, f in zip(created, decided, strict=True)
        )
        InterviewSlot.objects.bulk_create(
            InterviewSlot(
                commission=c,
                application=f,
                starts_at=timezone.now() + timedelta(days=3),
                place="Salle 1",
                set_by=agent,
            )
            for c, f in zip(created, decided, strict=True)
        )

    return Scenario(
        [
            View("candidate", reverse("applications:mine")),
            View("candidate", reverse("selection:my_applications"), half),
            View("candidate", reverse("web:home"), none_listed),
            View("candidate", reverse("contracts:index"), none_listed),
        ],
        grow,
    )


def candidate_file(world) -> Scenario:
    """One file of the world's candidate, reopened for corrections, with many pieces, states and
    requests: its page for the candidate and for the UFR, the candidate's steps and answer page,
    the UFR's decision and request pages."""
    candidate, agent = world.users["candidate"], world.users["ufr_agent"]
    campaign = campaign_for(world.ufr_a.faculty)
    (file,) = volume.applications([(campaign, candidate)], status=ApplicationStatus.CORRECTIONS_REQUESTED)
    CorrectionRequest.objects.create(
        application=file,
        message="Merci de compléter.",
        requested_by=agent,
        sections=["project"],
        document_kinds=[],
    )

    def grow(numbers):
        volume.documents((file, n) for n in numbers)
        volume.transitions([file] * len(numbers), actor=agent)
        volume.corrections(((file, n) for n in numbers), requested_by=agent)

    def page(name, **kwargs):
        return reverse(f"applications:{name}", kwargs={"pk": file.pk, **kwargs})

    return Scenario(
        [
            View("candidate", page("detail")),
            View("candidate", page("step", step="documents"), none_listed),
            View("candidate", page("step", step="review"), none_listed),
            View("candidate", page("answer"), none_listed),
            View("ufr_agent", page("detail")),
            View("ars_referent", page("detail")),
            View("ufr_agent", page("decide"), none_listed),
            View("ufr_agent", page("request_corrections"), none_listed),
        ],
        grow,
    )


def _commission_with_files(world, *, validated: bool):
    """UFR A's commission (the world's committee member presides, its ARS referent sits) with files
    that every seated member marks, in pairs of equal averages (so that ties show), one interview in
    four, one exclusion in ten, one conflict in five; extra members seated, who mark the first file."""
    commission, members = commission_with_members(world)
    agent = world.users["ufr_agent"]
    (first,) = volume.applications(
        [(commission.campaign, volume.users([0], prefix="premier")[0])], status=ApplicationStatus.COMPLETE
    )

    def grow(numbers):
        files = volume.applications(
            [(commission.campaign, c) for c in volume.users(numbers)], status=ApplicationStatus.COMPLETE
        )
        seated = volume.members_of(world.ufr_a, numbers)
        extra = CommissionMember.objects.bulk_create(
            CommissionMember(commission=commission, user=u, kind=MemberKind.STUDENT, added_by=agent)
            for u in seated
        )
        marks = [
            Score(
                member=m,
                application=f,
                project=Decimal(10 + (n + 1) // 2 % 10),
                academic=Decimal(12),
                financial=Decimal(11),
            )
            for f, n in zip(files, numbers, strict=True)
            for m in members.values()
        ]
        marks += [Score(member=m, application=first, project=14, academic=14, financial=14) for m in extra]
        Score.objects.bulk_create(marks)
        start = timezone.now() + timedelta(days=10)
        InterviewSlot.objects.bulk_create(
            InterviewSlot(
                commission=commission,
                application=f,
                starts_at=start + timedelta(minutes=20 * n),
                place="Salle 2",
                set_by=agent,
            )
            for f, n in zip(files, numbers, strict=True)
            if n % 4 == 0
        )
        Exclusion.objects.bulk_create(
            Exclusion(commission=commission, application=f, reason="Hors délai", decided_by=agent)
            for f, n in zip(files, numbers, strict=True)
            if n % 10 == 0
        )
        ConflictDeclaration.objects.bulk_create(
            ConflictDeclaration(member=members[MemberKind.MEDICAL_COUNCIL], application=f, reason="Parent")
            for f, n in zip(files, numbers, strict=True)
            if n % 5 == 0
        )
        if validated:
            ListEntry.objects.bulk_create(
                ListEntry(
                    commission=commission,
                    application=f,
                    kind=[ListKind.MAIN, ListKind.COMPLEMENTARY, ListKind.NOT_RETAINED][n % 3],
                    rank=None if n % 3 == 2 else n,
                    reason="Moyenne insuffisante" if n % 3 == 2 else "",
                    average=Decimal("12.5"),
                    decided_by=agent,
                )
                for f, n in zip(files, numbers, strict=True)
            )

    if validated:
        Commission.objects.filter(pk=commission.pk).update(
            status=CommissionStatus.VALIDATED,
            validated_at=timezone.now(),
            validated_by=world.users["committee_member"],
        )
    return commission, first, grow


def open_commission(world) -> Scenario:
    """A commission at work: its page, the ranking (ties, exclusions, unscored files) and a file."""
    commission, first, grow = _commission_with_files(world, validated=False)
    file = reverse("selection:file", kwargs={"pk": commission.pk, "application_pk": first.pk})
    detail, ranking = (reverse(f"selection:{n}", kwargs={"pk": commission.pk}) for n in ("detail", "ranking"))
    views = [
        View("ufr_agent", detail),
        View("committee_member", detail),
        View("ars_referent", detail),
        View("admin", detail),
        View("committee_member", ranking, RANKING_PAGE),
        View("ufr_agent", ranking, RANKING_PAGE),
        View("ars_referent", ranking, RANKING_PAGE),
        # (the first file, which the extra members mark, is not numbered: one row less to find)
        View("committee_member", ranking + "?page=2", page_of(RANKING_PAGE_SIZE - 1)),
        View("committee_member", file, none_listed),
        View("ufr_agent", file, none_listed),
        View("ars_referent", file, none_listed),
    ]
    return Scenario(views, grow)


def validated_commission(world) -> Scenario:
    """A validated commission: its lists, read by its members, its UFR and the national agencies."""
    commission, _first, grow = _commission_with_files(world, validated=True)
    detail, ranking = (reverse(f"selection:{n}", kwargs={"pk": commission.pk}) for n in ("detail", "ranking"))
    return Scenario(
        [
            View("committee_member", detail),
            View("ufr_agent", detail),
            View("asp_agent", detail),
            View("dgos_agent", detail),
            View("committee_member", ranking, RANKING_PAGE),
        ],
        grow,
    )


def decrees(world) -> Scenario:
    """Published decrees and drafts: the public list and the DGOS's."""
    dgos = world.users["dgos_agent"]
    year = academic_year()

    def grow(numbers):
        Decree.objects.bulk_create(
            Decree(
                academic_year=year,
                title=f"Arrêté {volume.label(n)}" if n % 2 else f"Projet d'arrêté {volume.label(n)}",
                signed_on=date(2027, 6, 1),
                effective_on=date(2027, 6, 2),
                published_on=date(2027, 6, 2) if n % 2 else None,
                status=DecreeStatus.PUBLISHED if n % 2 else DecreeStatus.DRAFT,
                created_by=dgos,
                published_by=dgos if n % 2 else None,
            )
            for n in numbers
        )

    index = reverse("decrees:index")
    return Scenario(
        [View("anonymous", index, half), View("candidate", index, half), View("dgos_agent", index)], grow
    )


def decree_lines(world) -> Scenario:
    """A draft and a published decree with a line for each of many UFRs."""
    dgos = world.users["dgos_agent"]
    year = academic_year()
    draft, published = (
        Decree.objects.create(
            academic_year=year,
            title=title,
            signed_on=date(2027, 6, 1),
            effective_on=date(2027, 6, 2),
            status=status,
            created_by=dgos,
        )
        for title, status in (("Projet", DecreeStatus.DRAFT), ("Arrêté", DecreeStatus.PUBLISHED))
    )

    def grow(numbers):
        faculties = volume.faculties(world.region_a, numbers)
        QuotaLine.objects.bulk_create(
            QuotaLine(
                decree=decree,
                faculty=f,
                region=f.region,
                discipline="medecine",
                category=[Category.SECOND_CYCLE, Category.THIRD_CYCLE][n % 2],
                count=n,
            )
            for decree in (draft, published)
            for f, n in zip(faculties, numbers, strict=True)
        )

    def detail(decree):
        return reverse("decrees:detail", kwargs={"pk": decree.pk})

    return Scenario(
        [
            View("dgos_agent", detail(draft)),
            View("dgos_agent", detail(published)),
            View("anonymous", detail(published)),
        ],
        grow,
    )


def offers_and_contracts(world) -> Scenario:
    """Offers of UFR A's quota, pending, declined or signed, and a contract for each signed one."""
    year = academic_year()
    campaign = campaign_for(world.ufr_a.faculty)
    pool = QuotaPool.objects.create(
        academic_year=year,
        faculty=world.ufr_a.faculty,
        region=world.region_a,
        discipline="medecine",
        category=Category.SECOND_CYCLE,
    )

    def grow(numbers):
        people = volume.users(numbers)
        files = volume.applications([(campaign, c) for c in people], status=ApplicationStatus.COMPLETE)
        now = timezone.now()
        statuses = [OfferStatus.PENDING, OfferStatus.SIGNED, OfferStatus.DECLINED, OfferStatus.SIGNED]
        offers = Offer.objects.bulk_create(
            Offer(
                pool=pool,
                application=f,
                candidate=f.candidate,
                list_kind=ListKind.MAIN,
                rank=n,
                status=statuses[n % 4],
                offered_at=now - timedelta(days=2),
                deadline=now + timedelta(days=28),
                decided_at=None if n % 4 == 0 else now - timedelta(days=1),
            )
            for f, n in zip(files, numbers, strict=True)
        )
        Contract.objects.bulk_create(
            _contract(offer, n)
            for offer, n in zip(offers, numbers, strict=True)
            if offer.status == OfferStatus.SIGNED
        )

    index = reverse("contracts:index")
    return Scenario(
        [
            View(role, index)
            for role in ("asp_agent", "ufr_agent", "ars_referent", "dgos_agent", "cng_agent", "admin")
        ],
        grow,
    )


def _contract(offer, n) -> Contract:
    return Contract(
        offer=offer,
        beneficiary=offer.candidate,
        pool=offer.pool,
        number=f"CESP-3000-{n:06d}",
        regime="R3",
        cursus="medecine",
        status_at_signature="student",
        signed_on=date(2027, 7, 3),
        allowance_start=date(2027, 10, 1),
        back_pay_months=0,
        back_pay_gross=Decimal("0.00"),
        monthly_gross=Decimal("1200.00"),
    )


def contract_versions(world) -> Scenario:
    """The world candidate's contract, re-issued many times, its bank details changed as often."""
    candidate, asp = world.users["candidate"], world.users["asp_agent"]
    pool = QuotaPool.objects.create(
        academic_year=academic_year(),
        faculty=world.ufr_a.faculty,
        region=world.region_a,
        discipline="medecine",
        category=Category.SECOND_CYCLE,
    )
    (file,) = volume.applications(
        [(campaign_for(world.ufr_b.faculty), candidate)], status=ApplicationStatus.COMPLETE
    )
    now = timezone.now()
    offer = Offer.objects.create(
        pool=pool,
        application=file,
        candidate=candidate,
        list_kind=ListKind.MAIN,
        rank=1,
        status=OfferStatus.SIGNED,
        offered_at=now,
        deadline=now + timedelta(days=30),
        decided_at=now,
    )
    contract = _contract(offer, 0)
    contract.save()

    def grow(numbers):
        documents = ContractDocument.objects.bulk_create(
            ContractDocument(
                contract=contract,
                version=n,
                kind="original" if n == 1 else "reissue",
                file=f"contracts/3000/{volume.label(n)}.pdf",
                sha256=f"{n:064x}",
            )
            for n in numbers
        )
        SignatureEvidence.objects.bulk_create(
            SignatureEvidence(
                document=d,
                signer=candidate,
                signed_at=now,
                document_sha256=d.sha256,
                consent_text="J'accepte.",
            )
            for d in documents
        )
        BankDetails.objects.bulk_create(
            BankDetails(
                contract=contract,
                iban="FR7630006000011234567890189",
                bic="AGRIFRPP",
                holder=f"Camille {volume.label(n)}",
                recorded_by=asp,
            )
            for n in numbers
        )

    detail = reverse("contracts:contract_detail", kwargs={"pk": contract.pk})
    return Scenario(
        [
            View("candidate", detail, none_listed),
            View("asp_agent", detail, none_listed),
            View("ufr_agent", detail, none_listed),
            View("candidate", reverse("contracts:index"), none_listed),
        ],
        grow,
    )


def history(world) -> Scenario:
    """Many audit rows on UFR A's organisation, by many people: its history and the admin's."""

    def grow(numbers):
        volume.audit_events(world.ufr_a, numbers, actors=volume.users(numbers, prefix="acteur"))

    page = reverse("web:history", kwargs={"label": "accounts.organisation", "pk": world.ufr_a.pk})
    return Scenario(
        [
            View("asp_agent", page),
            View("ufr_agent", page),
            View("ars_referent", page),
            View("admin", page),
            admin("core.auditevent"),
        ],
        grow,
    )


def organisation(world) -> Scenario:
    """Many members of UFR A, many rows in its history: the organisation page and the admin's users
    and memberships."""

    def grow(numbers):
        people = volume.members_of(world.ufr_a, numbers, role=Role.UFR_AGENT)
        volume.audit_events(world.ufr_a, numbers, actors=people)

    return Scenario(
        [
            View("ufr_agent", reverse("web:organisation")),
            View("committee_member", reverse("web:organisation")),
            admin("accounts.user"),
            admin("accounts.membership"),
        ],
        grow,
    )


def zoning(world) -> Scenario:
    """Communes of region A named alike, zoned for two professions, and many zoning imports by its
    ARS: the lookup, the statistics and the last imports; the admin's communes, zonings, imports."""
    department = Department.objects.create(code="59", name="Nord", region=world.region_a)
    referent = world.users["ars_referent"]

    def grow(numbers):
        communes = Commune.objects.bulk_create(
            Commune(
                insee_code=f"59{n:03d}",
                name=f"Volville {volume.label(n)}",
                department=department,
                region=world.region_a,
            )
            for n in numbers
        )
        imports = ZoningImport.objects.bulk_create(
            ZoningImport(
                file_name=f"zonage-{volume.label(n)}.csv",
                sha256=f"{n:064x}",
                imported_by=referent,
                row_count=2,
            )
            for n in numbers
        )
        Zoning.objects.bulk_create(
            Zoning(
                commune=c,
                profession=profession,
                zone_type=[ZoneType.ZIP, ZoneType.ZAC][n % 2],
                valid_from=date(2020, 1, 1),
                decree=f"Arrêté {volume.label(n)}",
                zoning_import=i,
            )
            for c, i, n in zip(communes, imports, numbers, strict=True)
            for profession in (Profession.PHYSICIAN, Profession.DENTIST)
        )

    lookup = reverse("web:zoning") + "?q=Volville"
    return Scenario(
        [
            View("ars_referent", lookup, page_of(20)),
            View("asp_agent", lookup, page_of(20)),
            admin("referentials.commune"),
            admin("referentials.zoning"),
            admin("referentials.zoningimport"),
        ],
        grow,
    )


SCENARIOS = [
    work_queue,
    campaigns,
    commissions,
    candidate_home,
    candidate_file,
    open_commission,
    validated_commission,
    decrees,
    decree_lines,
    offers_and_contracts,
    contract_versions,
    history,
    organisation,
    zoning,
]


# --- The test ------------------------------------------------------------------------------------

LITERALS = re.compile(r"'[^']*'|\"s\d+_x\d+\"|\b\d+\b")  # strings, savepoint names, numbers


def shape(sql: str) -> str:
    """A statement with its literals blanked: the same query for another row has the same shape."""
    return LITERALS.sub("?", sql)


def repeated(small: query_counts.Measure, large: query_counts.Measure) -> list[str]:
    """The statements that the larger data set runs more often: the N+1."""
    before, after = Counter(map(shape, small.queries)), Counter(map(shape, large.queries))
    return [f"  ×{after[s]} (was ×{before[s]}): {s}" for s in after if after[s] > before[s]]


def labels_shown(content: bytes, numbers: list[int]) -> int:
    text = content.decode().lower()
    return sum(volume.label(n).lower() in text for n in numbers)


def growth_failures(scenario: Scenario, client_for) -> list[str]:
    """Measure every view of ``scenario`` with SMALL objects, then with LARGE: the views whose
    query count changed, with the statements that repeat."""
    numbers = scenario.add(SMALL)
    small = {
        view: query_counts.measure(client_for(view.role), view.url, keep_content=True)
        for view in scenario.views
    }
    numbers += scenario.add(LARGE - SMALL)
    failures = []
    for view in scenario.views:
        large = query_counts.measure(client_for(view.role), view.url, keep_content=True)
        where = f"{view.url} as {view.role}"
        for size, measured in ((SMALL, small[view]), (LARGE, large)):
            assert measured.status == 200, f"{where} with {size} objects answered {measured.status}"
            expected = view.shown(size)
            shown = labels_shown(measured.content, numbers[:size])
            assert shown >= expected, (
                f"{where} shows {shown} of the {size} objects built, expected {expected}"
            )
        if large.count != small[view].count:
            failures.append(
                f"{where}: {small[view].count} queries with {SMALL} objects, {large.count} with {LARGE}:\n"
                + "\n".join(repeated(small[view], large))
            )
    return failures


@pytest.mark.parametrize("build", SCENARIOS, ids=lambda build: build.__name__)
def test_query_count_does_not_grow_with_the_data(build, world, client_for):
    failures = growth_failures(build(world), client_for)
    assert not failures, "Pages whose query count grows with the data (N+1):\n" + "\n".join(failures)


def test_a_page_reading_a_relation_row_by_row_fails(world, client_for, monkeypatch):
    """The probe: the decree list's selector forgets its ``select_related``, so the page reads each
    decree's academic year on its own; the check names the page and the repeated statement."""
    original = decree_selectors.decree_list

    def forgetful(**kwargs):
        return original(**kwargs).select_related(None)

    monkeypatch.setattr(decree_selectors, "decree_list", forgetful)
    view_module = sys.modules[resolve(reverse("decrees:index")).func.__module__]
    if hasattr(view_module, "decree_list"):  # imported by name into the view's module
        monkeypatch.setattr(view_module, "decree_list", forgetful)
    failures = growth_failures(decrees(world), client_for)
    assert len(failures) == 3, failures  # the anonymous visitor, the candidate and the DGOS
    assert all(f.startswith(reverse("decrees:index")) for f in failures)
    assert all('FROM "referentials_academicyear"' in f.split("\n", 1)[1] for f in failures)
