"""Scoped reads and the work queue: filters, counts, sorting, pagination, constant queries."""

import pytest
from django.urls import reverse

from cesp.accounts.scopes import Scope, scope_for_membership
from cesp.applications import selectors
from cesp.applications.models import Application, ApplicationStatus, Campaign
from tests import factories
from tests.applications.helpers import NOW, draft, open_campaign, submitted

pytestmark = pytest.mark.django_db


def scope_of(user):
    membership = user.memberships.select_related("organisation").first()
    return scope_for_membership(membership)


@pytest.fixture
def files(world):
    campaign_a = open_campaign(world)
    campaign_b = open_campaign(world, faculty=world.ufr_b.faculty)
    return {
        "a": submitted(world, campaign_a, world.users["candidate"]),
        "a_draft": draft(world, campaign_a, world.other_candidate),
        "b": submitted(world, campaign_b, world.other_candidate),
    }


def test_who_sees_which_file(world, files):
    def visible(scope):
        return set(selectors.application_list(scope=scope).values_list("pk", flat=True))

    a, a_draft, b = files["a"].pk, files["a_draft"].pk, files["b"].pk
    assert visible(Scope(user_id=world.users["candidate"].pk, role="candidate")) == {a}
    assert visible(Scope(user_id=world.other_candidate.pk, role="candidate")) == {a_draft, b}
    assert visible(scope_of(world.users["ufr_agent"])) == {a}  # never drafts, never UFR B
    # A committee member reads only the files of a commission they sit on (tests/selection/test_member_scope.py).
    assert visible(scope_of(world.users["committee_member"])) == set()
    assert visible(scope_of(world.users["ars_referent"])) == {a}
    assert visible(scope_of(world.other_ufr_agent)) == {b}
    assert visible(scope_of(world.users["asp_agent"])) == {a, b}
    assert visible(Scope(user_id=world.users["admin"].pk, role="admin", national=True)) == {a, b}
    assert visible(Scope()) == set()


def test_campaigns_by_scope(world, files):
    padhue = Campaign.objects.create(
        kind="PADHUE",
        region=world.region_a,
        discipline="medecine",
        academic_year=files["a"].campaign.academic_year,
        filing_opens_at=files["a"].campaign.filing_opens_at,
        filing_deadline=files["a"].campaign.filing_deadline,
        commission_date=files["a"].campaign.commission_date,
        status="open",
    )
    ars = set(selectors.campaign_list(scope=scope_of(world.users["ars_referent"])))
    assert padhue in ars and files["a"].campaign in ars and files["b"].campaign not in ars
    assert padhue not in set(selectors.campaign_list(scope=scope_of(world.users["ufr_agent"])))
    assert selectors.can_manage_campaign(scope_of(world.users["ars_referent"]), padhue)
    assert not selectors.can_manage_campaign(scope_of(world.users["ars_referent"]), files["a"].campaign)
    assert not selectors.can_manage_campaign(scope_of(world.users["ufr_agent"]), files["b"].campaign)
    assert set(selectors.open_campaigns(scope=Scope(user_id=1, role="candidate"), at=NOW)) == {
        padhue,
        files["a"].campaign,
        files["b"].campaign,
    }


def many_files(world, count):
    """``count`` submitted files of UFR A, in bulk (the queue reads, it does not care how they came)."""
    campaign = Campaign.objects.get(faculty=world.ufr_a.faculty)
    candidates = [factories.CandidateFactory(last_name=f"Nom{n:03d}") for n in range(count)]
    statuses = [
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.COMPLETE,
        ApplicationStatus.CORRECTIONS_REQUESTED,
    ]
    Application.objects.bulk_create(
        Application(
            campaign=campaign,
            candidate=candidate,
            status=statuses[n % 3],
            cursus="medecine",
            status_at_signature="intern" if n % 2 else "student",
            cycle=3 if n % 2 else 2,
            current_year=4,
            submitted_at=NOW,
        )
        for n, candidate in enumerate(candidates)
    )


def test_queue_filters_counts_and_sorting(world, files):
    many_files(world, 30)
    scope = scope_of(world.users["ufr_agent"])
    queue = selectors.work_queue(scope=scope, filters=selectors.QueueFilters(), per_page=20)
    assert queue.total == 31
    assert queue.counts["complete"] == 10 and queue.counts["submitted"] == 11
    assert queue.counts["corrections_requested"] == 10 and queue.counts["withdrawn"] == 0
    assert len(queue.page.object_list) == 20 and queue.page.paginator.num_pages == 2
    complete = selectors.work_queue(scope=scope, filters=selectors.QueueFilters(status="complete"))
    assert {a.status for a in complete.page} == {"complete"}
    assert complete.counts["submitted"] == 11  # the counts ignore the status filter
    interns = selectors.queue_queryset(scope=scope, filters=selectors.QueueFilters(cycle=3))
    assert interns.count() == 15
    by_name = list(selectors.queue_queryset(scope=scope, filters=selectors.QueueFilters(sort="-name")))
    names = [a.candidate.last_name for a in by_name]
    assert names == sorted(names, reverse=True) and "Nom029" in names
    found = selectors.queue_queryset(scope=scope, filters=selectors.QueueFilters(q="nom007"))
    assert [a.candidate.last_name for a in found] == ["Nom007"]
    by_reference = selectors.queue_queryset(
        scope=scope, filters=selectors.QueueFilters(q=files["a"].reference)
    )
    assert list(by_reference) == [files["a"]]
    assert not selectors.queue_queryset(
        scope=scope, filters=selectors.QueueFilters(discipline="pharmacie")
    ).exists()


def test_queue_page_has_a_constant_number_of_queries(world, files, client_for, django_assert_num_queries):
    many_files(world, 120)
    client = client_for("ufr_agent")
    client.get(reverse("applications:queue"))  # warm the session, caches and site configuration
    counts = []
    for per_page in (20, 100):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("applications:queue") + f"?per_page={per_page}")
        assert response.status_code == 200
        assert response.content.decode().count('href="/candidatures/dossiers/') == per_page
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
    with django_assert_num_queries(counts[0]):
        client.get(reverse("applications:queue") + "?per_page=50&sort=-name&status=complete")


def test_candidates_see_only_campaigns_the_rules_open(world):
    from datetime import date

    from cesp.accounts.scopes import Scope
    from cesp.applications.eligibility import campaign_open_to_candidates

    pharmacy = factories.FacultyFactory(code="pharmacie-lille", discipline="pharmacie", region=world.region_a)
    medicine = open_campaign(world)
    campaign = open_campaign(world, faculty=pharmacy)
    assert not campaign_open_to_candidates(campaign=campaign, applied_on=date(2025, 12, 1))  # before R3
    assert campaign_open_to_candidates(campaign=campaign, applied_on=date(2026, 3, 2))
    assert campaign_open_to_candidates(campaign=medicine, applied_on=date(2025, 12, 1))
    scope = Scope(user_id=world.users["candidate"].pk, role="candidate")
    seen = selectors.campaigns_for_candidate(scope=scope, at=NOW, faculty_id=pharmacy.pk)
    assert seen == [campaign, medicine]  # their own UFR first


def test_queue_flags_files_with_documents_pending_a_scan(world, files, client_for):
    files["a"].documents.filter(kind="identity").update(scan_status="pending")
    page = client_for("ufr_agent").get(reverse("applications:queue")).content.decode()
    assert "Pièces en attente d&#x27;analyse" in page or "Pièces en attente d'analyse" in page
