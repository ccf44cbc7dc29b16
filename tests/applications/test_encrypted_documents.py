"""Supporting documents encrypted at rest (cesp.core.encryption.EncryptedFileSystemStorage): the file on
disk holds no plaintext, the antivirus scans the plaintext, the scoped download view serves it decrypted,
``encryption_rotate`` moves files to a new key and encrypts those stored before, the migration encrypts
the files rows name, an altered file is never served."""

import importlib
from io import StringIO
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet
from django.apps import apps as django_apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cesp.applications import services
from cesp.applications.models import ScanStatus
from cesp.core import antivirus, checks, encryption
from tests.applications.helpers import NOW, draft, tiny_pdf, upload
from tests.second_factor import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rotation_walks_this_tests_storage(monkeypatch):
    """``encryption_rotate`` walks every encrypting storage; the file fields of other apps hold the
    suite's shared folder, where tests running in parallel keep their files: only this test's."""
    from django.core.files.storage import storages

    from cesp.core.management.commands import encryption_rotate

    monkeypatch.setattr(encryption_rotate, "encrypting_storages", lambda: [storages["private"]])


IDENTITY = tiny_pdf("Carte nationale d'identité de Camille Martin")


def add_identity(application, data=IDENTITY):
    return services.document_add(
        actor=application.candidate,
        application=application,
        kind="identity",
        uploaded=upload("carte.pdf", data),
        at=NOW,
    )


def raw(private_storage, document) -> bytes:
    return (private_storage / document.file.name).read_bytes()


def test_the_file_on_disk_holds_no_plaintext(world, private_storage):
    document = add_identity(draft(world))
    stored = raw(private_storage, document)
    assert stored.startswith(encryption.FILE_MAGIC)
    assert b"%PDF" not in stored and b"Camille" not in stored and b"Martin" not in stored
    with document.file.open("rb") as handle:
        assert handle.read() == IDENTITY
    assert document.file.size == len(IDENTITY)


def test_the_antivirus_scans_the_plaintext_at_upload_and_at_rescan(world, monkeypatch):
    seen = []

    def scanner(data):
        seen.append(bytes(data))
        return antivirus.ScanResult(antivirus.Verdict.NOT_CONFIGURED)

    monkeypatch.setattr(antivirus, "scan", scanner)
    document = add_identity(draft(world))
    assert document.scan_status == ScanStatus.PENDING

    def clean(data):
        seen.append(bytes(data))
        return antivirus.ScanResult(antivirus.Verdict.CLEAN)

    monkeypatch.setattr(antivirus, "scan", clean)
    document = services.document_rescan(document=document, at=NOW)
    assert document.scan_status == ScanStatus.CLEAN
    assert seen == [IDENTITY, IDENTITY]


def test_the_download_view_serves_the_decrypted_file_to_whom_may_see_it(world, client, private_storage):
    document = add_identity(draft(world))
    SupportingDocumentModel = type(document)
    SupportingDocumentModel.objects.filter(pk=document.pk).update(scan_status=ScanStatus.CLEAN)
    log_in(client, world.users["candidate"])
    response = client.get(reverse("applications:document", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == IDENTITY
    assert response["Content-Length"] == str(len(IDENTITY))
    client.logout()
    log_in(client, world.other_candidate)
    assert client.get(reverse("applications:document", args=[document.pk])).status_code == 404


def test_rotation_moves_every_file_to_the_new_key_and_encrypts_plain_ones(world, private_storage, settings):
    document = add_identity(draft(world))
    before = raw(private_storage, document)
    # A file written before encryption (the demo's, an older deployment's), named by no row.
    legacy = private_storage / "applications" / "documents" / "ancien.pdf"
    legacy.write_bytes(IDENTITY)
    old = list(settings.FIELD_ENCRYPTION_KEYS)
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, *old]
    out = StringIO()
    call_command("encryption_rotate", stdout=out)
    assert (
        f"Fichiers de {private_storage} : 1 rechiffré(s) avec la première clé, 1 chiffré(s)" in out.getvalue()
    )
    after = raw(private_storage, document)
    assert after != before and b"%PDF" not in after
    assert b"%PDF" not in legacy.read_bytes()
    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key removed: everything still opens
    document.refresh_from_db()
    with document.file.open("rb") as handle:
        assert handle.read() == IDENTITY
    assert encryption.decrypt_bytes(legacy.read_bytes()) == IDENTITY
    out = StringIO()
    call_command("encryption_rotate", stdout=out)  # again: nothing to do
    assert "0 rechiffré(s) avec la première clé, 0 chiffré(s)" in out.getvalue()


def test_a_file_no_key_opens_stops_the_rotation_with_nothing_rewritten(world, private_storage, settings):
    first = add_identity(draft(world))
    second = services.document_add(
        actor=first.application.candidate,
        application=first.application,
        kind="other",
        uploaded=upload(),
        at=NOW,
    )
    # A file sealed under a key the platform does not have (another deployment's, a removed key).
    suite_keys = list(settings.FIELD_ENCRYPTION_KEYS)
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    alien = encryption.encrypt_bytes(b"%PDF-1.4 from elsewhere")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *suite_keys]
    (private_storage / "zz-alien.bin").write_bytes(alien)
    before = {d.pk: raw(private_storage, d) for d in (first, second)}
    with pytest.raises(CommandError, match=r"zz-alien\.bin.*Aucun fichier n'a été réécrit"):
        call_command("encryption_rotate", stdout=StringIO())
    assert {d.pk: raw(private_storage, d) for d in (first, second)} == before


def test_an_altered_file_is_never_served(world, private_storage, client):
    document = add_identity(draft(world))
    path = private_storage / document.file.name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(encryption.DecryptionError):
        document.file.open("rb")


def test_the_migration_encrypts_the_files_rows_name(world, private_storage):
    document = add_identity(draft(world))
    path = private_storage / document.file.name
    path.write_bytes(IDENTITY)  # as an older version stored it
    migration = importlib.import_module("cesp.core.migrations.0004_encrypt_private_files")
    migration.encrypt_stored_files(django_apps, SimpleNamespace(connection=SimpleNamespace(alias="default")))
    assert b"%PDF" not in path.read_bytes()
    with document.file.open("rb") as handle:
        assert handle.read() == IDENTITY


def test_production_refuses_a_private_storage_that_does_not_encrypt(settings):
    settings.DEBUG = False
    assert checks.private_storage_encrypts() == []
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"base_url": None}},
    }
    (problem,) = checks.private_storage_encrypts()
    assert problem.id == "cesp.E003" and problem.is_serious()
