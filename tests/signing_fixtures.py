"""Fixtures for anything that seals or verifies documents: a throw-away PKI the settings point at.

The CA and the sealing certificate are created once per test session (key generation is cheap, but one
CA for the whole suite means documents sealed in one test verify in another); ``signing_pki`` points the
``SIGNING_*`` settings at them for one test. Use them from ``tests/conftest.py`` with::

    from tests.signing_fixtures import *  # noqa: F403
"""

import pytest

from cesp.core.pki import PkiFiles, create_demo_pki

__all__ = ["signing_pki", "signing_pki_files"]


def make_pki(directory, **kwargs) -> PkiFiles:
    """A fresh CA + sealing certificate under ``directory`` (names as in the demo)."""
    files = PkiFiles(
        ca_cert=directory / "ca.pem",
        ca_key=directory / "ca.key.pem",
        cert=directory / "cachet.pem",
        key=directory / "cachet.key.pem",
    )
    create_demo_pki(files, **kwargs)
    return files


def point_settings_at(settings, files: PkiFiles, *, passphrase: str = "") -> PkiFiles:
    settings.SIGNING_CA_CERT_FILE = files.ca_cert
    settings.SIGNING_CERT_FILE = files.cert
    settings.SIGNING_KEY_FILE = files.key
    settings.SIGNING_KEY_PASSPHRASE = passphrase
    settings.SIGNING_TSA_URL = ""
    settings.SIGNING_TSA_CA_CERT_FILE = ""
    return files


@pytest.fixture(scope="session")
def signing_pki_files(tmp_path_factory) -> PkiFiles:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def signing_pki(signing_pki_files, settings) -> PkiFiles:
    """The settings point at the session's throw-away CA and sealing certificate (no timestamp)."""
    return point_settings_at(settings, signing_pki_files)
