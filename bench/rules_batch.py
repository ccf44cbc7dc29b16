#!/usr/bin/env python3
"""Benchmark of the rules' batch path against simulate() one by one and the OpenFisca anchor (issue #4).

    .venv/bin/python bench/rules_batch.py --n 10000 100000 1000000

For each N, the contracts come from ``generate(n, seed)`` of the shared anchor
(``$SHARED_DIR/bench/openfisca_anchor.py``, SHARED_DIR defaults to ``../shared`` next to the
project). Each timed run of each method is a fresh subprocess pinned to one core (``--cpu``), so
that runs are independent and each method's peak memory is its own:

- ``simulate``: ``simulate()`` one contract at a time on a sample (``--sample``), extrapolated;
- ``batch``: ``cesp.rules.batch.compute_batch`` (allowance months, projection, back pay, obligation
  owed / served / remaining and status) on all N contracts;
- ``openfisca``: the anchor's OpenFisca method (its allowance-months rule, month loop);
- ``numpy_interval``: the anchor's closed-form numpy method.

Times are the median over ``--runs`` processes of the computation only (the conversion of the
generated dates to our ContractArrays is timed apart and reported too). Peak memory: the
``tracemalloc`` peak during one more run in the same process (numpy reports its buffers to
tracemalloc; skipped for OpenFisca above 100,000 contracts, too slow) and the process's maximum
resident set size (which also holds the generated data).

The anchor's rule is ours without ``as_of``: the batch runs with ``as_of`` = 2034-12-31, the end of
the anchor's window, so every month the anchor counts is counted. Months paid must be equal contract
by contract; months owed too, except that the anchor owes 24 months when nothing was paid (a breach
before the first paid month) where the rules owe nothing: the check adds 24 for those contracts and
says how many there were. A mismatch is printed loudly and the exit code is 1.

Figures go to ``var/bench/rules_batch.json`` (and a timestamped copy); ``docs/benchmarks.md`` quotes them.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cesp.rules import batch  # noqa: E402

AS_OF = date(2034, 12, 31)  # the last day of the anchor's window (2014-10 .. 2034-12)
METHODS = ("simulate", "batch", "openfisca", "numpy_interval")


def shared_bench_dir() -> Path:
    shared = os.environ.get("SHARED_DIR")
    base = Path(shared) if shared else Path(__file__).resolve().parents[2] / "shared"
    return base / "bench"


def load_anchor():
    path = shared_bench_dir() / "openfisca_anchor.py"
    if not path.exists():
        sys.exit(f"anchor not found: {path} (set SHARED_DIR to the directory holding bench/)")
    spec = importlib.util.spec_from_file_location("openfisca_anchor", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the anchor's contracts as ours --------------------------------------------------------------------


def extra_columns(data: dict, seed: int) -> dict:
    """What the anchor does not model, drawn once per contract: signature date and a practice period.

    Signature 0 to 9 months after the allowance start (back pay), never after a breach; three contracts in four start a
    practice within a year of the end of studies, one in ten of them part-time, one in ten outside
    the zones (it does not count).
    """
    rng = np.random.default_rng(seed + 1)
    n = len(data["start"])
    signed = data["start"] + rng.integers(0, 275, n).astype("timedelta64[D]")
    # a breach is decided after the signature (validation): sign at the latest on the breach date
    signed = np.where(data["has_breach"] & (data["breach"] < signed), data["breach"], signed)
    has_practice = rng.random(n) < 0.75
    practice_start = data["end"] + rng.integers(1, 366, n).astype("timedelta64[D]")
    practice_start = np.where(has_practice, practice_start, np.datetime64("NaT", "D"))
    quotity_h = np.where(rng.random(n) < 0.10, rng.choice([50, 60, 80], n), 100)
    counts = rng.random(n) >= 0.10
    part_time_ok = signed >= np.datetime64("2020-01-01", "D")
    quotity_h = np.where(part_time_ok, quotity_h, 100)
    return {
        "signed_on": signed,
        "practice_start": practice_start,
        "quotity_h": quotity_h,
        "counts": counts,
    }


def anchor_suspension(data: dict):
    """The anchor suspends the months whose first day is in [susp_start, susp_end]: as whole months."""
    lo = batch.month_ceil_dt64(data["susp_start"])
    hi = batch.month_index_dt64(data["susp_end"])
    present = data["has_susp"] & (lo <= hi)
    first = (lo.astype(np.int64) - 1970 * 12).astype("datetime64[M]").astype("datetime64[D]")
    start = np.where(present, first, np.datetime64("NaT", "D"))
    end = np.where(present, data["susp_end"], np.datetime64("NaT", "D"))
    return start, end


def to_contract_arrays(data: dict, extra: dict) -> batch.ContractArrays:
    """ContractArrays of the anchor's contracts, every date read by the first-day rule."""
    n = len(data["start"])
    nat = np.datetime64("NaT", "D")
    susp_start, susp_end = anchor_suspension(data)
    return batch.arrays_from_columns(
        start_m=batch.month_ceil_dt64(data["start"]),  # first month whose 1st day is >= start
        as_of=np.full(n, np.datetime64(AS_OF, "D")),
        signed_on=extra["signed_on"],
        studies_end=data["end"],
        breach=np.where(data["has_breach"], data["breach"], nat),
        susp_start=susp_start,
        susp_end=susp_end,
        practice_start=extra["practice_start"],
        practice_end=np.full(n, nat),
        practice_quotity_h=np.where(extra["counts"], extra["quotity_h"], 0),
    )


def to_scenario_docs(data: dict, extra: dict, count: int) -> list[dict]:
    """Simulator documents for the first ``count`` contracts (student, campaign of the start)."""
    docs = []
    susp_start, susp_end = anchor_suspension(data)
    for i in range(count):
        start = data["start"][i].astype(object)
        campaign = start.year if start.month >= 10 else start.year - 1
        events = [{"type": "studies_end", "on": str(data["end"][i])}]
        # (a suspension whose first whole month falls after the studies changes nothing: left out)
        if not np.isnat(susp_start[i]) and susp_start[i] <= data["end"][i]:
            last = batch.month_index_dt64(susp_end[i : i + 1])[0] + 1
            end = (np.datetime64(f"{last // 12:04d}-{last % 12 + 1:02d}-01") - np.timedelta64(1, "D")).astype(
                object
            )
            events.append(
                {
                    "type": "suspension",
                    "start": str(susp_start[i]),
                    "end": end.isoformat(),
                    "reason": "sickness",
                }
            )
        if data["has_breach"][i]:
            events.append({"type": "breach", "on": str(data["breach"][i])})
        if not np.isnat(extra["practice_start"][i]):
            counts = bool(extra["counts"][i])
            events.append(
                {
                    "type": "practice",
                    "start": str(extra["practice_start"][i]),
                    "end": None,
                    "quotity": float(Decimal(int(extra["quotity_h"][i])) / 100),
                    "zone": "ZIP" if counts else "none",
                    "sector": 1,
                    "mode": "liberal",
                }
            )
        docs.append(
            {
                "as_of": AS_OF.isoformat(),
                "cursus": "medecine",
                "status_at_signature": "student",
                "academic_year": f"{campaign}-{campaign + 1}",
                "signed_on": str(extra["signed_on"][i]),
                "events": events,
            }
        )
    return docs


# --- workers (one method, one N, in a fresh process) ----------------------------------------------------


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


RSS_AFTER_RUNS: list[float] = []  # max RSS after each timed run of the last ``timed`` call


def timed(fn, runs: int):
    times, out = [], None
    RSS_AFTER_RUNS.clear()
    for _ in range(runs):
        out = None  # let the previous result go before the next run
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
        RSS_AFTER_RUNS.append(rss_mb())
    return statistics.median(times), times, out


def traced_peak_mb(fn) -> float:
    tracemalloc.start()
    tracemalloc.reset_peak()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def worker(method: str, n: int, runs: int, sample: int, seed: int, cpu: int | None) -> dict:
    if cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {cpu})  # one core, for every method alike
    anchor = load_anchor()
    data = anchor.generate(n, seed)
    out: dict = {"method": method, "n": n, "runs": runs, "cpu_affinity": sorted(os.sched_getaffinity(0))}

    if method == "batch":
        extra = extra_columns(data, seed)
        t0 = time.perf_counter()
        arrays = to_contract_arrays(data, extra)
        out["convert_s"] = time.perf_counter() - t0
        out["arrays_mb"] = arrays.nbytes / 2**20
        out["rss_before_mb"] = rss_mb()
        median, times, result = timed(lambda: batch.compute_batch(arrays), runs)
        out["convert_and_compute_contracts_per_s"] = n / (out["convert_s"] + median)
        out["tracemalloc_peak_mb"] = traced_peak_mb(lambda: batch.compute_batch(arrays))
        paid = result.months_paid.astype(np.int64)
        owed = result.months_owed_h.astype(np.int64) // 100
        out.update(
            sum_paid=int(paid.sum()),
            sum_owed=int(owed.sum()),
            # the anchor owes max(24, paid) even when nothing was paid
            nothing_paid=int((paid == 0).sum()),
            sum_owed_anchor_rule=int(np.where(paid > 0, owed, 24).sum()),
            sum_back_pay_months=int(result.back_pay_months.sum()),
            sum_back_pay_gross_cents=int(result.back_pay_gross_cents.sum()),
            sum_served_h=int(result.months_served_h.astype(np.int64).sum()),
            statuses={s: int((result.status == c).sum()) for c, s in enumerate(batch.STATUSES)},
        )
        # contract by contract against the anchor's closed form on the same contracts
        a_paid, a_owed, _ = anchor.method_numpy_interval(data)
        out["per_contract_paid_equal"] = bool(np.array_equal(paid, a_paid))
        out["per_contract_owed_equal"] = bool(np.array_equal(np.where(paid > 0, owed, 24), a_owed))
    elif method == "simulate":
        try:
            from cesp.rules import simulate
        except ImportError:
            return {**out, "unavailable": "cesp.rules.simulate has not landed"}
        from cesp.rules import ScenarioError, parse_scenario

        extra = extra_columns(data, seed)
        count = min(sample, n)
        docs = to_scenario_docs(data, extra, count)
        scenarios, valid_docs, rejected = [], [], 0
        for doc in docs:
            try:
                scenarios.append(parse_scenario(doc))
                valid_docs.append(doc)
            except ScenarioError:
                rejected += 1
        out["sample"] = len(scenarios)
        out["rejected_by_validation"] = rejected
        out["rss_before_mb"] = rss_mb()
        median, times, results = timed(lambda: [simulate(s) for s in scenarios], runs)
        t_parse, _, _ = timed(lambda: [simulate(d) for d in valid_docs], 1)
        out["parse_and_simulate_contracts_per_s"] = len(scenarios) / t_parse if scenarios else None
        out["tracemalloc_peak_mb"] = traced_peak_mb(lambda: [simulate(s) for s in scenarios[:200]])
        # the batch on the same scenarios must agree contract by contract
        r = batch.compute_batch(batch.arrays_from_scenarios(scenarios))
        mismatches = 0
        for i, res in enumerate(results):
            row = batch.result_row(r, i)
            same = (
                row["allowance"]["months_paid"] == res["allowance"]["months_paid"]
                and row["allowance"]["months_projected"] == res["allowance"]["months_projected"]
                and row["obligation"] == {k: res["obligation"][k] for k in row["obligation"]}
                and row["status"] == res["status"]
            )
            mismatches += not same
        out["batch_vs_simulate_mismatches"] = mismatches
        out["n_timed"] = len(scenarios)
    elif method == "openfisca":
        tbs = anchor.build_tbs()
        out["rss_before_mb"] = rss_mb()
        median, times, (paid, owed, _) = timed(lambda: anchor.method_openfisca(data, tbs, "loop"), runs)
        if n <= 100_000:
            out["tracemalloc_peak_mb"] = traced_peak_mb(lambda: anchor.method_openfisca(data, tbs, "loop"))
        out.update(sum_paid=int(paid.sum()), sum_owed=int(owed.sum()))
    elif method == "numpy_interval":
        out["rss_before_mb"] = rss_mb()
        median, times, (paid, owed, _) = timed(lambda: anchor.method_numpy_interval(data), runs)
        out["tracemalloc_peak_mb"] = traced_peak_mb(lambda: anchor.method_numpy_interval(data))
        out.update(sum_paid=int(paid.sum()), sum_owed=int(owed.sum()))
    else:
        raise SystemExit(f"unknown method {method}")

    timed_n = out.get("n_timed", n)
    out.update(
        rss_after_each_run_mb=list(RSS_AFTER_RUNS),
        median_s=median,
        best_s=min(times),
        times_s=times,
        contracts_per_s=timed_n / median if median else None,
        peak_rss_mb=rss_mb(),
    )
    return out


# --- the driver ---------------------------------------------------------------------------------------


def run_worker(method: str, n: int, args) -> dict:
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        method,
        "--n",
        str(n),
        "--runs",
        "1",
        "--sample",
        str(args.sample),
        "--seed",
        str(args.seed),
        "--cpu",
        str(args.cpu),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    return {"method": method, "n": n, "error": (proc.stderr or proc.stdout)[-2000:]}


SUMS = ("sum_paid", "sum_owed", "sum_owed_anchor_rule", "batch_vs_simulate_mismatches")


def run_method(method: str, n: int, args) -> dict:
    """``--runs`` fresh processes, one timed run each: the median of their times, the worst memory.

    A fresh process per run keeps runs independent: OpenFisca keeps about 1 GB per 1M-contract
    simulation alive in its process, so a second run in the same process is slower and bigger.
    """
    runs = [run_worker(method, n, args) for _ in range(args.runs)]
    for r in runs:
        if "error" in r or "unavailable" in r:
            return r
    merged = dict(runs[0])
    for key in SUMS:
        if key in merged and any(r.get(key) != merged[key] for r in runs):
            merged.setdefault("problems", []).append(f"{key} differs between runs")
    times = [r["times_s"][0] for r in runs]
    median = statistics.median(times)
    merged.update(
        runs=len(runs),
        times_s=times,
        median_s=median,
        best_s=min(times),
        contracts_per_s=merged.get("n_timed", n) / median,
        peak_rss_mb=max(r["peak_rss_mb"] for r in runs),
        rss_before_mb=max(r["rss_before_mb"] for r in runs),
    )
    peaks = [r["tracemalloc_peak_mb"] for r in runs if r.get("tracemalloc_peak_mb") is not None]
    merged["tracemalloc_peak_mb"] = max(peaks) if peaks else None
    if "convert_s" in merged:
        merged["convert_s"] = statistics.median(r["convert_s"] for r in runs)
        merged["convert_and_compute_contracts_per_s"] = n / (merged["convert_s"] + median)
    if "parse_and_simulate_contracts_per_s" in merged:
        merged["parse_and_simulate_contracts_per_s"] = statistics.median(
            r["parse_and_simulate_contracts_per_s"] for r in runs
        )
    merged.pop("rss_after_each_run_mb", None)
    return merged


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import numpy

    return {
        "nproc": os.cpu_count(),
        "cpu_model": model,
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "platform": platform.platform(),
    }


def fmt_rate(x):
    return "—" if not x else f"{x:,.0f}"


def fmt_mb(x):
    return "—" if x is None else f"{x:,.0f}"


def check(results: dict, n: int) -> list[str]:
    """Sums of our batch against the anchor's methods on the same contracts; messages on mismatch."""
    problems = []
    b = results.get("batch", {})
    if "sum_paid" not in b:
        return [f"N={n}: batch did not run: {b.get('error', '?')}"]
    if not b.get("per_contract_paid_equal") or not b.get("per_contract_owed_equal"):
        problems.append(f"N={n}: batch differs from the anchor contract by contract")
    for name in ("openfisca", "numpy_interval"):
        a = results.get(name, {})
        if "sum_paid" not in a:
            continue
        if a["sum_paid"] != b["sum_paid"]:
            problems.append(f"N={n}: months paid {b['sum_paid']} (batch) != {a['sum_paid']} ({name})")
        if a["sum_owed"] != b["sum_owed_anchor_rule"]:
            problems.append(
                f"N={n}: months owed {b['sum_owed_anchor_rule']} (batch, anchor rule) != {a['sum_owed']} ({name})"
            )
    for name, r in results.items():
        for p in r.get("problems", []) if isinstance(r, dict) else []:
            problems.append(f"N={n}: {name}: {p}")
    s = results.get("simulate", {})
    if s.get("batch_vs_simulate_mismatches"):
        problems.append(
            f"N={n}: batch differs from simulate() on {s['batch_vs_simulate_mismatches']} contracts"
        )
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--runs", type=int, default=3, help="fresh processes per method and N (median)")
    ap.add_argument("--sample", type=int, default=2000, help="contracts simulated one by one")
    ap.add_argument("--seed", type=int, default=None, help="default: the anchor's seed")
    ap.add_argument("--methods", nargs="+", default=list(METHODS), choices=METHODS)
    ap.add_argument("--openfisca-max-n", type=int, default=1_000_000, help="skip OpenFisca above this N")
    ap.add_argument("--out", default=str(ROOT / "var" / "bench"))
    ap.add_argument("--cpu", type=int, default=0, help="core each worker is pinned to; -1: no pinning")
    ap.add_argument("--worker", choices=METHODS, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.seed is None:
        args.seed = load_anchor().SEED

    if args.worker:
        cpu = None if args.cpu < 0 else args.cpu
        print("RESULT " + json.dumps(worker(args.worker, args.n[0], args.runs, args.sample, args.seed, cpu)))
        return 0

    command = "python bench/rules_batch.py " + " ".join(sys.argv[1:])
    report = {
        "command": command,
        "machine": machine(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    report["results"] = {}
    problems: list[str] = []
    for n in args.n:
        per_method = {}
        for method in args.methods:
            if method == "openfisca" and n > args.openfisca_max_n:
                continue
            print(f"… N={n:,} {method}", file=sys.stderr, flush=True)
            per_method[method] = run_method(method, n, args)
            if "error" in per_method[method]:
                print(per_method[method]["error"], file=sys.stderr)
        report["results"][str(n)] = per_method
        problems += check(per_method, n)

    print()
    print(
        f"{'N':>10} | {'method':<15} | {'contracts/s':>13} | {'median s':>9} | {'tracemalloc MB':>14} | {'max RSS MB':>10}"
    )
    print("-" * 88)
    for n, per_method in report["results"].items():
        for method, r in per_method.items():
            if "error" in r or "unavailable" in r:
                print(f"{int(n):>10,} | {method:<15} | {r.get('unavailable', 'ERROR')}")
                continue
            print(
                f"{int(n):>10,} | {method:<15} | {fmt_rate(r['contracts_per_s']):>13} | {r['median_s']:>9.4f} | "
                f"{fmt_mb(r.get('tracemalloc_peak_mb')):>14} | {fmt_mb(r['peak_rss_mb']):>10}"
            )
        b, o = per_method.get("batch", {}), per_method.get("openfisca", {})
        if b.get("contracts_per_s") and o.get("contracts_per_s"):
            ratio = b["contracts_per_s"] / o["contracts_per_s"]
            per_method.setdefault("_ratios", {})["batch_over_openfisca"] = ratio
            print(f"{'':>10} | batch / OpenFisca = {ratio:.1f}x")
        if b.get("convert_s") is not None:
            print(
                f"{'':>10} | batch: conversion of the generated dates to ContractArrays {b['convert_s']:.3f} s; "
                f"conversion + compute {fmt_rate(b['convert_and_compute_contracts_per_s'])} contracts/s"
            )
        if b.get("sum_paid") is not None:
            print(
                f"{'':>10} | sums: months paid {b['sum_paid']:,}, owed {b['sum_owed']:,} "
                f"(anchor rule {b['sum_owed_anchor_rule']:,}; {b['nothing_paid']:,} contracts with nothing paid)"
            )
    print()
    if problems:
        print("!" * 88)
        for p in problems:
            print("!!! MISMATCH: " + p)
        print("!" * 88)
    else:
        print("OK: batch months paid and owed equal the anchor's (OpenFisca and numpy) on the same contracts")
    report["problems"] = problems

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(report, indent=2)
    (out / "rules_batch.json").write_text(text)
    (out / f"rules_batch-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.json").write_text(text)
    print(f"figures written to {out / 'rules_batch.json'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
