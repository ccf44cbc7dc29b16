from tests.applications.clamav import clamd_socket  # noqa: F401 - fixture
