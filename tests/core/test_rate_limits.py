"""Rate limits on the password reset and the API (cesp/core/ratelimits.py), per address and per e-mail or
token: over a limit a French 429 with Retry-After and nothing done; under it, every request goes through.
Uploads: tests/applications/test_upload_rate_limits.py."""

import html
import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from cesp.core import ratelimits
from cesp.rules.examples import design_example
from tests.factories import CandidateFactory

ROOT = Path(__file__).resolve().parents[2]
SIMULATE = "/api/v1/simulate"


def limits(settings, group, **rates):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, group: rates}


def simulate(client, **extra):
    return client.post(SIMULATE, json.dumps(design_example()), content_type="application/json", **extra)


# Password reset -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_over_the_e_mail_limit_is_refused_and_sends_nothing(client, settings):
    limits(settings, "password_reset", address="100/h", email="2/h")
    CandidateFactory(email="oubli@exemple.fr")
    url = reverse("accounts:password_reset")
    for _ in range(2):
        assert client.post(url, {"email": "oubli@exemple.fr"}).status_code == 302
    assert len(mail.outbox) == 2
    # The same address written otherwise is the same mailbox.
    refused = client.post(url, {"email": " Oubli@Exemple.FR "}, REMOTE_ADDR="198.51.100.7")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    page = html.unescape(refused.content.decode())
    assert "Trop de demandes" in page and "Vous pourrez réessayer dans" in page
    assert len(mail.outbox) == 2
    # The page itself still shows, and another mailbox is not held back.
    assert client.get(url).status_code == 200
    assert client.post(url, {"email": "autre@exemple.fr"}).status_code == 302


@pytest.mark.django_db
def test_password_reset_over_the_address_limit_is_refused(client, settings):
    limits(settings, "password_reset", address="3/h", email="100/h")
    url = reverse("accounts:password_reset")
    for n in range(3):
        assert client.post(url, {"email": f"personne{n}@exemple.fr"}).status_code == 302
    assert client.post(url, {"email": "personne9@exemple.fr"}).status_code == 429
    assert client.post(url, {"email": "personne9@exemple.fr"}, REMOTE_ADDR="203.0.113.5").status_code == 302


@pytest.mark.django_db
def test_password_resets_under_the_default_limits_all_go_through(client):
    CandidateFactory(email="oubli@exemple.fr")
    for _ in range(5):
        assert (
            client.post(reverse("accounts:password_reset"), {"email": "oubli@exemple.fr"}).status_code == 302
        )
    assert len(mail.outbox) == 5


# API ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_calls_over_the_address_limit_get_a_french_429(client, settings):
    limits(settings, "api", address="4/m", token="100/m")
    for _ in range(4):
        assert simulate(client).status_code == 200
    refused = simulate(client)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    message = refused.json()["errors"][0]["message"]
    assert (
        message.startswith("Trop d'appels en peu de temps") and f"dans {refused['Retry-After']} s" in message
    )
    # Another address is not held back; a token does not lift the address's limit.
    assert simulate(client, REMOTE_ADDR="192.0.2.44").status_code == 200
    assert simulate(client, HTTP_AUTHORIZATION="Bearer nouveau").status_code == 429


@pytest.mark.django_db
def test_api_calls_over_the_token_limit_are_refused_from_every_address(client, settings):
    limits(settings, "api", address="100/m", token="2/m")
    token = {"HTTP_AUTHORIZATION": "Bearer partenaire-1"}
    assert simulate(client, REMOTE_ADDR="192.0.2.1", **token).status_code == 200
    assert simulate(client, REMOTE_ADDR="192.0.2.2", **token).status_code == 200
    assert simulate(client, REMOTE_ADDR="192.0.2.3", **token).status_code == 429
    assert simulate(client, REMOTE_ADDR="192.0.2.3").status_code == 200


@pytest.mark.django_db
def test_the_api_documents_its_429(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "429" in schema["paths"][SIMULATE]["post"]["responses"]


@pytest.mark.django_db
def test_api_calls_under_the_default_limits_all_go_through(client):
    """More calls than a schemathesis run makes (its default: 100 examples per operation)."""
    for _ in range(150):
        assert simulate(client).status_code == 200


@pytest.mark.django_db
def test_rate_limits_can_be_switched_off(client, settings):
    limits(settings, "api", address="1/m")
    settings.RATE_LIMITS_ENABLED = False
    assert [simulate(client).status_code for _ in range(3)] == [200, 200, 200]


# The client's address --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.2"),  # no proxy trusted: the header is the client's to write
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # what the client wrote before the proxy's entry
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.2"),  # not through both proxies
    ],
)
def test_client_address_behind_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert ratelimits.client_address(request) == expected


def test_a_bad_rate_in_the_environment_is_refused_at_start_up():
    from tests.core.test_settings import run_manage

    result = run_manage("check", DEBUG="true", RATE_LIMIT_API_PER_ADDRESS="beaucoup")
    assert result.returncode != 0
    assert "RATE_LIMIT_API_PER_ADDRESS doit être une limite « nombre/période »" in result.stderr


# Several processes: Redis ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        import os

        if os.environ.get("CI") == "true":
            pytest.fail("redis-server est absent (scripts/ensure-redis l'installe en CI).")
        pytest.skip("redis-server est absent : sudo apt-get install redis-server")
    port = free_port()
    server = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


OTHER_PROCESS = """
import django, os, sys
django.setup()
from django.test import RequestFactory
from cesp.core import ratelimits
request = RequestFactory().post("/api/v1/simulate", REMOTE_ADDR="127.0.0.1")
print([ratelimits.check(request, "api", {"address": "127.0.0.1"}) is None for _ in range(2)])
"""


@pytest.mark.django_db
def test_every_process_counts_in_the_same_redis(client, settings, redis_url):
    """Two processes (this one and another Python) share the count through CACHE_URL: the limit holds
    across gunicorn workers and machines."""
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "ratelimit",
        },
    }
    limits(settings, "api", address="5/h")
    for _ in range(3):
        assert simulate(client).status_code == 200
    import os

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cesp.settings_test",
        "CACHE_URL": redis_url,
        "RATE_LIMIT_API_PER_ADDRESS": "5/h",
    }
    other = subprocess.run(
        [sys.executable, "-c", OTHER_PROCESS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert other.returncode == 0, other.stderr
    assert other.stdout.strip().splitlines()[-1] == "[True, True]"  # its calls were the 4th and 5th
    assert simulate(client).status_code == 429  # the 6th, here


@pytest.mark.django_db
def test_a_cache_that_does_not_answer_lets_requests_through_and_says_so(client, settings, caplog):
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        },
    }
    limits(settings, "api", address="1/h")
    assert [simulate(client).status_code for _ in range(2)] == [200, 200]
    assert "le cache ne répond pas" in caplog.text
