"""Table-driven cases a lawyer can read: ``tests/rules/cases/*.yaml``.

Each file has optional ``defaults`` (a base scenario) and a list of ``cases``. A case has a
``name``, a ``scenario`` (merged over the defaults; ``remove`` lists top-level fields to drop) and
either ``expected`` (a subset of the result: only the keys written are compared; a schedule may be
given as a mapping from month to row) or ``errors`` (each ``field`` and a ``message`` substring).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from cesp.rules import ScenarioError, simulate

CASES_DIR = Path(__file__).parent / "cases"


class _CaseLoader(yaml.SafeLoader):
    """YAML 1.1 reads a bare ``on`` (or yes/no/off) as a boolean; the cases write ``on: 2026-03-01``."""


_CaseLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_CaseLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _read(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_CaseLoader)  # a SafeLoader subclass


def _jsonish(value: Any) -> Any:
    """Dates as ISO strings, as a JSON document would carry them."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonish(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonish(v) for v in value]
    return value


def _load_cases() -> list:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        doc = _read(path)
        defaults = doc.get("defaults", {})
        for case in doc["cases"]:
            scenario = {**defaults, **case.get("scenario", {})}
            for key in case.get("remove", []):
                scenario.pop(key, None)
            params.append(pytest.param(_jsonish(scenario), case, id=case["name"]))
    return params


def _assert_subset(expected: Any, actual: Any, path: str) -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for key, value in expected.items():
            if key == "schedule" and isinstance(value, dict):
                rows = {row["month"]: row for row in actual["schedule"]}
                for month, row in value.items():
                    if row is None:
                        assert month not in rows, f"{path}.schedule: {month} should not be paid"
                    else:
                        assert month in rows, f"{path}.schedule: {month} missing"
                        _assert_subset(row, rows[month], f"{path}.schedule[{month}]")
                continue
            assert key in actual, f"{path}.{key}: missing in result"
            _assert_subset(value, actual[key], f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{path}: {actual!r}"
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            _assert_subset(e, a, f"{path}[{i}]")
    else:
        assert actual == expected, f"{path}: expected {expected!r}, got {actual!r}"


def _find_explanation(result: dict, figure: str) -> dict:
    for e in result["explanations"]:
        if e["figure"] == figure:
            return e
    raise AssertionError(f"no explanation for {figure}")


@pytest.mark.parametrize(("scenario", "case"), _load_cases())
def test_case(scenario: dict, case: dict) -> None:
    if "errors" in case:
        with pytest.raises(ScenarioError) as info:
            simulate(scenario)
        got = info.value.errors
        for want in case["errors"]:
            assert any(e["field"] == want["field"] and want["message"] in e["message"] for e in got), (
                f"expected error {want} among {got}"
            )
        return
    result = simulate(scenario)
    _assert_subset(case.get("expected", {}), result, "result")
    # explanations: figure -> substrings of the rule (and optionally of the source)
    for figure, wanted in case.get("explanations", {}).items():
        found = _find_explanation(result, figure)
        # French typography puts narrow no-break spaces in amounts; the cases write plain spaces.
        haystack = (found["rule"] + " | " + found["source"]).replace("\u202f", " ").replace("\xa0", " ")
        for text in wanted if isinstance(wanted, list) else [wanted]:
            assert text in haystack, f"{figure}: {text!r} not in {found}"


def test_every_file_has_cases_with_unique_names() -> None:
    files = sorted(CASES_DIR.glob("*.yaml"))
    assert files, "no case file"
    names = []
    for path in files:
        cases = _read(path)["cases"]
        assert cases, path.name
        names += [case["name"] for case in cases]
    assert len(names) == len(set(names)), "case names are test ids: keep them unique"


def test_the_design_example_is_said_once():
    """The YAML case that checks the DESIGN.md example's figures runs the scenario the API documents
    and the benchmarks send (``cesp.rules.examples``), not a copy that could drift from it."""
    from cesp.rules.examples import design_example

    doc = _read(CASES_DIR / "design_example.yaml")
    case = next(c for c in doc["cases"] if c["name"].startswith("DESIGN.md example"))
    assert _jsonish(case["scenario"]) == design_example()
