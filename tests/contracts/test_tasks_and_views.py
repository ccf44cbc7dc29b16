"""The scheduled lapse, the public verification page, and the candidate's pages."""

import io
from datetime import timedelta

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cesp.applications.models import Application
from cesp.contracts.models import Contract, Offer, OfferStatus
from cesp.contracts.offers import offers_dispatch_all
from tests.contracts.builders import publish_quota, validated_lists
from tests.factories import PASSWORD
from tests.second_factor import log_in


def offers_today(world, n_main=2, quota=1):
    applications = validated_lists(world, n_main=n_main, first_candidate=world.users["candidate"])
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(
        submitted_at=timezone.now() - timedelta(days=200)
    )
    publish_quota(world, quota, effective_on=timezone.localdate() - timedelta(days=1))
    offers_dispatch_all(now=timezone.now())
    return applications


def test_scheduled_lapse_passes_the_offer_on(world):
    applications = offers_today(world)
    offer = Offer.objects.get(application=applications[0])
    Offer.objects.filter(pk=offer.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    call_command("contracts_tasks")  # immediate task backend in tests
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.LAPSED
    assert Offer.objects.get(application=applications[1]).status == OfferStatus.PENDING


def test_candidate_signs_through_the_page_and_downloads(world, client_for, signing_pki):
    offers_today(world)
    offer = Offer.objects.get(candidate=world.users["candidate"])
    client = client_for("candidate")
    page = client.get(reverse("contracts:offer_detail", args=[offer.pk])).content.decode()
    assert "Il vous reste 29 jours pour signer" in page or "Il vous reste 30 jours pour signer" in page
    preview = client.get(reverse("contracts:offer_preview", args=[offer.pk]))
    assert preview["Content-Type"] == "application/pdf" and preview.content.startswith(b"%PDF")
    response = client.post(
        reverse("contracts:offer_sign", args=[offer.pk]),
        {"holder": "Camille", "iban": "FR7630006000011234567890189", "password": "mauvais", "consent": "on"},
    )
    assert response.status_code == 422 and "Mot de passe incorrect" in response.content.decode()
    response = client.post(
        reverse("contracts:offer_sign", args=[offer.pk]),
        {"holder": "Camille", "iban": "FR7630006000011234567890189", "password": PASSWORD, "consent": "on"},
    )
    contract = Contract.objects.get()
    assert response.status_code == 302
    download = client.get(reverse("contracts:contract_download", args=[contract.pk, 1]))
    pdf = b"".join(download.streaming_content)
    assert pdf.startswith(b"%PDF")
    # The ASP downloads it too; the UFR sees the contract but not the PDF.
    assert (
        client_for("asp_agent").get(reverse("contracts:contract_download", args=[contract.pk, 1])).status_code
        == 200
    )
    assert (
        client_for("ufr_agent").get(reverse("contracts:contract_download", args=[contract.pk, 1])).status_code
        == 404
    )

    # Public verification: the untouched file is recognised, a tampered one is not.
    verify = reverse("contracts:verify")
    page = client_for("anonymous").post(verify, {"file": named(pdf)}).content.decode()
    assert "Contrat authentique" in page and "enregistré sur la plateforme" in page
    tampered = bytearray(pdf)
    tampered[len(pdf) // 4] ^= 0x01  # one bit inside the signed bytes
    tampered = bytes(tampered)
    page = client_for("anonymous").post(verify, {"file": named(tampered)}).content.decode()
    assert "Contrat non reconnu" in page
    page = client_for("anonymous").post(verify, {"file": named(b"pas un pdf")}).content.decode()
    assert "Contrat non reconnu" in page


def test_another_candidate_cannot_see_the_offer(world, client_for):
    offers_today(world)
    offer = Offer.objects.get(candidate=world.users["candidate"])
    from django.test import Client

    other = Client()
    log_in(other, world.other_candidate)
    assert other.get(reverse("contracts:offer_detail", args=[offer.pk])).status_code == 404
    assert other.post(reverse("contracts:offer_decline", args=[offer.pk])).status_code == 404
    assert client_for("ufr_agent").get(reverse("contracts:offer_detail", args=[offer.pk])).status_code == 200


def named(content: bytes):
    file = io.BytesIO(content)
    file.name = "contrat.pdf"
    return file
