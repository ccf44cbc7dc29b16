"""Sensitive values and files encrypted at rest, with keys from configuration.

``EncryptedTextField`` stores ``fernet:<token>``: Fernet (AES-128-CBC with HMAC-SHA256, from
``cryptography``) under the keys of ``FIELD_ENCRYPTION_KEYS`` — the first encrypts, every one decrypts, so
that a new key can be put first and ``manage.py encryption_rotate`` re-encrypts every row with it before
the old key is removed. The database (and its dumps) never holds the clear value; the code reads and
writes clear values as usual. Without keys in production the platform refuses to start (settings); the
demo and the tests derive one from ``SECRET_KEY``. A value that no key opens raises ``DecryptionError``:
never shown as garbage, never silently replaced. Such a field cannot be searched by value.

Files: ``EncryptedFileSystemStorage`` (the private storage, ``STORAGES["private"]``) keeps every file it
is given as ``FILE_MAGIC`` followed by the Fernet token of its bytes, under the same keys, and gives the
code the clear bytes back (``open`` reads ``rb`` only). Every ``FileField`` whose storage is the private
storage is so encrypted: identity documents and every supporting document, receipts, signed contracts,
commission minutes, and whatever personal document a later model stores there. ``EncryptingStorageMixin``
puts the same encryption on another storage class (object storage). Fernet authenticates the content: a
file altered on disk does not open (``DecryptionError``), it is never served altered. A whole file is
encrypted at once, in memory: the uploads are bounded (``DOCUMENT_MAX_BYTES``).
"""

import base64
import hashlib
import os
import secrets
from functools import lru_cache
from io import BytesIO

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import models

PREFIX = "fernet:"


class DecryptionError(Exception):
    """No configured key opens a stored value (wrong or removed key, altered row)."""


def demo_key_from_secret(secret_key: str) -> str:
    """The key of the demo and the tests: derived from SECRET_KEY (never used in production)."""
    return base64.urlsafe_b64encode(hashlib.sha256(f"cesp-field-key:{secret_key}".encode()).digest()).decode()


@lru_cache(maxsize=8)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS est vide : aucune clé de chiffrement.")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS doit contenir des clés Fernet (32 octets en base64 url), séparées par des "
            "virgules ; créez-en une avec « python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())' »."
        ) from exc


def fernet() -> MultiFernet:
    return _fernet_for(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return PREFIX + fernet().encrypt(value.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise DecryptionError("Valeur non chiffrée dans un champ chiffré.")
    try:
        return fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError("Aucune clé de FIELD_ENCRYPTION_KEYS n'ouvre cette valeur.") from exc


def rotate(stored: str) -> str:
    """The same value, encrypted under the first key."""
    if not stored.startswith(PREFIX):
        return encrypt(stored)
    try:
        return PREFIX + fernet().rotate(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError("Aucune clé de FIELD_ENCRYPTION_KEYS n'ouvre cette valeur.") from exc


class EncryptedTextField(models.TextField):
    """A text stored encrypted; read and written in clear by the code."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)


def encrypted_fields():
    """Every (model, field) of the project that is encrypted."""
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field


# Files ------------------------------------------------------------------------------------------------

#: The first bytes of an encrypted file; the Fernet token follows, base64-decoded (a third smaller).
FILE_MAGIC = b"CESP-FERNET-1\n"
FILE_NOT_OPENED = "Aucune clé de FIELD_ENCRYPTION_KEYS n'ouvre ce fichier (ou il a été altéré)."


def encrypt_bytes(data: bytes) -> bytes:
    return FILE_MAGIC + base64.urlsafe_b64decode(fernet().encrypt(bytes(data)))


def is_encrypted_bytes(raw: bytes) -> bool:
    return raw.startswith(FILE_MAGIC)


def _token(raw: bytes) -> bytes:
    if not is_encrypted_bytes(raw):
        raise DecryptionError("Fichier non chiffré dans un stockage chiffré.")
    return base64.urlsafe_b64encode(raw[len(FILE_MAGIC) :])


def decrypt_bytes(raw: bytes) -> bytes:
    token = _token(raw)
    try:
        return fernet().decrypt(token)
    except InvalidToken as exc:
        raise DecryptionError(FILE_NOT_OPENED) from exc


def file_state(raw: bytes) -> str:
    """``"plain"`` (not encrypted), ``"current"`` (under the first key) or ``"old"`` (under another
    configured key); ``DecryptionError`` when no key opens it."""
    if not is_encrypted_bytes(raw):
        return "plain"
    token = _token(raw)
    try:
        Fernet(settings.FIELD_ENCRYPTION_KEYS[0].encode()).decrypt(token)
        return "current"
    except InvalidToken:
        decrypt_bytes(raw)  # raises when no key opens it
        return "old"


def rotate_bytes(raw: bytes) -> bytes:
    """The same file under the first key (encrypted, if it was plain)."""
    if not is_encrypted_bytes(raw):
        return encrypt_bytes(raw)
    try:
        return FILE_MAGIC + base64.urlsafe_b64decode(fernet().rotate(_token(raw)))
    except InvalidToken as exc:
        raise DecryptionError(FILE_NOT_OPENED) from exc


class DecryptedFile(File):
    """The clear bytes of an encrypted file, in memory; reopened (after ``close``) by reading it again."""

    def __init__(self, storage, name: str):
        self._storage = storage
        super().__init__(BytesIO(storage.read_clear(name)), name)
        self.mode = "rb"

    def open(self, mode=None):
        if not self.closed:
            self.seek(0)
        else:
            self.file = BytesIO(self._storage.read_clear(self.name))
        return self


class EncryptingStorageMixin:
    """Encrypts what is saved and decrypts what is opened (see the module); mix it before a storage class.

    ``read_raw``, ``write_raw`` and ``walk`` are for ``encryption_rotate`` and the migration that encrypts
    files written before: they see the stored bytes."""

    encrypts_at_rest = True

    def _save(self, name, content):
        data = b"".join(content.chunks()) if hasattr(content, "chunks") else content.read()
        return super()._save(name, ContentFile(encrypt_bytes(data)))

    def _open(self, name, mode="rb"):
        if mode != "rb":
            raise ValueError(
                "Un fichier chiffré s'ouvre en lecture seule (« rb ») : enregistrez-en un nouveau."
            )
        return DecryptedFile(self, name)

    def read_clear(self, name: str) -> bytes:
        return decrypt_bytes(self.read_raw(name))

    def read_raw(self, name: str) -> bytes:
        with super()._open(name, "rb") as raw:
            return raw.read()

    def size(self, name):
        return len(self.read_clear(name))

    def walk(self, folder: str = ""):
        """Every file name of the storage (also those no row names any more)."""
        try:
            folders, files = self.listdir(folder)
        except FileNotFoundError:  # nothing stored yet
            return
        for file in sorted(files):
            yield f"{folder}/{file}" if folder else file
        for sub in sorted(folders):
            yield from self.walk(f"{folder}/{sub}" if folder else sub)


class EncryptedFileSystemStorage(EncryptingStorageMixin, FileSystemStorage):
    """The private storage on local disk, every file encrypted (the default of ``STORAGES["private"]``)."""

    def write_raw(self, name: str, raw: bytes) -> None:
        """Replace a file's stored bytes at once (a temporary file renamed over it): a reader sees the old
        or the new bytes, never half of them."""
        path = self.path(name)
        temporary = f"{path}.{secrets.token_hex(6)}.tmp"
        mode = self.file_permissions_mode if self.file_permissions_mode is not None else 0o600
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(raw)
            os.replace(temporary, path)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise


def encrypting_storages():
    """Every distinct encrypting storage of the project: the private storage and those of file fields."""
    from django.apps import apps
    from django.core.files.storage import storages

    found = {}
    candidates = [storages["private"]]
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                candidates.append(field.storage)
    for storage in candidates:
        if getattr(storage, "encrypts_at_rest", False):
            key = (type(storage).__name__, str(getattr(storage, "location", id(storage))))
            found.setdefault(key, storage)
    return list(found.values())


def encrypt_files(storage, names) -> dict[str, int]:
    """Bring every file of ``names`` under the first key: plain files encrypted, older keys rotated, the
    others left alone. Every file is read and checked first: when one does not open, ``DecryptionError``
    names it and nothing is rewritten. Returns the counts by state found."""
    plan = []
    counts = {"plain": 0, "old": 0, "current": 0}
    for name in names:
        if not storage.exists(name):
            continue
        raw = storage.read_raw(name)
        if not raw:
            continue
        try:
            state = file_state(raw)
        except DecryptionError as error:
            raise DecryptionError(f"{name} : {error}") from error
        counts[state] += 1
        if state != "current":
            plan.append((name, raw))
    for name, raw in plan:
        storage.write_raw(name, rotate_bytes(raw))
    return counts
