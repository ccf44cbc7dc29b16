"""Uploads are rate-limited per account and per address (cesp/core/ratelimits.py): over a limit, a French
429 page with Retry-After and nothing stored; under it, every upload goes through."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cesp.applications.models import SupportingDocument
from tests.applications.helpers import draft, open_campaign, upload
from tests.factories import CandidateFactory
from tests.second_factor import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_campaign(world):
    now = timezone.now()
    campaign = open_campaign(world)
    campaign.filing_opens_at, campaign.filing_deadline = now - timedelta(days=3), now + timedelta(days=20)
    campaign.save()
    return campaign


def documents_url(application):
    return reverse("applications:step", kwargs={"pk": application.pk, "step": "documents"})


def post_document(client, application, kind="other"):
    return client.post(documents_url(application), {"kind": kind, "file": upload(f"{kind}.pdf")})


def limits(settings, **upload):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "upload": upload}


def test_uploads_over_the_accounts_limit_get_a_429_and_store_nothing(world, client, live_campaign, settings):
    limits(settings, address="100/h", account="3/h")
    application = draft(world, live_campaign, at=timezone.now())
    log_in(client, world.users["candidate"])
    for _ in range(3):
        assert post_document(client, application).status_code == 302
    refused = post_document(client, application)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    page = html.unescape(refused.content.decode())
    assert "Trop de demandes" in page and "Vous pourrez réessayer dans" in page
    assert SupportingDocument.objects.filter(application=application).count() == 3
    # A page that is not an upload is not counted, nor refused.
    assert client.get(documents_url(application)).status_code == 200


def test_the_address_limit_counts_every_account_of_the_address(world, client, live_campaign, settings):
    limits(settings, address="2/h", account="100/h")
    first = draft(world, live_campaign, at=timezone.now())
    log_in(client, world.users["candidate"])
    assert post_document(client, first).status_code == 302
    other = CandidateFactory(email="autre.candidate@exemple.fr")
    second = draft(world, live_campaign, candidate=other, at=timezone.now())
    client.logout()
    log_in(client, other)
    assert post_document(client, second).status_code == 302
    assert post_document(client, second).status_code == 429
    # From another address, the same account may go on (its own limit is far).
    response = client.post(
        documents_url(second), {"kind": "identity", "file": upload("id.pdf")}, REMOTE_ADDR="192.0.2.10"
    )
    assert response.status_code == 302


def test_a_whole_file_stays_under_the_default_limits(world, client, live_campaign):
    """The defaults leave a candidate room for every piece of a file, replaced more than once."""
    application = draft(world, live_campaign, at=timezone.now())
    log_in(client, world.users["candidate"])
    for kind in ("identity", "transcript_n1", "transcript_n2", "motivation_letter", "exam_ranking") * 3:
        assert post_document(client, application, kind).status_code == 302
