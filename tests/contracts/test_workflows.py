"""The offer's and the contract's workflows are enforced by their services: a refused move (wrong state,
wrong actor) changes nothing, and reaches the user as a French message."""

import html
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from cesp.accounts.roles import Role
from cesp.contracts.bank import bank_details_change
from cesp.contracts.errors import ContractError
from cesp.contracts.models import (
    BankDetails,
    Contract,
    ContractDocument,
    ContractStatus,
    Offer,
    OfferStatus,
)
from cesp.contracts.offers import offer_decline, offers_dispatch_all, offers_lapse_due
from cesp.contracts.reissue import contract_reissue
from cesp.contracts.workflows import CONTRACT_WORKFLOW, OFFER_WORKFLOW
from cesp.core.models import AuditEvent
from cesp.core.workflow import SYSTEM, TransitionNotAllowed
from tests.contracts.builders import publish_quota, sign_offer, stored_contract, validated_lists

NOW = datetime(2027, 7, 3, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
IBAN = "FR7630006000011234567890189"


@pytest.fixture
def offer(world):
    """The world's candidate holds the one pending offer of a pool of one; another candidate waits."""
    validated_lists(world, n_main=2, first_candidate=world.users["candidate"])
    publish_quota(world, 1)
    (offer,) = offers_dispatch_all(now=NOW)
    return offer


def unchanged(offer):
    offer.refresh_from_db()
    assert (offer.status, offer.decided_at) == (OfferStatus.PENDING, None)
    assert Offer.objects.count() == 1  # nothing passed on to the next candidate
    assert not Contract.objects.exists() and not ContractDocument.objects.exists()


def test_the_offer_table():
    assert OFFER_WORKFLOW.move(state="pending", event="sign", actor=Role.CANDIDATE) == "signed"
    assert OFFER_WORKFLOW.move(state="pending", event="lapse", actor=SYSTEM) == "lapsed"
    for state in ("signed", "declined", "lapsed"):
        assert OFFER_WORKFLOW.events_from(state) == []
    assert not OFFER_WORKFLOW.allowed(state="pending", event="lapse", actor=Role.CANDIDATE)
    assert not OFFER_WORKFLOW.allowed(state="pending", event="decline", actor=Role.ASP_AGENT)


@pytest.mark.parametrize("role", [Role.ASP_AGENT, Role.UFR_AGENT, Role.ADMIN, SYSTEM])
def test_only_the_candidate_signs(offer, role):
    with pytest.raises(ContractError, match="pas habilité à « Signer le contrat »") as refused:
        sign_offer(offer, role=role)
    assert isinstance(refused.value.__cause__, TransitionNotAllowed)
    unchanged(offer)
    assert not BankDetails.objects.exists()


@pytest.mark.parametrize("role", [Role.ASP_AGENT, Role.ADMIN, SYSTEM])
def test_only_the_candidate_declines(offer, role):
    with pytest.raises(ContractError, match="pas habilité à « Refuser la proposition »"):
        offer_decline(offer=offer, actor=offer.candidate, role=role, now=NOW)
    unchanged(offer)
    assert not AuditEvent.objects.for_object(offer).filter(action="offer.declined").exists()


def test_an_answered_offer_can_be_neither_signed_nor_declined_nor_lapsed(offer):
    offer_decline(offer=offer, actor=offer.candidate, now=NOW)
    offer.refresh_from_db()
    decided_at, audit = offer.decided_at, AuditEvent.objects.for_object(offer).count()
    with pytest.raises(ContractError, match="n'est plus en attente de signature"):
        sign_offer(offer)
    with pytest.raises(ContractError, match="n'est plus en attente : elle ne peut pas être refusée"):
        offer_decline(offer=offer, actor=offer.candidate, now=NOW)
    # Past its deadline, the scheduled lapse leaves a declined offer as it is.
    Offer.objects.filter(pk=offer.pk).update(deadline=NOW - timedelta(days=1))
    assert offers_lapse_due(now=NOW) == 0
    offer.refresh_from_db()
    assert (offer.status, offer.decided_at) == (OfferStatus.DECLINED, decided_at)
    assert AuditEvent.objects.for_object(offer).count() == audit
    assert not Contract.objects.exists()


def test_declining_twice_through_the_page_is_a_french_message(world, client_for):
    validated_lists(world, n_main=1, first_candidate=world.users["candidate"])
    publish_quota(world, 1, effective_on=timezone.localdate() - timedelta(days=1))
    (offer,) = offers_dispatch_all(now=timezone.now())
    client = client_for("candidate")
    url = reverse("contracts:offer_decline", args=[offer.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "Cette proposition n'est plus en attente : elle ne peut pas être refusée." in html.unescape(
        response.content.decode()
    )


@pytest.fixture
def contract(offer):
    return stored_contract(offer)


def contract_unchanged(contract):
    assert list(contract.documents.values_list("version", flat=True)) == [1]
    assert not contract.bank_details.exists()
    assert not AuditEvent.objects.for_object(contract).exists()


def test_the_contract_table():
    assert CONTRACT_WORKFLOW.move(state="active", event="reissue", actor=Role.ASP_AGENT) == "active"
    assert CONTRACT_WORKFLOW.events_from("terminated") == []


@pytest.mark.parametrize("role", [Role.CANDIDATE, Role.UFR_AGENT, Role.DGOS_AGENT, SYSTEM])
def test_only_the_asp_reissues(world, contract, role):
    with pytest.raises(ContractError, match="pas habilité à « Émettre une nouvelle version du contrat »"):
        contract_reissue(
            contract=contract, actor=world.users["asp_agent"], role=role, reason="Avenant", now=NOW
        )
    contract_unchanged(contract)


@pytest.mark.parametrize("role", [Role.ASP_AGENT, Role.ADMIN])
def test_only_the_beneficiary_changes_the_bank_details(contract, role):
    with pytest.raises(ContractError, match="pas habilité à « Changer les coordonnées bancaires »"):
        bank_details_change(
            contract=contract, actor=contract.beneficiary, role=role, iban=IBAN, bic="", holder="X"
        )
    contract_unchanged(contract)


def test_a_terminated_contract_is_neither_reissued_nor_paid_elsewhere(world, contract):
    Contract.objects.filter(pk=contract.pk).update(status=ContractStatus.TERMINATED)
    in_state = "n'est pas possible dans l'état « Résilié »"
    with pytest.raises(ContractError, match=in_state):
        contract_reissue(contract=contract, actor=world.users["asp_agent"], reason="Avenant", now=NOW)
    with pytest.raises(ContractError, match=in_state):
        bank_details_change(
            contract=contract, actor=contract.beneficiary, iban=IBAN, bic="", holder="Camille"
        )
    contract_unchanged(contract)
