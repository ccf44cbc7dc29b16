"""Demo commissions: for the demo faculties' campaigns with complete files, a commission with its
members (the dean presiding, the region's ARS referent, the medical council, the URPS, a student);
the first one scored, a tie broken by the ARS casting vote, lists validated with their minutes;
the others partly scored, open. Re-running it changes nothing."""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cesp.applications.models import Application, ApplicationStatus, Campaign
from cesp.applications.selectors import campaign_secretariat
from cesp.selection import selectors, services
from cesp.selection.models import Commission, MemberKind

SEATS = [
    (".doyen.", MemberKind.PRESIDENT),
    (".ordre.", MemberKind.MEDICAL_COUNCIL),
    (".urps.", MemberKind.URPS),
    (".etudiant.", MemberKind.STUDENT),
]


def _mark(rng: random.Random) -> Decimal:
    return Decimal(rng.randint(16, 76)) / 4  # 4 to 19, by quarter points


def _seat_members(commission: Commission, agent) -> dict[str, object]:
    campaign = commission.campaign
    members = {}
    committee = list(
        selectors.committee_seat_memberships(campaign).select_related("user").order_by("user__email")
    )
    for marker, kind in SEATS:
        membership = next((m for m in committee if marker in m.user.email), None)
        if membership is not None:
            members[kind] = services.member_add(
                actor=agent, commission=commission, user=membership.user, kind=kind
            )
    ars = selectors.ars_seat_memberships(campaign).select_related("user").order_by("user__email").first()
    if ars is not None:
        members[MemberKind.ARS] = services.member_add(
            actor=agent, commission=commission, user=ars.user, kind=MemberKind.ARS
        )
    return members


@transaction.atomic
def seed_selection_demo(*, seed: int = 2026, validated: int = 1) -> list[Commission]:
    if Commission.objects.exists():
        return []
    rng = random.Random(seed)
    created = []
    campaigns = (
        Campaign.objects.filter(faculty__isnull=False)
        .select_related("faculty", "region", "academic_year")
        .order_by("-academic_year__start", "faculty__region__code", "faculty__code")
    )
    for campaign in campaigns:
        files = list(
            Application.objects.filter(campaign=campaign, status=ApplicationStatus.COMPLETE).order_by("pk")
        )
        agent_membership = campaign_secretariat(campaign).select_related("user").first()
        if not files or agent_membership is None:
            continue
        agent = agent_membership.user
        commission = services.commission_create(actor=agent, campaign=campaign)
        members = _seat_members(commission, agent)
        created.append(commission)
        if MemberKind.PRESIDENT not in members:
            continue
        if len(created) <= validated and len(files) >= 3 and MemberKind.ARS in members:
            _score_and_validate(commission, members, files, agent, rng)
        else:
            for member in members.values():  # an open commission, partly scored
                for application in files[: len(files) // 2]:
                    services.score_set(
                        actor=member.user,
                        commission=commission,
                        application=application,
                        project=_mark(rng),
                        academic=_mark(rng),
                        financial=_mark(rng),
                    )
    return created


def _score_and_validate(commission, members, files, agent, rng) -> None:
    tied = files[:2]
    for member in members.values():
        tie_mark = Decimal("15.5")
        for application in files:
            if application in tied:
                marks = (tie_mark, tie_mark, tie_mark)
            else:
                marks = (_mark(rng), _mark(rng), min(_mark(rng), Decimal(15)))
            services.score_set(
                actor=member.user,
                commission=commission,
                application=application,
                project=marks[0],
                academic=marks[1],
                financial=marks[2],
                comment="Entretien conduit par la commission." if member.kind == MemberKind.PRESIDENT else "",
            )
    # Any other accidental tie is broken by the order of filing.
    for group in selectors.tie_groups(selectors.proposed_ranking(commission=commission)):
        order = [row.application for row in group]
        if set(order) == set(tied):
            services.tie_break_record(
                actor=members[MemberKind.PRESIDENT].user,
                commission=commission,
                order=[tied[1], tied[0]],
                show_of_hands="2 voix contre 2, un membre s'abstenant",
                casting_voter=members[MemberKind.ARS],
                reason="Projet d'installation en zone d'intervention prioritaire plus avancé.",
            )
        else:
            services.tie_break_record(
                actor=members[MemberKind.PRESIDENT].user,
                commission=commission,
                order=sorted(order, key=lambda a: a.pk),
                show_of_hands="Unanimité pour l'ordre de dépôt des dossiers",
                reason="Égalité départagée par l'ordre de dépôt.",
            )
    main = max(1, len(files) // 2)
    complementary = max(0, (len(files) - main) // 2)
    services.lists_build(actor=agent, commission=commission, main_size=main, complementary_size=complementary)
    sitting_day = commission.campaign.commission_date
    services.sitting_record(
        actor=agent, commission=commission, held_on=sitting_day, present=list(members.values())
    )
    first_slot = timezone.make_aware(datetime.combine(sitting_day - timedelta(days=7), time(9, 0)))
    for index, application in enumerate(files[: main + complementary]):
        services.interview_set(
            actor=agent,
            commission=commission,
            application=application,
            starts_at=first_slot + timedelta(minutes=25 * index),
            place="Salle du conseil de l'UFR",
        )
    services.commission_validate(
        actor=members[MemberKind.PRESIDENT].user,
        commission=commission,
        reason="Séance plénière de la commission.",
    )
