"""Signature: identity re-checked, consent, sealed PDF verified independently, evidence, versions."""

import hashlib
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from asn1crypto import pem, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from cesp.contracts.bank import bank_details_change
from cesp.contracts.errors import ContractError
from cesp.contracts.models import BankDetails, ContractDocument, OfferStatus
from cesp.contracts.offers import offers_dispatch_all
from cesp.contracts.reissue import contract_reissue
from cesp.core.models import AuditEvent
from cesp.core.signing import verify_sealed_pdf
from tests.contracts.builders import publish_quota, sign_offer, validated_lists

NOW = datetime(2027, 7, 3, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture
def offer(world, signing_pki):
    validated_lists(world, n_main=2, first_candidate=world.users["candidate"])
    publish_quota(world, 1)
    (offer,) = offers_dispatch_all(now=NOW)
    return offer


def test_signed_contract_is_sealed_and_verified_independently(offer, signing_pki):
    contract = sign_offer(offer)
    assert contract.regime == "R3" and contract.allowance_start == date(2026, 10, 1)
    assert contract.back_pay_months == 10 and str(contract.back_pay_gross) == "12000.00"
    document = contract.documents.get()
    pdf = document.file.open("rb").read()
    assert hashlib.sha256(pdf).hexdigest() == document.sha256 == document.evidence.document_sha256
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert contract.number in text and "1 200,00" in text.replace("\u202f", " ")

    # pyHanko's own validation, trusting only the demo CA.
    _, _, der = pem.unarmor(signing_pki.ca_cert.read_bytes())
    context = ValidationContext(trust_roots=[x509.Certificate.load(der)])
    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    status = validate_pdf_signature(signature, context)
    assert status.intact and status.valid and status.trusted
    assert "Plateforme CESP" in status.signing_cert.subject.human_friendly

    result = verify_sealed_pdf(pdf)
    assert result.valid and result.intact and result.trusted

    evidence = document.evidence
    assert (evidence.ip_address, evidence.signer) == ("203.0.113.7", offer.candidate)
    assert "Android" in evidence.user_agent
    bank = BankDetails.objects.get(contract=contract)
    assert bank.iban == "FR7630006000011234567890189" and bank.bic
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SIGNED
    assert (
        AuditEvent.objects.for_object(contract).get(action="contract.sign").changes["sha256"]
        == document.sha256
    )


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"password": "mauvais"}, "Mot de passe incorrect"),
        ({"consent": False}, "consentement"),
        ({"iban": "FR76 1234"}, "IBAN n'est pas valide"),
        ({"holder": " "}, "titulaire"),
        ({"now": NOW + timedelta(days=31)}, "délai de signature"),
    ],
)
def test_refused_signatures_change_nothing(offer, overrides, message):
    with pytest.raises(ContractError, match=message):
        sign_offer(offer, **overrides)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PENDING
    assert not ContractDocument.objects.exists()


def test_someone_else_cannot_sign(offer, world):
    with pytest.raises(ContractError, match="pas adressée"):
        sign_offer(offer, user=world.other_candidate)


def test_signing_twice_and_after_the_quota_is_used(offer, world):
    sign_offer(offer)
    with pytest.raises(ContractError, match="plus en attente"):
        sign_offer(offer)


def test_reissue_keeps_every_version_and_versions_are_immutable(offer, world):
    contract = sign_offer(offer)
    second = contract_reissue(contract=contract, actor=world.users["asp_agent"], reason="Avenant", now=NOW)
    assert [d.version for d in contract.documents.order_by("version")] == [1, 2]
    assert second.kind == "amendment" and verify_sealed_pdf(second.file.open("rb").read()).valid
    first = contract.documents.get(version=1)
    first.sha256 = "0" * 64
    with pytest.raises(TypeError):
        first.save()
    with pytest.raises(TypeError):
        first.delete()


def test_bank_details_change_is_recorded(offer, world):
    contract = sign_offer(offer)
    bank_details_change(
        contract=contract,
        actor=offer.candidate,
        iban="DE89 3704 0044 0532 0130 00",
        bic="",
        holder="Camille Test",
    )
    assert contract.bank_details.count() == 2
    assert contract.bank_details.first().iban.startswith("DE89")
    assert AuditEvent.objects.for_object(contract).filter(action="contract.bank_details").exists()
