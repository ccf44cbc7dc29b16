"""Production settings are secure by default: `check --deploy` reports nothing."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, timeout=300, **env):
    # The test settings put their own defaults in os.environ: start from the production defaults.
    overridden = {
        "DEBUG",
        "DJANGO_SETTINGS_MODULE",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "SECURE_SSL_REDIRECT",
        "EMAIL_BACKEND",
        "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests for their own process only
        "CLAMD_SOCKET",
        "CLAMD_HOST",
        "DEMO_WITHOUT_ANTIVIRUS",
        "FIELD_ENCRYPTION_KEYS",
    }
    clean = {k: v for k, v in os.environ.items() if k not in overridden}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=timeout,  # manage.py starts slowly on a loaded machine
    )


def test_check_deploy_reports_nothing_when_debug_is_off(clamd_socket):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k7#Qz!pL2@xR9$vT4%wY8^mN1&bC6*dF3(gH5)jK0_sA-eU+iO=rE",
        ALLOWED_HOSTS="cesp.example.fr",
        CLAMD_SOCKET=clamd_socket,  # production refuses to start without an antivirus
        FIELD_ENCRYPTION_KEYS="dGVzdHMtb25seS1maWVsZC1rZXktMDEyMzQ1Njc4OWE=",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_refuses_to_start_in_production():
    result = run_manage("check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY est obligatoire" in result.stderr
    assert "Traceback" in result.stderr or "ImproperlyConfigured" in result.stderr


def test_bad_boolean_is_reported_clearly():
    result = run_manage("check", DEBUG="peut-être")
    assert "DEBUG doit valoir true ou false" in result.stderr


def test_missing_encryption_key_refuses_to_start_in_production():
    result = run_manage(
        "check", DEBUG="false", SECRET_KEY="k7#Qz!pL2@xR9$vT4%wY8^mN1&bC6*dF3(gH5)jK0_sA-eU+iO=rE"
    )
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS est obligatoire" in result.stderr
