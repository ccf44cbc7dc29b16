"""Backup and restore: the database and the private storage dumped, restored into a fresh database and a
fresh folder, and every table (contracts, documents, ledger and all others) and file found intact."""

import uuid
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cesp.contracts.models import Contract, ContractDocument
from cesp.contracts.offers import offers_dispatch_all
from cesp.core.backup import backup_check, table_digests
from tests.contracts.builders import publish_quota, sign_offer, validated_lists

pytestmark = pytest.mark.django_db(transaction=True)
NOW = datetime(2027, 7, 3, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture
def private_dir(tmp_path, monkeypatch):
    """This test's own private storage folder (other tests, in parallel, write in the shared one)."""
    folder = tmp_path / "private"
    folder.mkdir()
    # The storage the file fields hold (a lazy wrapper, set up once per process) and the one the backup
    # reads may be two instances when an earlier test in this process changed STORAGES: patch both.
    field_storage = ContractDocument._meta.get_field("file").storage
    str(field_storage.location)  # sets the lazy wrapper up
    instances = {id(s): s for s in (storages["private"], getattr(field_storage, "_wrapped", field_storage))}
    for storage in instances.values():
        monkeypatch.setitem(storage.__dict__, "base_location", str(folder))
        monkeypatch.setitem(storage.__dict__, "location", str(folder))
    return folder


@pytest.fixture
def signed_contract(world, signing_pki, private_dir):
    validated_lists(world, n_main=1, first_candidate=world.users["candidate"])
    publish_quota(world, 1)
    (offer,) = offers_dispatch_all(now=NOW)
    return sign_offer(offer)


@pytest.fixture
def target_database(tmp_path):
    """A fresh, empty database of the same engine, dropped afterwards."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    config = connection.settings_dict
    name = f"cesp_restore_{uuid.uuid4().hex[:10]}"
    params = {
        "dbname": "postgres",
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
    }
    with psycopg.connect(**params, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    user = f"{config['USER']}@" if config["USER"] else ""
    yield f"postgres://{user}{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{name}"
    with psycopg.connect(**params, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_then_restore_finds_everything_intact(signed_contract, private_dir, tmp_path, target_database):
    document = ContractDocument.objects.get(contract=signed_contract)
    assert (private_dir / document.file.name).exists()
    out = StringIO()
    call_command("backup", str(tmp_path / "backup"), stdout=out)
    assert "Sauvegarde écrite" in out.getvalue()

    restored = tmp_path / "restored-private"
    out = StringIO()
    call_command(
        "restore",
        str(tmp_path / "backup"),
        database_url=target_database,
        private_root=str(restored),
        stdout=out,
    )
    assert "Identique à la sauvegarde" in out.getvalue(), out.getvalue()
    # The sealed contract's bytes came back (encrypted on disk, as they were stored), with the digest the
    # contracts app recorded at signature once decrypted.
    import hashlib

    from cesp.core.encryption import decrypt_bytes

    raw = (restored / document.file.name).read_bytes()
    assert b"%PDF" not in raw
    assert hashlib.sha256(decrypt_bytes(raw)).hexdigest() == document.sha256
    digests = table_digests()
    assert digests[Contract._meta.db_table]["rows"] == 1
    assert digests[ContractDocument._meta.db_table]["rows"] == 1


def test_a_restore_into_a_database_that_is_not_empty_is_refused(world, private_dir, tmp_path):
    call_command("backup", str(tmp_path / "backup"), stdout=StringIO())
    if connection.vendor == "postgresql":
        config = connection.settings_dict
        current = f"postgres://{config['USER']}@{config['HOST']}:{config['PORT']}/{config['NAME']}"
    else:
        (tmp_path / "full.sqlite3").write_bytes(b"SQLite format 3\0 not empty")
        current = f"sqlite:///{tmp_path / 'full.sqlite3'}"
    before = table_digests()
    with pytest.raises(CommandError, match=r"n'est pas vide|existe déjà"):
        call_command(
            "restore",
            str(tmp_path / "backup"),
            database_url=current,
            private_root=str(tmp_path / "p"),
            stdout=StringIO(),
        )
    assert table_digests() == before


def test_a_restore_into_a_folder_that_is_not_empty_is_refused(world, private_dir, tmp_path, target_database):
    call_command("backup", str(tmp_path / "backup"), stdout=StringIO())
    folder = tmp_path / "occupied"
    folder.mkdir()
    (folder / "a.txt").write_text("déjà là")
    with pytest.raises(CommandError, match="n'est pas vide"):
        call_command(
            "restore",
            str(tmp_path / "backup"),
            database_url=target_database,
            private_root=str(folder),
            stdout=StringIO(),
        )
    assert (folder / "a.txt").read_text() == "déjà là"


def test_an_altered_backup_is_refused(world, private_dir, tmp_path, target_database):
    call_command("backup", str(tmp_path / "backup"), stdout=StringIO())
    archive = tmp_path / "backup" / "private.tar.gz"
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="altéré"):
        call_command(
            "restore",
            str(tmp_path / "backup"),
            database_url=target_database,
            private_root=str(tmp_path / "p"),
            stdout=StringIO(),
        )


def test_the_check_names_what_differs(signed_contract, private_dir, tmp_path):
    call_command("backup", str(tmp_path / "backup"), stdout=StringIO())
    Contract.objects.filter(pk=signed_contract.pk).update(number="CESP-FAUX")
    (private_dir / ContractDocument.objects.get().file.name).write_bytes(b"%PDF-1.4 autre")
    report = backup_check(tmp_path / "backup")
    assert not report.ok
    assert any(Contract._meta.db_table in d for d in report.differences)
    assert any("fichier contracts/" in d for d in report.differences)


def test_a_backup_never_overwrites_another(world, private_dir, tmp_path):
    call_command("backup", str(tmp_path / "backup"), stdout=StringIO())
    with pytest.raises(CommandError, match="n'est pas vide"):
        call_command("backup", str(tmp_path / "backup"), stdout=StringIO())
