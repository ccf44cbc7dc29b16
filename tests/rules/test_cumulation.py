"""No cumulation: a rule of the R3 regime, read at the application date (eligibility.single_contract)."""

from datetime import date

from cesp.rules.eligibility import cumulation_errors


def test_no_cumulation_from_r3_only():
    assert cumulation_errors(applied_on=date(2026, 1, 16), active_contracts=[]) == []
    (error,) = cumulation_errors(applied_on=date(2026, 1, 16), active_contracts=["CESP-2025-000007"])
    assert error["field"] == "contracts"
    assert "CESP-2025-000007" in error["message"] and "décret n° 2026-4" in error["message"]
    assert (
        "des contrats A, B"
        in cumulation_errors(applied_on=date(2027, 3, 1), active_contracts=["A", "B"])[0]["message"]
    )
    # Before R3 no text read forbids it (an open question, docs/rules.md).
    assert cumulation_errors(applied_on=date(2026, 1, 15), active_contracts=["CESP-2025-000007"]) == []
