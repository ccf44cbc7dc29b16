"""Production (DEBUG off) refuses to start without an antivirus: a system check error, also raised by
the WSGI entry point, which runs no check by itself; the demo setting is refused there too
(issue 11, item 1)."""

from cesp.core.checks import antivirus_configured
from tests.core.test_settings import run_manage

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k7#Qz!pL2@xR9$vT4%wY8^mN1&bC6*dF3(gH5)jK0_sA-eU+iO=rE",
    "ALLOWED_HOSTS": "cesp.example.fr",
}


def test_manage_check_refuses_production_without_antivirus():
    result = run_manage("check", **PRODUCTION)
    assert result.returncode != 0
    assert "cesp.E001" in result.stderr and "Aucun antivirus n'est configuré" in result.stderr


def test_the_demo_setting_is_refused_in_production(clamd_socket):
    result = run_manage("check", **PRODUCTION, CLAMD_SOCKET=clamd_socket, DEMO_WITHOUT_ANTIVIRUS="true")
    assert result.returncode != 0
    assert "cesp.E002" in result.stderr and "cesp.E001" not in result.stderr


def test_the_wsgi_application_refuses_to_start_without_antivirus():
    result = run_manage("shell", "-c", "import cesp.wsgi", **PRODUCTION)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "cesp.E001" in result.stderr


def test_the_wsgi_application_starts_with_clamd(clamd_socket):
    result = run_manage(
        "shell", "-c", "import cesp.wsgi; print('prêt')", **PRODUCTION, CLAMD_SOCKET=clamd_socket
    )
    assert result.returncode == 0, result.stderr
    assert "prêt" in result.stdout


def test_a_configured_clamd_that_does_not_answer_is_a_warning(settings, tmp_path):
    settings.DEBUG = False
    settings.CLAMD_SOCKET, settings.CLAMD_HOST = str(tmp_path / "absent.sock"), ""
    settings.DEMO_WITHOUT_ANTIVIRUS = False
    assert [problem.id for problem in antivirus_configured()] == ["cesp.W001"]


def test_the_demo_needs_no_antivirus(settings):
    settings.DEBUG = True
    settings.CLAMD_SOCKET = settings.CLAMD_HOST = ""
    assert antivirus_configured() == []
