#!/usr/bin/env python3
"""Cost of one ``simulate()`` call, by scenario shape and by stage (issue #10).

    .venv/bin/python bench/simulate_calls.py                # this checkout
    .venv/bin/python bench/simulate_calls.py --root /work/main   # another checkout, same scenarios

The API's ``POST /api/v1/simulate`` spends most of its time in ``simulate()``; this measures it on
three shapes of scenario (the DESIGN.md example: 57 paid months with a schedule; a breach after the
studies: degressivity; a long part-time obligation with a breach), each ``--number`` calls per
repeat, best of ``--repeat`` repeats (the machine is shared: the best repeat is the least disturbed),
pinned to one core. It also splits one call into its stages (parse + validate, allowance, obligation,
status and amounts, JSON of the schedule, explanations) with the same method.

Figures go to ``var/bench/simulate_calls.json``; ``docs/benchmarks.md`` quotes them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import runpy
import sys
import time
from pathlib import Path

# The scenarios are this checkout's, whichever checkout ``--root`` measures: the DESIGN.md example is
# read from this checkout's file, before ``--root`` goes on the path.
_EXAMPLES = Path(__file__).resolve().parents[1] / "cesp" / "rules" / "examples.py"
DESIGN = {**runpy.run_path(str(_EXAMPLES))["design_example"](), "applied_on": "2024-12-02"}
BREACH_AFTER_STUDIES = {
    "as_of": "2027-12-31",
    "cursus": "medecine",
    "status_at_signature": "student",
    "academic_year": "2020-2021",
    "signed_on": "2021-06-15",
    "events": [
        {"type": "studies_end", "on": "2024-09-30"},
        {
            "type": "practice",
            "start": "2024-10-01",
            "end": None,
            "quotity": 1,
            "zone": "ZIP",
            "sector": 1,
            "mode": "liberal",
        },
        {"type": "breach", "on": "2026-11-01"},
    ],
}
LONG_PART_TIME = {
    "as_of": "2040-06-30",
    "cursus": "odontologie",
    "status_at_signature": "student",
    "academic_year": "2022-2023",
    "signed_on": "2023-05-02",
    "events": [
        {"type": "suspension", "start": "2024-01-01", "end": "2024-06-30", "reason": "sickness"},
        {"type": "studies_end", "on": "2029-06-30"},
        {
            "type": "practice",
            "start": "2029-07-01",
            "end": None,
            "quotity": 0.625,
            "zone": "ZAC",
            "sector": None,
            "mode": "salaried",
        },
        {"type": "breach", "on": "2037-03-01"},
    ],
}
SHAPES = {
    "design_example": DESIGN,
    "breach_after_studies": BREACH_AFTER_STUDIES,
    "long_part_time": LONG_PART_TIME,
}


def best_ms(fn, number: int, repeat: int) -> float:
    """Best repeat of the process's CPU time per call, in ms (CPU time, not wall time: on a shared
    machine the wall clock also counts the time spent waiting for a core)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for _ in range(number):
            fn()
        best = min(best, (time.process_time() - t0) / number)
    return best * 1000


def stages(rules, doc: dict, number: int, repeat: int) -> dict:
    """One call split into its stages (the same functions simulate() calls, in its order)."""
    from cesp.rules import allowance, breach, obligation
    from cesp.rules.regime import regime, regime_explanation
    from cesp.rules.timeline import timeline

    s = rules.parse_scenario(doc)
    tl = timeline(s)
    a = allowance.compute(tl)
    o = obligation.compute(tl, a)
    current = breach.status(tl, o)
    due = breach.compute(tl, a, o, current)
    code = regime(s)

    def explain():
        return [
            regime_explanation(s, code),
            *allowance.explanations(tl, a),
            *obligation.explanations(tl, a, o),
            *breach.explanations(tl, a, o, current, due, code),
        ]

    return {
        "parse_and_validate": best_ms(lambda: rules.parse_scenario(doc), number, repeat),
        "allowance": best_ms(lambda: allowance.compute(timeline(s)), number, repeat),
        "obligation": best_ms(lambda: obligation.compute(tl, a), number, repeat),
        "status_and_amounts": best_ms(lambda: breach.compute(tl, a, o, breach.status(tl, o)), number, repeat),
        "allowance_json": best_ms(lambda: allowance.as_json(a), number, repeat),
        "explanations": best_ms(explain, number, repeat),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root", default=str(Path(__file__).resolve().parents[1]), help="checkout to measure"
    )
    parser.add_argument("--number", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--cpu", type=int, default=0, help="core to pin to; -1: no pinning")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "var" / "bench"))
    args = parser.parse_args()
    if args.cpu >= 0 and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    sys.path.insert(0, args.root)
    import cesp.rules as rules

    out = {
        "command": " ".join(sys.argv),
        "root": args.root,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load": os.getloadavg()},
        "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "ms_per_call": {},
        "stages_ms": {},
    }
    for name, doc in SHAPES.items():
        try:
            rules.simulate(doc)
        except rules.ScenarioError as exc:  # an older checkout may refuse a newer field
            out["ms_per_call"][name] = f"refused: {exc}"
            continue
        out["ms_per_call"][name] = best_ms(lambda doc=doc: rules.simulate(doc), args.number, args.repeat)
        try:
            out["stages_ms"][name] = stages(rules, doc, args.number, args.repeat)
        except (ImportError, AttributeError) as exc:
            out["stages_ms"][name] = f"unavailable: {exc}"
    print(json.dumps(out, indent=2, ensure_ascii=False))
    target = Path(args.out)
    target.mkdir(parents=True, exist_ok=True)
    (target / "simulate_calls.json").write_text(
        json.dumps(out, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
