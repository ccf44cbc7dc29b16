"""Offers in rank order until the quota is used; declines and lapses pass the contract on at once.

Every function owns its transaction and records an audit event; each change of an offer's state asks
its workflow (workflows.py). The pool row is locked before the offer row (pools.py).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from cesp.applications.models import Application, ApplicationStatus, Campaign
from cesp.contracts.errors import ContractError
from cesp.contracts.models import Offer, OfferStatus, QuotaPool
from cesp.contracts.pools import pool_for, pool_lock, pool_quota
from cesp.contracts.workflows import OFFER_WORKFLOW, move
from cesp.core import bounds
from cesp.core.audit import audit_record
from cesp.core.mail import send_after_commit
from cesp.core.workflow import SYSTEM
from cesp.decrees.models import CATEGORY_OF_STATUS
from cesp.decrees.selectors import decree_lines, quota_in_force, quota_lines_published
from cesp.rules import parameters
from cesp.selection.selectors import ranked_entries


@dataclass(frozen=True)
class RankedEntry:
    """One candidate of a validated list, in offer order (main list by rank, then complementary)."""

    application: Application
    list_kind: str
    rank: int


def _ranked_entries(pool: QuotaPool) -> list[RankedEntry]:
    """The validated lists of the campaigns feeding this pool, in offer order (main list by rank,
    then the complementary list by rank; see cesp.selection), restricted to the pool's category."""
    campaigns = Campaign.objects.filter(academic_year=pool.academic_year)
    if pool.faculty_id is not None:
        campaigns = campaigns.filter(faculty_id=pool.faculty_id)
    else:
        campaigns = campaigns.filter(faculty__isnull=True, region_id=pool.region_id)
    entries = []
    for campaign in campaigns.order_by("pk"):
        for entry in ranked_entries(campaign=campaign):
            application = entry.application
            if (
                CATEGORY_OF_STATUS.get(application.status_at_signature) == pool.category
                and application.cursus == pool.discipline
            ):
                entries.append(RankedEntry(application=application, list_kind=entry.kind, rank=entry.rank))
    return entries


def offer_days(on) -> int:
    return int(parameters(on).offer.signature_deadline_days)


def notify(offer: Offer, subject: str, template: str) -> None:
    """E-mail the candidate once the transaction commits (a failing mail server is retried by the
    task worker and never fails the action: ``cesp.core.mail``)."""
    body = render_to_string(template, {"offer": offer})
    send_after_commit(subject=subject, body=body, to=[offer.candidate.email])


def offers_dispatch(*, pool: QuotaPool, now: datetime, actor=None) -> list[Offer]:
    """Offer the free contracts of the pool to the next ranked candidates who have no offer yet."""
    with transaction.atomic():
        pool = pool_lock(pool)
        taken = pool.offers.filter(status__in=[OfferStatus.PENDING, OfferStatus.SIGNED]).count()
        free = pool_quota(pool, timezone.localdate(now)) - taken
        if free <= 0:
            return []
        already = set(Offer.objects.filter(pool=pool).values_list("application_id", flat=True))
        created = []
        days = offer_days(timezone.localdate(now))
        for entry in _ranked_entries(pool):
            if len(created) == free:
                break
            if entry.application.pk in already or entry.application.status != ApplicationStatus.COMPLETE:
                continue
            offer = Offer.objects.create(
                pool=pool,
                application=entry.application,
                candidate=entry.application.candidate,
                list_kind=entry.list_kind,
                rank=entry.rank,
                offered_at=now,
                deadline=now + timedelta(days=days),
            )
            audit_record(
                actor=actor,
                action="offer.create",
                obj=offer,
                changes={
                    "pool": str(pool),
                    "list": entry.list_kind,
                    "rank": entry.rank,
                    "deadline": offer.deadline.isoformat(),
                },
                reason="Contrat disponible dans le contingent, candidat suivant dans l'ordre des listes",
            )
            notify(offer, "Une proposition de contrat CESP vous attend", "contracts/email/offer_created.txt")
            created.append(offer)
        return created


def _close(offer: Offer, *, event: str, actor, role: str | None, now: datetime, reason: str) -> None:
    offer.status = move(OFFER_WORKFLOW, offer, event=event, actor=actor, role=role)
    offer.decided_at = now
    offer.save(update_fields=["status", "decided_at"])
    audit_record(actor=actor, action=f"offer.{offer.status}", obj=offer, reason=reason)


def offer_decline(
    *, offer: Offer, actor, now: datetime, reason: str = "", role: str | None = None
) -> list[Offer]:
    """The candidate declines: the contract passes at once to the next ranked candidate."""
    bounds.check_text(reason, limit=bounds.SHORT_TEXT, label="Motif", error=ContractError)
    with transaction.atomic():
        pool_lock(offer.pool)
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        _close(offer, event="decline", actor=actor, role=role, now=now, reason=reason or "Refus du candidat")
        return offers_dispatch(pool=offer.pool, now=now, actor=actor)


def offers_lapse_due(*, now: datetime) -> int:
    """Lapse every pending offer past its deadline and offer the contract to the next candidate."""
    lapsed = 0
    due = Offer.objects.filter(status=OfferStatus.PENDING, deadline__lt=now).values_list("pk", "pool_id")
    for offer_pk, pool_pk in list(due):
        with transaction.atomic():
            pool_lock(QuotaPool(pk=pool_pk))
            offer = Offer.objects.select_for_update().get(pk=offer_pk)
            if (
                not OFFER_WORKFLOW.allowed(state=offer.status, event="lapse", actor=SYSTEM)
                or offer.deadline >= now
            ):
                continue  # signed or declined meanwhile: the signature won the race
            _close(offer, event="lapse", actor=None, role=SYSTEM, now=now, reason="Délai de signature expiré")
            offers_dispatch(pool=offer.pool, now=now)
            lapsed += 1
    return lapsed


def offers_dispatch_for_decree(*, decree, now: datetime) -> list[Offer]:
    created = []
    for line in decree_lines(decree=decree):
        pool = pool_for(
            academic_year=decree.academic_year,
            faculty=line.faculty,
            region=line.region,
            discipline=line.discipline,
            category=line.category,
        )
        created += offers_dispatch(pool=pool, now=now)
    return created


def offers_dispatch_all(*, now: datetime, actor=None) -> list[Offer]:
    """Re-examine every pool with a quota (e.g. lists validated after the decree)."""
    created = []
    seen = set()
    for line in quota_lines_published():
        key = (
            line.decree.academic_year_id,
            line.faculty_id,
            line.region_id if line.faculty_id is None else None,
            line.discipline,
            line.category,
        )
        if key in seen:
            continue
        seen.add(key)
        pool = pool_for(
            academic_year=line.decree.academic_year,
            faculty=line.faculty,
            region=line.region,
            discipline=line.discipline,
            category=line.category,
        )
        created += offers_dispatch(pool=pool, now=now, actor=actor)
    return created


def offers_dispatch_for_campaign(*, campaign: Campaign, now: datetime) -> list[Offer]:
    """Offers for every category of a campaign whose lists were just validated."""
    created = []
    for category in sorted(set(CATEGORY_OF_STATUS.values())):
        place = {"faculty": campaign.faculty, "region": campaign.region}
        if not quota_in_force(
            academic_year=campaign.academic_year,
            on=timezone.localdate(now),
            discipline=campaign.discipline,
            category=category,
            **place,
        ):
            continue
        pool = pool_for(
            academic_year=campaign.academic_year,
            faculty=campaign.faculty,
            region=campaign.region,
            discipline=campaign.discipline,
            category=category,
        )
        created += offers_dispatch(pool=pool, now=now)
    return created
