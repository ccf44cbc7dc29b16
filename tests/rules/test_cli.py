"""``python -m cesp.rules simulate FILE|-``: same result as simulate(), exit 2 with a JSON error body
on bad input, never a traceback, and no Django settings needed."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cesp.rules import simulate
from tests.rules.test_cases import CASES_DIR, _jsonish, _read

ROOT = Path(__file__).resolve().parents[2]

# The DESIGN.md example, read from its table-driven case, with a part-time practice (0.8) to show
# that JSON numbers reach the rules as exact decimals.
_DESIGN = _jsonish(_read(CASES_DIR / "design_example.yaml")["cases"][0]["scenario"])
EXAMPLE = {
    **_DESIGN,
    "events": [{**e, "quotity": 0.8} if e["type"] == "practice" else e for e in _DESIGN["events"]],
}


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(
        [sys.executable, "-m", "cesp.rules", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )


def assert_no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stdout + proc.stderr


def test_file_gives_the_same_result_as_simulate(tmp_path):
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(EXAMPLE), encoding="utf-8")
    proc = run("simulate", str(path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert_no_traceback(proc)
    assert json.loads(proc.stdout) == simulate(EXAMPLE)


def test_stdin_gives_the_same_result_and_keeps_decimals_exact():
    proc = run("simulate", "-", stdin=json.dumps(EXAMPLE))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result = json.loads(proc.stdout)
    assert result == simulate(EXAMPLE)
    assert result["obligation"]["months_served"] == "6.40"  # 8 months at 0.8, no float noise


def test_django_is_not_imported():
    code = (
        "import runpy, sys, io, json; sys.argv=['cesp.rules','simulate','-'];"
        f"sys.stdin=io.StringIO({json.dumps(json.dumps(EXAMPLE))});"
        "import contextlib\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try: runpy.run_module('cesp.rules', run_name='__main__')\n"
        "    except SystemExit: pass\n"
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.stdout.strip() == "False", proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("stdin", "field", "message"),
    [
        ("{not json", "", "JSON invalide"),
        ("", "", "JSON invalide"),
        ("[1, 2]", "", "Objet JSON attendu"),
        ('"scenario"', "", "Objet JSON attendu"),
        (json.dumps({**EXAMPLE, "as_of": "2031-02-30"}), "as_of", "Date inexistante"),
        (json.dumps({**EXAMPLE, "cursus": "pharmacie"}), "cursus", "pharmacie"),
        ("[" * 100000 + "]" * 100000, "", "JSON invalide"),
    ],
    ids=["syntax", "empty", "list", "string", "bad-date", "pharmacy-before-R3", "deep-nesting"],
)
def test_bad_input_exits_2_with_json_errors(stdin, field, message):
    proc = run("simulate", "-", stdin=stdin)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert_no_traceback(proc)
    body = json.loads(proc.stdout)
    assert set(body) == {"errors"}
    assert any(e["field"] == field and message in e["message"] for e in body["errors"]), body


@pytest.mark.parametrize("args", [(), ("simulate",), ("compute", "-"), ("simulate", "a", "b"), ("--help",)])
def test_usage_errors_exit_2(args):
    proc = run(*args)
    assert proc.returncode == 2
    assert_no_traceback(proc)
    assert "usage" in json.loads(proc.stdout)["errors"][0]["message"]


def test_missing_file_exits_2(tmp_path):
    proc = run("simulate", str(tmp_path / "absent.json"))
    assert proc.returncode == 2
    assert_no_traceback(proc)
    assert "Lecture impossible" in json.loads(proc.stdout)["errors"][0]["message"]


def test_invalid_utf8_file_exits_2(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"cursus": "médecine"}'.encode("latin-1"))
    proc = run("simulate", str(path))
    assert proc.returncode == 2
    assert_no_traceback(proc)


def test_a_bug_exits_1_with_json_and_is_logged(monkeypatch, capsys, caplog):
    """An internal error is not an input error: exit 1, a JSON message, and a log record with the
    traceback and what the scenario was (the one broad ``except`` of the command)."""
    import cesp.rules
    from cesp.rules.__main__ import main

    def broken(data):
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(cesp.rules, "simulate", broken)
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(EXAMPLE)))
    with caplog.at_level("ERROR", logger="cesp.rules"):
        assert main(["simulate", "-"]) == 1
    message = json.loads(capsys.readouterr().out)["errors"][0]["message"]
    assert "Erreur interne du simulateur (ZeroDivisionError)" in message
    (record,) = caplog.records
    assert record.exc_info[0] is ZeroDivisionError
    assert "cursus='medecine'" in record.getMessage() and "'practice'" in record.getMessage()
