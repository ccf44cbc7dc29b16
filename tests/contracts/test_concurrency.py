"""Races on PostgreSQL, from separate database connections (threads): never more signed contracts than
the quota, and a lapse and a signature racing for one offer have exactly one winner."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections

from cesp.contracts import services
from cesp.contracts.models import Contract, Offer, OfferStatus
from tests.contracts.builders import publish_quota, validated_lists
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"),
]
NOW = datetime(2027, 7, 3, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
ATTEMPTS = 50
QUOTA = 10


def in_own_connection(function):
    def run(*args):
        try:
            return function(*args)
        finally:
            connections.close_all()

    return run


def pending_offers_beyond_the_quota(world, count: int, quota: int):
    """``count`` pending offers on a pool whose quota is ``quota``: as after a redistribution took
    contracts away while offers were out. Only ``quota`` of them may be signed."""
    applications = validated_lists(world, n_main=count)
    publish_quota(world, count)
    offers = services.offers_dispatch_all(now=NOW)
    assert len(offers) == count
    publish_quota(world, quota - count, kind="redistribution", effective_on=NOW.date())
    return offers, applications


def test_fifty_concurrent_signatures_on_a_quota_of_ten(world, signing_pki):
    offers, _ = pending_offers_beyond_the_quota(world, ATTEMPTS, QUOTA)
    barrier = threading.Barrier(ATTEMPTS)

    @in_own_connection
    def attempt(offer):
        barrier.wait()
        try:
            services.contract_sign(
                offer=offer,
                user=offer.candidate,
                password=PASSWORD,
                consent=True,
                iban="FR7630006000011234567890189",
                bic="",
                holder="Titulaire",
                ip_address="192.0.2.1",
                user_agent="test",
                now=NOW,
            )
            return "signed"
        except services.ContractError as error:
            return str(error)

    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        outcomes = list(pool.map(attempt, offers))
    assert outcomes.count("signed") == QUOTA
    assert Contract.objects.count() == QUOTA
    assert Offer.objects.filter(status=OfferStatus.SIGNED).count() == QUOTA
    refused = [o for o in outcomes if o != "signed"]
    assert set(refused) == {"Tous les contrats de ce contingent sont déjà signés."}


def test_a_lapse_and_a_signature_racing_for_one_offer_have_one_winner(world, signing_pki):
    validated_lists(world, n_main=2)
    publish_quota(world, 1)
    (offer,) = services.offers_dispatch_all(now=NOW)
    just_after_deadline = offer.deadline + timedelta(seconds=1)
    barrier = threading.Barrier(2)

    @in_own_connection
    def lapse():
        barrier.wait()
        return services.offers_lapse_due(now=just_after_deadline)

    @in_own_connection
    def sign():
        barrier.wait()
        try:
            services.contract_sign(
                offer=offer,
                user=offer.candidate,
                password=PASSWORD,
                consent=True,
                iban="FR7630006000011234567890189",
                bic="",
                holder="Titulaire",
                ip_address=None,
                user_agent="test",
                now=offer.deadline - timedelta(seconds=1),
            )
            return "signed"
        except services.ContractError:
            return "refused"

    with ThreadPoolExecutor(max_workers=2) as pool:
        lapsed, signed = pool.submit(lapse), pool.submit(sign)
        lapsed, signed = lapsed.result(), signed.result()
    offer.refresh_from_db()
    assert (offer.status == OfferStatus.SIGNED) == (signed == "signed") == (lapsed == 0)
    assert (offer.status == OfferStatus.LAPSED) == (lapsed == 1)
    assert Contract.objects.count() == (1 if signed == "signed" else 0)
