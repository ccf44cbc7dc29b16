"""POST /api/v1/simulate gives the same documents as simulate() and the CLI; bad input gives 422."""

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cesp.rules import simulate
from cesp.rules.examples import design_example

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
URL = "/api/v1/simulate"

DESIGN_EXAMPLE = design_example()

BREACH_AFTER_STUDIES = {
    **copy.deepcopy(DESIGN_EXAMPLE),
    "as_of": "2034-01-31",
    "events": [
        *DESIGN_EXAMPLE["events"][:5],
        {
            "type": "practice",
            "start": "2030-11-01",
            "end": "2033-10-31",
            "quotity": 1.0,
            "zone": "ZAC",
            "sector": 1,
            "mode": "liberal",
        },
        {"type": "breach", "on": "2033-12-15"},
    ],
}

SCENARIOS = [DESIGN_EXAMPLE, BREACH_AFTER_STUDIES, {**DESIGN_EXAMPLE, "as_of": "2026-02-15"}]


def post(client, body):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(URL, data, content_type="application/json")


def run_cli(body: str):
    return subprocess.run(
        [sys.executable, "-m", "cesp.rules", "simulate", "-"],
        input=body,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin"},
    )


def test_design_example_published_figures(client):
    response = post(client, DESIGN_EXAMPLE)
    assert response.status_code == 200
    result = response.json()
    assert result["regime"] == "R2"
    assert (result["allowance"]["start"], result["allowance"]["end"]) == ("2024-10-01", "2029-10-31")
    assert (result["allowance"]["months_paid"], result["allowance"]["total_gross"]) == (57, "68400.00")
    assert result["obligation"]["months_owed"] == "57.00"
    assert result["obligation"]["months_served"] == "8.00"
    assert result["obligation"]["months_remaining"] == "49.00"
    assert result["obligation"]["installation_deadline"] == "2030-10-31"
    assert (result["obligation"]["postponements_used"], result["obligation"]["postponements_left"]) == (1, 2)
    assert result["status"] == "in_obligation"


@pytest.mark.parametrize(
    "scenario", SCENARIOS, ids=["design-example", "breach-after-studies", "during-suspension"]
)
def test_api_cli_and_function_agree(client, scenario):
    expected = simulate(copy.deepcopy(scenario))
    assert post(client, scenario).json() == expected
    cli = run_cli(json.dumps(scenario))
    assert cli.returncode == 0, cli.stderr
    assert json.loads(cli.stdout) == expected


BAD_INPUTS = [
    ("{pas du json", ""),
    ("[]", ""),
    (json.dumps({**DESIGN_EXAMPLE, "cursus": "veterinaire"}), "cursus"),
    (json.dumps({**DESIGN_EXAMPLE, "signed_on": "2025-02-30"}), "signed_on"),
    (
        json.dumps(
            {
                **DESIGN_EXAMPLE,
                "events": [
                    *DESIGN_EXAMPLE["events"],
                    {"type": "postponement", "start": "2030-11-01", "end": "2031-10-31"},
                    {"type": "postponement", "start": "2031-11-01", "end": "2032-10-31"},
                    {"type": "postponement", "start": "2032-11-01", "end": "2033-10-31"},
                ],
            }
        ),
        "events",
    ),
]


@pytest.mark.parametrize(
    "body, field_prefix", BAD_INPUTS, ids=["not-json", "not-object", "cursus", "date", "fourth-postponement"]
)
def test_bad_input_gives_422_and_exit_code_2_with_the_same_errors(client, body, field_prefix):
    response = post(client, body)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors and all(set(e) == {"field", "message"} for e in errors)
    assert any(e["field"].startswith(field_prefix) for e in errors)
    cli = run_cli(body)
    assert cli.returncode == 2
    assert "Traceback" not in cli.stdout + cli.stderr
    if field_prefix:  # parse errors may be worded differently; rule errors are the same
        assert json.loads(cli.stdout)["errors"] == errors


def test_oversized_and_non_utf8_bodies_are_refused(client):
    assert post(client, b"\xff\xfe").status_code == 422
    assert post(client, b"{" + b" " * 300_000 + b"}").status_code == 422


def test_openapi_schema_documents_the_simulator(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/simulate"]["post"]
    assert (
        operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        == "#/components/schemas/Scenario"
    )
    assert {"200", "422"} <= set(operation["responses"])
    assert {"Scenario", "Event", "SimulationResult", "Errors"} <= set(schema["components"]["schemas"])


MALFORMED_BODIES = [
    "[" * 2000,
    '{"as_of": ' + "[" * 5000 + "]" * 5000 + "}",
    "{" * 100_000,
    '{"events": [' + '{"type": ' * 3000 + "1" + "}" * 3000 + "]}",
    '{"as_of": NaN}',
    '{"as_of": -Infinity}',
    '{"dependants": ' + "9" * 5000 + "}",
    "",
    "null",
    '"2026-01-01"',
    "\ud800",
]


@pytest.mark.parametrize("body", MALFORMED_BODIES, ids=range(len(MALFORMED_BODIES)))
def test_malformed_json_of_any_shape_gives_422_with_the_errors_document(client, body):
    response = post(client, body.encode("utf-8", "surrogatepass"))
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors and all(set(e) == {"field", "message"} and e["message"] for e in errors)


def test_the_cli_refuses_deep_nesting_and_non_json_constants_in_the_same_words(client):
    for body in ("[" * 2000, '{"as_of": NaN}'):
        cli = run_cli(body)
        assert cli.returncode == 2, cli.stdout + cli.stderr
        assert json.loads(cli.stdout) == post(client, body).json()
