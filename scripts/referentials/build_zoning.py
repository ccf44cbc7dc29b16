"""Derive zoning-medecins-demo.csv.gz (importer format, gzipped) from the national GP zoning snapshot.

Usage:
    python scripts/referentials/build_zoning.py --package /tmp/package

Input: ``cesp/referentials/data/sources/zonage-medecins-generalistes-par-code-postal.csv`` (keyed by
postal code and commune name, see SOURCES.md) and ``communes.csv``. Only ``1_ZIP`` and ``2_ZAC`` rows
are kept. Each row is matched to an INSEE code in this order:

1. exact: a current commune that has this postal code and the same normalised name (accents, case,
   punctuation and "Saint"/"St" ignored);
2. merged: through the npm package @etalab/decoupage-administratif (``--package``, the version used
   by build_communes.py), a *commune déléguée* or *associée* of that name in the same department: the row
   goes to the current commune it now belongs to (a commune merged after the snapshot);
3. otherwise the row is dropped, with its reason.

A commune that receives several rows keeps one when they agree; when they disagree, an exact match wins
over merged ones, and merged rows that disagree among themselves are all dropped. The script prints the
counts that SOURCES.md reports; its output is sorted and deterministic.
"""

import argparse
import collections
import csv
import gzip
import io
import json
import re
import sys
import unicodedata
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "cesp" / "referentials" / "data"
SOURCE_NAME = "sources/zonage-medecins-generalistes-par-code-postal.csv"
OUTPUT_NAME = "zoning-medecins-demo.csv.gz"
ZONES = {"1_ZIP": "ZIP", "2_ZAC": "ZAC"}
PROFESSION = "medecin"
START = "2025-01-01"
DECREE = "Zonage médecins généralistes (instantané national 2025, voir SOURCES.md)"


def normalise(name: str) -> str:
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().upper()
    name = re.sub(r"[^A-Z0-9]+", " ", name).strip()
    name = re.sub(r"\bSAINTE\b", "STE", name)
    return re.sub(r"\bSAINT\b", "ST", name)


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def former_communes(package_dir: Path) -> dict[tuple[str, str], set[str]]:
    """(department, normalised name) of a commune déléguée or associée -> codes of its current commune."""
    index = collections.defaultdict(set)
    for c in json.loads((package_dir / "data" / "communes.json").read_text("utf-8")):
        if c["type"] in ("commune-deleguee", "commune-associee") and c.get("chefLieu"):
            index[(c["departement"], normalise(c["nom"]))].add(c["chefLieu"])
    return index


def build(data_dir: Path, package_dir: Path) -> dict[str, int]:
    communes = read_csv(data_dir / "communes.csv")
    by_postal_code = collections.defaultdict(list)
    for c in communes:
        for postal_code in c["postal_codes"].split():
            by_postal_code[postal_code].append(c)
    current_codes = {c["insee_code"] for c in communes}
    merged_index = former_communes(package_dir)

    stats = collections.Counter()
    exact: dict[str, set[str]] = collections.defaultdict(set)
    merged: dict[str, set[str]] = collections.defaultdict(set)
    for row in read_csv(data_dir / SOURCE_NAME):
        stats["source_rows"] += 1
        zone = ZONES.get(row["zonage"])
        if zone is None:
            stats[f"dropped_not_zip_zac:{row['zonage']}"] += 1
            continue
        stats["zip_zac_rows"] += 1
        name = normalise(row["nom_commune"])
        found = [
            c["insee_code"]
            for c in by_postal_code.get(row["code_postal"], [])
            if normalise(c["name"]) == name
        ]
        if len(found) == 1:
            exact[found[0]].add(zone)
            stats["matched_exact"] += 1
            continue
        if len(found) > 1:
            stats["dropped_ambiguous"] += 1
            continue
        department = row["code_postal"][:3] if row["code_postal"].startswith("97") else row["code_postal"][:2]
        parents = {code for code in merged_index.get((department, name), ()) if code in current_codes}
        if len(parents) == 1:
            merged[parents.pop()].add(zone)
            stats["matched_merged_commune"] += 1
        elif re.search(r"\bARRONDISSEMENT\b", name):
            stats["dropped_municipal_arrondissement"] += 1
        else:
            stats["dropped_no_current_commune"] += 1

    stats["exact_rows_repeating_a_commune"] = stats["matched_exact"] - len(exact)
    stats["merged_rows_repeating_a_commune"] = stats["matched_merged_commune"] - len(merged)
    result: dict[str, str] = {}
    for code, zones in exact.items():
        if len(zones) == 1:
            result[code] = next(iter(zones))
        else:
            stats["dropped_conflicting_exact_communes"] += 1
    for code, zones in merged.items():
        if code in result or code in exact:
            stats["merged_rows_superseded_by_exact"] += 1
        elif len(zones) == 1:
            result[code] = next(iter(zones))
        else:
            stats["dropped_conflicting_merged_communes"] += 1

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["code_insee", "profession", "zonage", "debut", "fin", "arrete"])
    for code in sorted(result):
        writer.writerow([code, PROFESSION, result[code], START, "", DECREE])
    # The decree text repeats on every row (3.3 MB raw): gzip, with no timestamp in the header so
    # that the output depends only on the content.
    with (
        (data_dir / OUTPUT_NAME).open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as f,
    ):
        f.write(buffer.getvalue().encode("utf-8"))
    stats["output_rows"] = len(result)
    stats["output_zip"] = sum(1 for z in result.values() if z == "ZIP")
    stats["output_zac"] = sum(1 for z in result.values() if z == "ZAC")
    return dict(sorted(stats.items()))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--package", type=Path, required=True, help="the unpacked npm package @etalab/decoupage-administratif"
    )
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    for key, value in build(args.data_dir, args.package).items():
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
