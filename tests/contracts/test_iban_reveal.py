"""IBANs are shown by their last four characters on every page; an ASP agent, and only one, reveals the
whole IBAN with an explicit POST that gives a reason and is recorded (who, when, which contract, why).
The person's own data export keeps the whole IBAN."""

import html
import io
import json
import zipfile

import pytest
from django.urls import reverse

from cesp.contracts.models import BankDetails
from cesp.core.models import AuditEvent
from tests.access.contracts import IBAN_REVEAL_POST, url_kwargs
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

IBAN = "FR7630006000011234567890189"


@pytest.fixture
def contract(world):
    from cesp.contracts.models import Contract

    kwargs = url_kwargs(world)
    contract = Contract.objects.get(pk=kwargs["contracts:contract_detail"]["pk"])
    BankDetails.objects.create(
        contract=contract,
        iban=IBAN,
        bic="BDFEFRPP",
        holder="Camille Martin",
        recorded_by=contract.beneficiary,
    )
    return contract


def page(response) -> str:
    return html.unescape(response.content.decode())


def reveal(client, contract, reason="Virement rejeté : vérification du compte avec la banque"):
    return client.post(reverse("contracts:iban_reveal", args=[contract.pk]), {"reason": reason})


@pytest.mark.parametrize("role", ["candidate", "asp_agent", "admin"])
def test_the_contract_page_shows_only_the_last_four_characters(role, contract, client_for):
    text = page(client_for(role).get(reverse("contracts:contract_detail", args=[contract.pk])))
    assert "•••• 0189" in text
    assert IBAN not in text and "FR76" not in text and "30006" not in text
    assert ("Afficher l'IBAN complet" in text) == (role == "asp_agent")


def test_the_bank_details_print_masked_too(contract):
    assert str(contract.bank_details.get()) == "Camille Martin — IBAN •••• 0189"


def test_an_asp_agent_reveals_the_whole_iban_and_it_is_recorded(contract, world, client_for):
    client = client_for("asp_agent")
    response = reveal(client, contract)
    assert response.status_code == 200
    assert IBAN in page(response)
    assert response["Cache-Control"] == "private, no-store"
    event = AuditEvent.objects.get(action="contract.iban_reveal")
    assert event.actor == world.users["asp_agent"]
    assert event.object_id == str(contract.pk)
    assert event.reason == "Virement rejeté : vérification du compte avec la banque"
    assert event.changes["bank_details"] == contract.bank_details.get().pk
    assert event.created_at is not None
    assert IBAN not in json.dumps(event.changes)  # the trail holds identifiers, not the IBAN


def test_without_a_reason_nothing_is_revealed_nor_recorded(contract, client_for):
    client = client_for("asp_agent")
    for reason in ("", "   "):
        response = reveal(client, contract, reason)
        assert response.status_code == 302 and response["Location"].endswith(f"/contrats/{contract.pk}/")
        follow = client.get(response["Location"])
        assert "Indiquez pourquoi vous avez besoin de l'IBAN complet" in page(follow)
        assert IBAN not in page(follow)
    assert not AuditEvent.objects.filter(action="contract.iban_reveal").exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_asp_agents_may_reveal(role, contract, client_for):
    response = reveal(client_for(role), contract)
    expected = IBAN_REVEAL_POST[role]
    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
    if expected != 200:
        assert IBAN not in page(response)
        assert not AuditEvent.objects.filter(action="contract.iban_reveal").exists()


def test_a_get_reveals_nothing(contract, client_for):
    assert (
        client_for("asp_agent").get(reverse("contracts:iban_reveal", args=[contract.pk])).status_code == 405
    )


def test_the_persons_own_data_export_keeps_the_whole_iban(contract, client_for):
    response = client_for("candidate").post(reverse("accounts:personal_data"))
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("donnees.json"))
    (row,) = data["données"]["contrats"]["coordonnees_bancaires"]
    assert row["iban"] == IBAN
