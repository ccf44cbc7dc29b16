"""Connection settings from the environment (docs/deployment.md, "Database connections").

The production settings reuse PostgreSQL connections: persistent connections with health checks by
default, or a psycopg pool. When the suite itself runs on PostgreSQL, it runs with those settings.
"""

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from cesp.settings import database_settings

POSTGRES_URL = "postgres://cesp:secret@db.example.fr:5432/cesp"
VARIABLES = [
    "CONN_MAX_AGE",
    "CONN_HEALTH_CHECKS",
    "DATABASE_POOL",
    "DATABASE_POOL_MIN_SIZE",
    "DATABASE_POOL_MAX_SIZE",
    "DATABASE_POOL_TIMEOUT",
    "DATABASE_APPLICATION_NAME",
]


@pytest.fixture
def environ(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_postgresql_keeps_connections_open_with_health_checks_by_default(environ):
    database = database_settings(POSTGRES_URL)
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["ATOMIC_REQUESTS"] is True
    assert database["OPTIONS"] == {"application_name": "cesp"}


def test_connection_lifetime_and_checks_come_from_the_environment(environ):
    environ.setenv("CONN_MAX_AGE", "0")
    environ.setenv("CONN_HEALTH_CHECKS", "false")
    environ.setenv("DATABASE_APPLICATION_NAME", "cesp-web")
    database = database_settings(POSTGRES_URL)
    assert database["CONN_MAX_AGE"] == 0
    assert database["CONN_HEALTH_CHECKS"] is False
    assert database["OPTIONS"]["application_name"] == "cesp-web"


def test_the_psycopg_pool_replaces_persistent_connections(environ):
    environ.setenv("DATABASE_POOL", "true")
    environ.setenv("DATABASE_POOL_MAX_SIZE", "8")
    database = database_settings(POSTGRES_URL)
    assert database["CONN_MAX_AGE"] == 0  # Django refuses a pool with persistent connections
    assert database["CONN_HEALTH_CHECKS"] is True  # the pool checks a connection before lending it
    assert database["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 8, "timeout": 10}


@pytest.mark.parametrize(
    ("variables", "url", "message"),
    [
        (
            {"DATABASE_POOL": "true", "CONN_MAX_AGE": "60"},
            POSTGRES_URL,
            "DATABASE_POOL et CONN_MAX_AGE s'excluent",
        ),
        (
            {"DATABASE_POOL": "true"},
            "sqlite:///var/x.sqlite3",
            "DATABASE_POOL n'est possible qu'avec PostgreSQL",
        ),
        (
            {"DATABASE_POOL": "true", "DATABASE_POOL_MIN_SIZE": "5", "DATABASE_POOL_MAX_SIZE": "2"},
            POSTGRES_URL,
            "0 ≤ min ≤ max",
        ),
        ({"CONN_MAX_AGE": "-1"}, POSTGRES_URL, "CONN_MAX_AGE doit être un nombre de secondes positif"),
        ({"CONN_MAX_AGE": "toujours"}, POSTGRES_URL, "CONN_MAX_AGE doit être un entier"),
        ({"CONN_HEALTH_CHECKS": "parfois"}, POSTGRES_URL, "CONN_HEALTH_CHECKS doit valoir true ou false"),
    ],
)
def test_inconsistent_connection_settings_are_refused_in_french(environ, variables, url, message):
    for name, value in variables.items():
        environ.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        database_settings(url)


def test_sqlite_opens_a_connection_per_request(environ):
    database = database_settings("sqlite:///var/x.sqlite3")
    assert database["CONN_MAX_AGE"] == 0
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_the_suite_on_postgresql_runs_with_the_production_connection_settings():
    """CI's PostgreSQL leg (and `DATABASE_URL=postgres://… make test`) must not fall back to a
    connection per request: the suite exercises the settings production uses."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("la suite tourne sur SQLite ; ce test vaut pour la branche PostgreSQL de la CI")
    if database["OPTIONS"].get("pool"):
        assert database["CONN_MAX_AGE"] == 0
    else:
        assert database["CONN_MAX_AGE"] > 0
    assert database["CONN_HEALTH_CHECKS"] is True
