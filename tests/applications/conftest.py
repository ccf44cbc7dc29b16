import pytest

from tests.applications.clamav import clamd_socket, with_clamd  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Each test writes its documents in its own private storage directory."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "cesp.core.encryption.EncryptedFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    settings.CLAMD_SOCKET = ""
    settings.CLAMD_HOST = ""
    return tmp_path / "private"
