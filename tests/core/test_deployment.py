"""The documented deployment, run for real: `migrate`, `collectstatic`, then gunicorn with the
project's `gunicorn.conf.py`, DEBUG off, the production settings (HTTPS behind a proxy, hashed and
compressed static files, persistent database connections). Issue #11, item 24.

`collectstatic` compresses the ~10,000 files django-dsfr ships (20 to 30 s here), so this test runs
on the PostgreSQL leg of the CI only, like the other costly sweeps (DESIGN.md), against the test
database that pytest-django created and migrated.
"""

import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
PYTHON = ROOT / ".venv" / "bin" / "python"
WORKERS = 2
# What the test settings put in os.environ for the suite itself: production starts without them.
TEST_ONLY = {
    "DEBUG",
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "EMAIL_BACKEND",
    "CESP_VAR_DIR",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "CONN_MAX_AGE",
    "DATABASE_POOL",
}

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="le déploiement complet (collectstatic, gunicorn) se teste sur la branche PostgreSQL de la CI",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def fetch(url: str, *, https_proxy: bool = True, data: bytes | None = None, headers: dict | None = None):
    """One request as the reverse proxy forwards it (it terminated TLS and says so)."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    if https_proxy:
        request.add_header("X-Forwarded-Proto", "https")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(request, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        return response.status, dict(response.headers), response.read()


@pytest.fixture(scope="module")
def deployment(django_db_setup, django_db_blocker, tmp_path_factory, clamd_socket):
    tmp_path = tmp_path_factory.mktemp("deployment")
    with django_db_blocker.unblock():
        url = database_url()
    application_name = f"cesp-deploy-{uuid.uuid4().hex[:8]}"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    env.update(
        DEBUG="false",
        SECRET_KEY="deployment-test-" + uuid.uuid4().hex * 2,
        ALLOWED_HOSTS="127.0.0.1",
        CESP_VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=url,
        DATABASE_APPLICATION_NAME=application_name,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(WORKERS),
        CLAMD_SOCKET=clamd_socket,
        FIELD_ENCRYPTION_KEYS="dGVzdHMtb25seS1maWVsZC1rZXktMDEyMzQ1Njc4OWE=",  # production refuses to start without an antivirus
    )

    def manage(*args):
        result = subprocess.run(
            [str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    # The commands of the README's deployment section, in its order.
    manage("migrate", "--no-input")
    manage("collectstatic", "--no-input")
    log = tmp_path / "gunicorn.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [str(GUNICORN), "cesp.wsgi"], cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, log.read_text()
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn n'écoute pas : " + log.read_text()
                time.sleep(0.3)
        yield base, application_name, log
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_the_documented_deployment_serves_pages_with_debug_off(deployment):
    base, _application_name, log = deployment

    status, headers, body = fetch(base + "/")
    assert status == 200, body[:2000]
    page = body.decode()
    assert "fr-header" in page and "République" in page  # the DSFR layout, in French
    # Static files are those collectstatic wrote: hashed names, served by whitenoise, cached for ever.
    stylesheets = re.findall(r'href="(/static/[^"]+\.css)"', page)
    assert stylesheets
    assert all(re.search(r"\.[0-9a-f]{12}\.css$", href) for href in stylesheets), stylesheets
    status, headers, _css = fetch(base + stylesheets[0], headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert "immutable" in headers["Cache-Control"]
    assert headers.get("Content-Encoding") == "gzip"

    for path in ("/simulateur/", "/compte/connexion/", "/contrats/verifier/"):
        status, _headers, body = fetch(base + path)
        assert status == 200, (path, body[:2000])

    status, _headers, body = fetch(
        base + "/api/v1/simulate",
        data=b'{"as_of": "2027-06-30", "cursus": "medecine", "status_at_signature": "student", '
        b'"academic_year": "2024-2025", "signed_on": "2025-07-20", "events": []}',
        headers={"Content-Type": "application/json"},
    )
    assert status == 200, body
    assert b'"regime"' in body

    # DEBUG is off: a missing page is the site's 404, without Django's debug page.
    status, _headers, body = fetch(base + "/pas-de-page-ici/")
    assert status == 404
    assert b"URLconf" not in body and b"Traceback" not in body
    # Behind the proxy, plain HTTP is sent to HTTPS.
    status, headers, _body = fetch(base + "/", https_proxy=False)
    assert status == 301 and headers["Location"].startswith("https://")

    # Preloaded and warmed up in the master before the workers forked.
    assert "Application warmed up" in log.read_text()


def test_workers_keep_their_database_connection_between_requests(deployment):
    """Persistent connections (the production default): after many requests the workers still hold
    their connections, at most one each; with a connection per request none would be left open."""
    import psycopg

    base, application_name, _log = deployment
    for _ in range(20):
        status, _headers, _body = fetch(base + "/compte/connexion/")
        assert status == 200
    db = connection.settings_dict
    with psycopg.connect(
        dbname=db["NAME"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        autocommit=True,
    ) as probe:
        (open_connections,) = probe.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [application_name]
        ).fetchone()
    assert 1 <= open_connections <= WORKERS
