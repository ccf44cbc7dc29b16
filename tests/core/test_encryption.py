"""Encryption at rest: the raw column holds no IBAN, the code reads it in clear, keys rotate."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cesp.contracts.models import BankDetails
from cesp.contracts.offers import offers_dispatch_all
from cesp.core import encryption
from tests.contracts.builders import publish_quota, sign_offer, validated_lists

IBAN = "FR7630006000011234567890189"
NOW = datetime(2027, 7, 3, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture(autouse=True)
def rotation_leaves_the_shared_files_alone(monkeypatch):
    """These tests rotate the encrypted fields; the files of the suite's shared private folder, which
    tests running in parallel read, are not theirs to rotate (tests/applications/test_encrypted_documents.py
    rotates files in a folder of its own)."""
    from cesp.core.management.commands import encryption_rotate

    monkeypatch.setattr(encryption_rotate, "encrypting_storages", lambda: [])


@pytest.fixture
def bank(world, signing_pki):
    validated_lists(world, n_main=1, first_candidate=world.users["candidate"])
    publish_quota(world, 1)
    (offer,) = offers_dispatch_all(now=NOW)
    contract = sign_offer(offer, iban=IBAN)
    return contract.bank_details.get()


def raw_iban(pk) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT iban FROM {BankDetails._meta.db_table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_the_raw_column_holds_no_iban(bank):
    stored = raw_iban(bank.pk)
    assert stored.startswith("fernet:")
    assert IBAN not in stored and IBAN[-4:] not in stored and "FR76" not in stored
    assert BankDetails.objects.get(pk=bank.pk).iban == IBAN


def test_keys_rotate_without_losing_a_value(bank, settings):
    old = list(settings.FIELD_ENCRYPTION_KEYS)
    new = Fernet.generate_key().decode()
    before = raw_iban(bank.pk)
    settings.FIELD_ENCRYPTION_KEYS = [new, *old]
    assert BankDetails.objects.get(pk=bank.pk).iban == IBAN  # the old key still opens it
    out = StringIO()
    call_command("encryption_rotate", stdout=out)
    assert "contracts.BankDetails.iban : 1 valeur(s) rechiffrée(s)" in out.getvalue()
    assert raw_iban(bank.pk) != before
    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key removed
    assert BankDetails.objects.get(pk=bank.pk).iban == IBAN


def test_a_value_no_key_opens_is_an_error_never_garbage(bank, settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(encryption.DecryptionError):
        BankDetails.objects.get(pk=bank.pk)
    with pytest.raises(CommandError, match="Rien n'a été modifié"):
        call_command("encryption_rotate", stdout=StringIO())


def test_round_trip_and_fresh_tokens(settings):
    first, second = encryption.encrypt("secret"), encryption.encrypt("secret")
    assert first != second  # a random IV each time: equal values do not show
    assert encryption.decrypt(first) == "secret"
    with pytest.raises(encryption.DecryptionError):
        encryption.decrypt("FR76 en clair")


def test_a_malformed_key_is_a_clear_configuration_error(settings):
    settings.FIELD_ENCRYPTION_KEYS = ["pas-une-cle"]
    with pytest.raises(ImproperlyConfigured, match="clés Fernet"):
        encryption.encrypt("x")
