"""Sensitive values encrypted at rest (IBANs now; identity and health proofs to follow), with keys from
configuration.

``EncryptedTextField`` stores ``fernet:<token>``: Fernet (AES-128-CBC with HMAC-SHA256, from
``cryptography``) under the keys of ``FIELD_ENCRYPTION_KEYS`` — the first encrypts, every one decrypts, so
that a new key can be put first and ``manage.py encryption_rotate`` re-encrypts every row with it before
the old key is removed. The database (and its dumps) never holds the clear value; the code reads and
writes clear values as usual. Without keys in production the platform refuses to start (settings); the
demo and the tests derive one from ``SECRET_KEY``. A value that no key opens raises ``DecryptionError``:
never shown as garbage, never silently replaced. Such a field cannot be searched by value.
"""

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
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
