"""Races on PostgreSQL, from separate database connections (threads): never more signed contracts than
the quota, and a lapse and a signature racing for one offer have exactly one winner."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections
from django.utils import timezone

from cesp.applications.models import Application
from cesp.contracts.errors import ContractError
from cesp.contracts.models import Contract, Offer, OfferStatus
from cesp.contracts.offers import offers_dispatch_all, offers_lapse_due
from cesp.contracts.signature import contract_sign
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


def pending_offers_beyond_the_quota(world, count: int, quota: int, *, now=NOW):
    """``count`` pending offers on a pool whose quota is ``quota``: as after a redistribution took
    contracts away while offers were out. Only ``quota`` of them may be signed."""
    applications = validated_lists(world, n_main=count)
    publish_quota(world, count, effective_on=now.date() - timedelta(days=1))
    offers_dispatch_all(now=now)  # when in force today, publication itself already offered them
    offers = list(Offer.objects.select_related("candidate", "pool").order_by("pk"))
    assert len(offers) == count
    publish_quota(world, quota - count, kind="redistribution", effective_on=now.date())
    return offers, applications


def test_fifty_concurrent_signatures_on_a_quota_of_ten(world, signing_pki):
    offers, _ = pending_offers_beyond_the_quota(world, ATTEMPTS, QUOTA)
    barrier = threading.Barrier(ATTEMPTS)

    @in_own_connection
    def attempt(offer):
        barrier.wait()
        try:
            contract_sign(
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
        except ContractError as error:
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
    (offer,) = offers_dispatch_all(now=NOW)
    just_after_deadline = offer.deadline + timedelta(seconds=1)
    barrier = threading.Barrier(2)

    @in_own_connection
    def lapse():
        barrier.wait()
        return offers_lapse_due(now=just_after_deadline)

    @in_own_connection
    def sign():
        barrier.wait()
        try:
            contract_sign(
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
        except ContractError:
            return "refused"

    with ThreadPoolExecutor(max_workers=2) as pool:
        lapsed, signed = pool.submit(lapse), pool.submit(sign)
        lapsed, signed = lapsed.result(), signed.result()
    offer.refresh_from_db()
    assert (offer.status == OfferStatus.SIGNED) == (signed == "signed") == (lapsed == 0)
    assert (offer.status == OfferStatus.LAPSED) == (lapsed == 1)
    assert Contract.objects.count() == (1 if signed == "signed" else 0)


def http_session(base_url: str, email: str):
    """A browser-like HTTP client (cookies, CSRF token) logged in through the real login form."""
    import http.cookiejar
    import re
    import urllib.parse
    import urllib.request

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def token(html: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def post(path: str, fields: dict, *, referer_path: str):
        page = opener.open(base_url + referer_path).read().decode()
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token(page)}).encode()
        request = urllib.request.Request(
            base_url + path, data=data, headers={"Referer": base_url + referer_path}
        )
        try:
            return opener.open(request)
        except urllib.error.HTTPError as error:
            return error

    post("/compte/connexion/", {"username": email, "password": PASSWORD}, referer_path="/compte/connexion/")
    return post


def test_fifty_concurrent_signatures_through_the_http_views(world, signing_pki, live_server, settings):
    """The same race through the pages: 50 logged-in candidates post the signature form at once to
    the threaded live server (one database connection per request)."""
    settings.AXES_ENABLED = False  # 50 logins from one address in a second are this test, not an attack
    # The views sign at the real "now": the decrees and offers are dated accordingly.
    offers, applications = pending_offers_beyond_the_quota(world, ATTEMPTS, QUOTA, now=timezone.now())
    # Files submitted before today, as real ones are.
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(
        submitted_at=timezone.now() - timedelta(days=200)
    )
    sessions = [http_session(live_server.url, offer.candidate.email) for offer in offers]
    barrier = threading.Barrier(ATTEMPTS)

    def attempt(pair):
        offer, post = pair
        path = f"/contrats/propositions/{offer.pk}/"
        barrier.wait()
        response = post(
            f"{path}signer/",
            {
                "holder": "Titulaire",
                "iban": "FR7630006000011234567890189",
                "bic": "",
                "password": PASSWORD,
                "consent": "on",
            },
            referer_path=path,
        )
        return response.status

    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        statuses = list(pool.map(attempt, zip(offers, sessions, strict=True)))
    assert Contract.objects.count() == QUOTA
    assert statuses.count(200) == QUOTA  # redirect followed to the contract page
    assert statuses.count(422) == ATTEMPTS - QUOTA  # the form again, with the French refusal
