"""The offer cascade: main list then complementary, decline, lapse, redistribution, reminders."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from cesp.contracts.errors import ContractError
from cesp.contracts.models import Offer, OfferStatus
from cesp.contracts.offers import offer_decline, offers_dispatch_all, offers_lapse_due
from cesp.contracts.reminders import offer_reminders_send
from cesp.core.models import AuditEvent
from cesp.decrees.models import DecreeKind
from tests.contracts.builders import publish_quota, validated_lists

NOW = datetime(2027, 7, 3, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


def test_publication_offers_in_rank_order_up_to_the_quota(world, django_capture_on_commit_callbacks):
    applications = validated_lists(world, n_main=2, n_complementary=2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish_quota(world, 3, effective_on=timezone.localdate())  # in force today: offers go out at once
    offers = list(Offer.objects.order_by("pk"))
    assert [o.application for o in offers] == applications[:3]
    assert [(o.list_kind, o.rank) for o in offers] == [("main", 1), ("main", 2), ("complementary", 1)]
    assert all(o.deadline - o.offered_at == timedelta(days=30) for o in offers)
    assert AuditEvent.objects.filter(action="offer.create").count() == 3
    offer_mails = [m for m in mail.outbox if "proposition de contrat" in m.subject]
    assert len(offer_mails) == 3


def test_decline_and_lapse_pass_the_offer_to_the_next(world):
    applications = validated_lists(world, n_main=2, n_complementary=2)
    publish_quota(world, 1)
    pool_offers = offers_dispatch_all(now=NOW)
    assert [o.application for o in pool_offers] == [applications[0]]
    first = pool_offers[0]
    nxt = offer_decline(offer=first, actor=first.candidate, now=NOW, reason="Autre projet")
    assert [o.application for o in nxt] == [applications[1]]
    first.refresh_from_db()
    assert first.status == OfferStatus.DECLINED
    # The second lets the deadline pass: the scheduled lapse moves on to the complementary list.
    assert offers_lapse_due(now=NOW + timedelta(days=29)) == 0
    assert offers_lapse_due(now=NOW + timedelta(days=31)) == 1
    assert Offer.objects.get(application=applications[1]).status == OfferStatus.LAPSED
    assert Offer.objects.get(application=applications[2]).list_kind == "complementary"
    with pytest.raises(ContractError):
        offer_decline(offer=first, actor=first.candidate, now=NOW)


def test_redistribution_opens_new_offers(world):
    applications = validated_lists(world, n_main=3)
    publish_quota(world, 1)
    offers_dispatch_all(now=NOW)
    publish_quota(world, 2, kind=DecreeKind.REDISTRIBUTION, effective_on=NOW.date())
    created = offers_dispatch_all(now=NOW)
    assert [o.application for o in created] == applications[1:3]


def test_reminders_seven_days_and_one_day_before(world):
    validated_lists(world, n_main=1)
    publish_quota(world, 1)
    (offer,) = offers_dispatch_all(now=NOW)
    assert offer_reminders_send(now=NOW + timedelta(days=10)) == 0
    assert offer_reminders_send(now=NOW + timedelta(days=23, hours=1)) == 1
    assert offer_reminders_send(now=NOW + timedelta(days=23, hours=2)) == 0  # idempotent
    assert offer_reminders_send(now=NOW + timedelta(days=29, hours=1)) == 1
    offer.refresh_from_db()
    assert offer.reminders_sent == [7, 1]
