"""Production (DEBUG off) refuses to start without an antivirus: a system check error, also raised by
the WSGI entry point, which runs no check by itself; the demo setting is refused there too
(issue 11, item 1)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from cesp.core.checks import antivirus_configured, refuse_to_start_without_antivirus
from tests.core.test_settings import run_manage

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k7#Qz!pL2@xR9$vT4%wY8^mN1&bC6*dF3(gH5)jK0_sA-eU+iO=rE",
    "ALLOWED_HOSTS": "cesp.example.fr",
    # Required in production too (identity20): without it start-up stops before the antivirus check.
    "FIELD_ENCRYPTION_KEYS": "dGVzdHMtb25seS1maWVsZC1rZXktMDEyMzQ1Njc4OWE=",
}


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.CLAMD_SOCKET = settings.CLAMD_HOST = ""
    settings.DEMO_WITHOUT_ANTIVIRUS = False
    return settings


def test_manage_check_refuses_production_without_antivirus(production):
    with pytest.raises(SystemCheckError, match=r"cesp\.E001.*Aucun antivirus n'est configuré"):
        call_command("check")


def test_the_demo_setting_is_refused_in_production(production, clamd_socket):
    production.CLAMD_SOCKET, production.DEMO_WITHOUT_ANTIVIRUS = clamd_socket, True
    assert [problem.id for problem in antivirus_configured()] == ["cesp.E002"]
    with pytest.raises(ImproperlyConfigured, match=r"cesp\.E002"):
        refuse_to_start_without_antivirus()


def test_with_clamd_production_starts(production, clamd_socket):
    production.CLAMD_SOCKET = clamd_socket
    assert antivirus_configured() == []
    refuse_to_start_without_antivirus()


def test_the_wsgi_application_refuses_to_start_without_antivirus():
    """The real entry point a WSGI server imports, in a process of its own."""
    result = run_manage("shell", "-c", "import cesp.wsgi", **PRODUCTION)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "cesp.E001" in result.stderr


def test_a_configured_clamd_that_does_not_answer_is_a_warning(production, tmp_path):
    production.CLAMD_SOCKET = str(tmp_path / "absent.sock")
    assert [problem.id for problem in antivirus_configured()] == ["cesp.W001"]


def test_the_demo_needs_no_antivirus(settings):
    settings.DEBUG = True
    settings.CLAMD_SOCKET = settings.CLAMD_HOST = ""
    assert antivirus_configured() == []
