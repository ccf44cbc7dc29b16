from datetime import date, datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone

from cesp.core.models import AuditEvent
from cesp.selection import selectors, services
from cesp.selection.models import CommissionStatus, ListKind, MemberKind
from cesp.selection.services import SelectionError
from cesp.selection.signals import lists_validated
from tests.selection.builders import score_all


def test_members_must_hold_the_right_account(world, commission, committee_member):
    ufr_agent = world.users["ufr_agent"]
    with pytest.raises(SelectionError, match="membre de commission de l'UFR"):
        services.member_add(
            actor=ufr_agent, commission=commission, user=world.users["asp_agent"], kind="urps"
        )
    with pytest.raises(SelectionError, match="référent CESP de l'ARS"):
        services.member_add(actor=ufr_agent, commission=commission, user=world.other_ars_referent, kind="ars")
    with pytest.raises(SelectionError, match="déjà un président"):
        services.member_add(actor=ufr_agent, commission=commission, user=committee_member(), kind="president")
    with pytest.raises(SelectionError, match="siège déjà"):
        services.member_add(
            actor=ufr_agent, commission=commission, user=world.users["committee_member"], kind="urps"
        )


def test_score_is_recorded_and_audited(world, commission, files):
    member = world.users["committee_member"]
    score = services.score_set(
        actor=member, commission=commission, application=files[0], project="14.5", academic=12, financial=D(9)
    )
    assert (score.project, score.academic, score.financial) == (D("14.5"), D(12), D(9))
    event = AuditEvent.objects.for_object(commission).filter(action="selection.score_set").get()
    assert event.actor == member and event.changes["project"] == "14.5"
    # A correction keeps the previous marks in the audit trail.
    services.score_set(
        actor=member, commission=commission, application=files[0], project=15, academic=12, financial=9
    )
    event = AuditEvent.objects.for_object(commission).filter(action="selection.score_set").first()
    assert event.changes["before"]["project"] == "14.50"


@pytest.mark.parametrize("bad", ["-1", "20.01", "abc", "12.345", "NaN", "Infinity"])
def test_bad_marks_are_refused(world, commission, files, bad):
    with pytest.raises(SelectionError, match="Projet professionnel"):
        services.score_set(
            actor=world.users["committee_member"],
            commission=commission,
            application=files[0],
            project=bad,
            academic=10,
            financial=10,
        )
    assert not selectors.scores_of(commission=commission).exists()


def test_only_members_score_and_only_complete_files(world, commission, files, incomplete_file):
    with pytest.raises(SelectionError, match="Seuls les membres"):
        services.score_set(
            actor=world.users["ufr_agent"],
            commission=commission,
            application=files[0],
            project=1,
            academic=1,
            financial=1,
        )
    with pytest.raises(SelectionError, match="non complet"):
        services.score_set(
            actor=world.users["committee_member"],
            commission=commission,
            application=incomplete_file,
            project=1,
            academic=1,
            financial=1,
        )


def test_a_declared_conflict_forbids_scoring(world, commission, files, members):
    ordre = members[MemberKind.MEDICAL_COUNCIL].user
    services.conflict_declare(
        actor=ordre, commission=commission, application=files[0], reason="Cousin germain"
    )
    with pytest.raises(SelectionError, match="conflit d'intérêts"):
        services.score_set(
            actor=ordre, commission=commission, application=files[0], project=20, academic=20, financial=20
        )
    assert not selectors.scores_of(commission=commission).exists()
    # The others still score it, and the file's average ignores the conflicted member.
    services.score_set(
        actor=world.users["committee_member"],
        commission=commission,
        application=files[0],
        project=10,
        academic=10,
        financial=10,
    )
    assert selectors.file_marks(commission=commission)[files[0].pk].average == D(10)


def test_cannot_declare_a_conflict_after_scoring(world, commission, files):
    member = world.users["committee_member"]
    services.score_set(
        actor=member, commission=commission, application=files[0], project=1, academic=1, financial=1
    )
    with pytest.raises(SelectionError, match="déjà noté"):
        services.conflict_declare(actor=member, commission=commission, application=files[0], reason="x")


def test_weights_of_the_campaign_make_the_average(world, commission, files, members):
    # Weights 2/1/1 (see conftest): (16*2 + 8 + 8)/4 = 12 and (8*2 + 16 + 16)/4 = 12.
    services.score_set(
        actor=world.users["committee_member"],
        commission=commission,
        application=files[0],
        project=16,
        academic=8,
        financial=8,
    )
    services.score_set(
        actor=members[MemberKind.ARS].user,
        commission=commission,
        application=files[0],
        project=8,
        academic=16,
        financial=16,
    )
    marks = selectors.file_marks(commission=commission)[files[0].pk]
    assert marks.marks == [D(12), D(12)] and marks.average == D(12) and marks.total == D(24)


def test_tie_break_with_the_ars_casting_vote(world, commission, files, members):
    a, b, c, d = files
    score_all(commission, {a: 14, b: 14, c: 16, d: 3})
    rows = selectors.proposed_ranking(commission=commission)
    assert [(r.application, r.ranked.position, r.ranked.tie_resolved) for r in rows[:3]] == [
        (c, 1, True),
        (a, 2, False),
        (b, 2, False),
    ]
    with pytest.raises(SelectionError, match="égalité"):
        services.lists_build(
            actor=world.users["ufr_agent"], commission=commission, main_size=2, complementary_size=1
        )
    with pytest.raises(SelectionError, match="représentant de l'ARS"):
        services.tie_break_record(
            actor=world.users["ufr_agent"],
            commission=commission,
            order=[b, a],
            show_of_hands="2 voix contre 2",
            casting_voter=members[MemberKind.MEDICAL_COUNCIL],
            reason="Projet en zone sous-dotée",
        )
    with pytest.raises(SelectionError, match="pas à égalité"):
        services.tie_break_record(
            actor=world.users["ufr_agent"], commission=commission, order=[a, c], show_of_hands="x", reason="y"
        )
    tie_break = services.tie_break_record(
        actor=world.users["committee_member"],
        commission=commission,
        order=[b, a],
        show_of_hands="2 voix pour B, 2 voix pour A",
        casting_voter=members[MemberKind.ARS],
        reason="Projet d'installation en ZIP",
    )
    assert tie_break.decided_by == world.users["committee_member"] and tie_break.decided_at is not None
    rows = selectors.proposed_ranking(commission=commission)
    assert [r.application for r in rows[:3]] == [c, b, a]
    event = AuditEvent.objects.for_object(commission).get(action="selection.tie_break")
    assert event.changes["casting_voter"] == world.users["ars_referent"].email
    assert event.reason == "Projet d'installation en ZIP"


def test_lists_need_every_file_scored_or_excluded(world, commission, files):
    score_all(commission, {files[0]: 15})
    with pytest.raises(SelectionError, match="sans aucune note"):
        services.lists_build(
            actor=world.users["ufr_agent"], commission=commission, main_size=1, complementary_size=1
        )


def test_lists_main_complementary_and_not_retained(world, commission, files):
    a, b, c, d = files
    score_all(commission, {a: 15, b: 12, c: 10})
    services.application_exclude(
        actor=world.users["ufr_agent"], commission=commission, application=d, reason="Projet hors dispositif"
    )
    entries = services.lists_build(
        actor=world.users["ufr_agent"], commission=commission, main_size=1, complementary_size=1
    )
    summary = {e.application: (e.kind, e.rank, e.reason) for e in entries}
    assert summary == {
        a: (ListKind.MAIN, 1, ""),
        b: (ListKind.COMPLEMENTARY, 1, ""),
        c: (ListKind.NOT_RETAINED, None, services.DEFAULT_NOT_RETAINED_REASON),
        d: (ListKind.NOT_RETAINED, None, "Projet hors dispositif"),
    }
    # A later change of marks makes the draft lists stale: they are removed.
    score_all(commission, {c: 19})
    assert not commission.entries.exists()


def test_only_the_president_validates_and_validation_locks_everything(
    world, commission, files, members, django_capture_on_commit_callbacks
):
    a, b, c, d = files
    score_all(commission, {a: 15, b: 12, c: 10, d: 9})
    services.lists_build(
        actor=world.users["ufr_agent"], commission=commission, main_size=2, complementary_size=1
    )
    with pytest.raises(SelectionError, match="Seul le président"):
        services.commission_validate(actor=world.users["ufr_agent"], commission=commission)
    with pytest.raises(SelectionError, match="séance"):
        services.commission_validate(actor=world.users["committee_member"], commission=commission)
    services.sitting_record(
        actor=world.users["ufr_agent"],
        commission=commission,
        held_on=date(2027, 5, 12),
        present=list(members.values()),
    )
    received = []
    lists_validated.connect(lambda sender, commission, **kw: received.append(commission), weak=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.commission_validate(
            actor=world.users["committee_member"], commission=commission, reason="Séance close"
        )
    commission.refresh_from_db()
    assert (
        commission.status == CommissionStatus.VALIDATED
        and commission.validated_by == world.users["committee_member"]
    )
    assert commission.minutes and len(commission.minutes_sha256) == 64
    assert received and received[-1].pk == commission.pk

    president = world.users["committee_member"]
    refusals = [
        lambda: services.score_set(
            actor=president, commission=commission, application=a, project=1, academic=1, financial=1
        ),
        lambda: services.lists_build(
            actor=president, commission=commission, main_size=4, complementary_size=0
        ),
        lambda: services.application_exclude(
            actor=president, commission=commission, application=a, reason="x"
        ),
        lambda: services.conflict_declare(actor=president, commission=commission, application=a, reason="x"),
        lambda: services.interview_set(
            actor=president, commission=commission, application=a, starts_at=timezone.now(), place="Salle 1"
        ),
        lambda: services.member_add(
            actor=president, commission=commission, user=world.users["ufr_agent"], kind="urps"
        ),
        lambda: services.commission_validate(actor=president, commission=commission),
    ]
    for refuse in refusals:
        with pytest.raises(SelectionError, match=r"ont été validées le .* plus aucune modification"):
            refuse()
    assert selectors.scores_of(commission=commission).get(member__user=president, application=a).project == D(
        15
    )


def test_offer_order_for_the_contracts_side(world, commission, files, members):
    a, b, c, d = files
    score_all(commission, {a: 11, b: 12, c: 13, d: 14})
    services.lists_build(
        actor=world.users["ufr_agent"], commission=commission, main_size=2, complementary_size=2
    )
    # Nothing is handed on before validation.
    assert not selectors.ranked_entries(campaign=commission.campaign).exists()
    assert selectors.validated_lists(campaign=commission.campaign) is None
    services.sitting_record(
        actor=world.users["ufr_agent"],
        commission=commission,
        held_on=date(2027, 5, 12),
        present=list(members.values()),
    )
    services.commission_validate(actor=world.users["committee_member"], commission=commission)
    entries = selectors.ranked_entries(campaign=commission.campaign)
    assert [(e.application, e.kind, e.rank) for e in entries] == [
        (d, "main", 1),
        (c, "main", 2),
        (b, "complementary", 1),
        (a, "complementary", 2),
    ]
    lists = selectors.validated_lists(campaign=commission.campaign)
    assert [e.application for e in lists.in_offer_order] == [d, c, b, a] and lists.not_retained == []


def test_interview_slot(world, commission, files):
    when = timezone.make_aware(datetime(2027, 5, 10, 14, 30))
    slot = services.interview_set(
        actor=world.users["ufr_agent"],
        commission=commission,
        application=files[0],
        starts_at=when,
        place="Salle du conseil",
    )
    assert slot.set_by == world.users["ufr_agent"]
    moved = services.interview_set(
        actor=world.users["committee_member"],
        commission=commission,
        application=files[0],
        starts_at=when,
        place="Visio",
    )
    assert moved.pk == slot.pk and moved.place == "Visio"
    with pytest.raises(SelectionError, match="lieu"):
        services.interview_set(
            actor=world.users["ufr_agent"],
            commission=commission,
            application=files[1],
            starts_at=when,
            place=" ",
        )


def test_padhue_commission_is_run_by_the_ars(world):
    from cesp.applications.models import Campaign, CampaignKind
    from tests.selection.builders import academic_year, aware

    campaign = Campaign.objects.create(
        kind=CampaignKind.PADHUE,
        region=world.region_a,
        discipline="medecine",
        academic_year=academic_year(),
        filing_opens_at=aware(2027, 1, 5, 9, 0),
        filing_deadline=aware(2027, 3, 31, 23, 0),
        commission_date=date(2027, 5, 12),
    )
    with pytest.raises(SelectionError, match="Seuls les agents"):
        services.commission_create(actor=world.users["ufr_agent"], campaign=campaign)
    ars = world.users["ars_referent"]
    commission = services.commission_create(actor=ars, campaign=campaign)
    services.member_add(actor=ars, commission=commission, user=ars, kind=MemberKind.ARS)
    services.member_add(
        actor=ars, commission=commission, user=world.users["committee_member"], kind=MemberKind.PRESIDENT
    )
    assert commission.members.count() == 2


def test_a_file_withdrawn_after_the_lists_blocks_validation_until_redrawn(world, commission, files, members):
    from cesp.applications.models import ApplicationStatus

    a, b, c, d = files
    score_all(commission, {a: 15, b: 12, c: 10, d: 9})
    agent = world.users["ufr_agent"]
    services.lists_build(actor=agent, commission=commission, main_size=2, complementary_size=1)
    services.sitting_record(
        actor=agent, commission=commission, held_on=date(2027, 5, 12), present=list(members.values())
    )
    a.status = ApplicationStatus.WITHDRAWN
    a.save(update_fields=["status"])
    with pytest.raises(SelectionError, match="changé d'état"):
        services.commission_validate(actor=world.users["committee_member"], commission=commission)
    entries = services.lists_build(actor=agent, commission=commission, main_size=2, complementary_size=1)
    assert [e.application for e in entries if e.kind == ListKind.MAIN] == [b, c]
    services.commission_validate(actor=world.users["committee_member"], commission=commission)


def test_one_commission_per_campaign(world, commission):
    with pytest.raises(SelectionError, match="déjà sa commission"):
        services.commission_create(actor=world.users["ufr_agent"], campaign=commission.campaign)
