"""Journey of issue #6: the DGOS publishes the decree → the first candidate sees the offer on a phone,
signs and downloads the sealed PDF → the second lets the offer lapse → the third receives one."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from cesp.applications.models import Application
from cesp.contracts.models import Offer, OfferStatus
from cesp.core.signing import verify_sealed_pdf
from cesp.decrees import services as decree_services
from cesp.decrees.models import Category, DecreeKind
from tests.browser.conftest import assert_accessible, log_in, screenshot
from tests.contracts.builders import validated_lists
from tests.factories import PASSWORD
from tests.selection.builders import academic_year

pytestmark = pytest.mark.journey


def test_decree_offer_signature_download_and_lapse(world, new_page, transactional_db, signing_pki, tmp_path):
    applications = validated_lists(world, n_main=3, first_candidate=world.users["candidate"])
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(
        submitted_at=timezone.now() - timedelta(days=200)
    )
    dgos = world.users["dgos_agent"]
    today = timezone.localdate()
    decree = decree_services.decree_create(
        actor=dgos,
        kind=DecreeKind.ANNUAL,
        academic_year=academic_year(),
        title="Arrêté fixant le nombre de CESP offerts",
        signed_on=today - timedelta(days=3),
        effective_on=today,
    )
    decree_services.quota_line_set(
        actor=dgos,
        decree=decree,
        faculty=world.ufr_a.faculty,
        region=None,
        discipline="medecine",
        category=Category.SECOND_CYCLE,
        count=2,
    )

    # The DGOS publishes the decree.
    page = new_page()
    log_in(page, dgos.email, PASSWORD)
    page.goto(f"/arretes/{decree.pk}/")
    screenshot(page, "contracts-01-dgos-draft-decree")
    assert_accessible(page, "dgos-draft-decree")
    page.get_by_label("Date de publication au Journal officiel").fill(today.isoformat())
    page.get_by_role("button", name="Publier l'arrêté").click()
    page.wait_for_load_state()
    assert "Arrêté publié" in page.content()
    screenshot(page, "contracts-02-dgos-published")
    assert [o.application for o in Offer.objects.order_by("pk")] == applications[:2]

    # The first candidate, on a phone, reads the offer, signs and downloads the sealed PDF.
    phone = new_page(phone=True)
    log_in(phone, world.users["candidate"].email, PASSWORD)
    phone.goto("/contrats/")
    screenshot(phone, "contracts-03-candidate-offers-phone")
    assert_accessible(phone, "candidate-offers")
    phone.get_by_role("link", name="En attente de signature").click()
    phone.wait_for_load_state()
    assert "pour signer" in phone.locator("#countdown").inner_text()
    screenshot(phone, "contracts-04-offer-phone")
    assert_accessible(phone, "offer")
    phone.locator("#id_iban").fill("FR76 3000 6000 0112 3456 7890 189")
    phone.get_by_label("Votre mot de passe").fill(PASSWORD)
    phone.locator("label[for=id_consent]").click()  # the DSFR checkbox is drawn by its label
    phone.get_by_role("button", name="Signer le contrat").click()
    phone.wait_for_load_state()
    assert "est signé" in phone.content()
    screenshot(phone, "contracts-05-signed-phone")
    assert_accessible(phone, "contract")
    with phone.expect_download() as download_info:
        phone.get_by_role("link", name="Version 1").click()
    path = tmp_path / "contrat.pdf"
    download_info.value.save_as(path)
    assert verify_sealed_pdf(path.read_bytes()).valid

    # The second lets the deadline pass; the scheduled lapse offers the contract to the third.
    second = Offer.objects.get(application=applications[1])
    Offer.objects.filter(pk=second.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    call_command("contracts_tasks")
    assert Offer.objects.get(pk=second.pk).status == OfferStatus.LAPSED
    third = new_page(phone=True)
    log_in(third, applications[2].candidate.email, PASSWORD)
    third.goto("/contrats/")
    assert "En attente de signature" in third.content()
    screenshot(third, "contracts-06-next-candidate-offer-phone")

    # Anyone can check the downloaded contract on the public verification page.
    verify = new_page()
    verify.goto("/contrats/verifier/")
    verify.get_by_label("Contrat au format PDF").set_input_files(str(path))
    verify.get_by_role("button", name="Vérifier").click()
    verify.wait_for_load_state()
    assert "Contrat authentique" in verify.content()
    screenshot(verify, "contracts-07-verification")
    assert_accessible(verify, "verification")
