"""The worked example of the public simulator contract (DESIGN.md, "Simulator").

One scenario, said once: the API documentation shows it as the request body's example, the tests check
its published figures (``tests/rules/cases/design_example.yaml`` holds the same scenario with them) and
the benchmarks send it.
"""

import copy

_DESIGN_EXAMPLE = {
    "as_of": "2031-06-30",
    "cursus": "medecine",
    "status_at_signature": "student",
    "academic_year": "2024-2025",
    "signed_on": "2025-07-20",
    "events": [
        {"type": "suspension", "start": "2026-01-01", "end": "2026-04-30", "reason": "maternity"},
        {"type": "internship_start", "on": "2026-11-02"},
        {"type": "thesis", "on": "2029-06-28"},
        {"type": "studies_end", "on": "2029-10-31"},
        {"type": "postponement", "start": "2029-11-01", "end": "2030-10-31"},
        {
            "type": "practice",
            "start": "2030-11-01",
            "end": None,
            "quotity": 1.0,
            "zone": "ZIP",
            "sector": 1,
            "mode": "liberal",
        },
    ],
}


def design_example() -> dict:
    """A fresh copy of the DESIGN.md example: callers may change it."""
    return copy.deepcopy(_DESIGN_EXAMPLE)
