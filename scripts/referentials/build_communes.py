"""Derive departments.csv and communes.csv from the npm package @etalab/decoupage-administratif.

Usage:
    cd /tmp && npm pack @etalab/decoupage-administratif && tar xzf etalab-decoupage-administratif-*.tgz
    python scripts/referentials/build_communes.py /tmp/package

Keeps the departments of the 18 regions listed in ``regions.csv`` (the 101 departments; the
overseas collectivities -- Saint-Pierre-et-Miquelon, Saint-Barthélemy, Saint-Martin, Wallis-et-Futuna,
French Polynesia, New Caledonia, TAAF, Clipperton -- have no region and are left out) and the communes
of type ``commune-actuelle`` in them (communes déléguées, associées and municipal arrondissements are
left out). Output is sorted, so re-running the script on the
same package version gives byte-identical files.
"""

import argparse
import csv
import io
import json
import sys
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "cesp" / "referentials" / "data"


def read_regions(data_dir: Path) -> dict[str, str]:
    with (data_dir / "regions.csv").open(encoding="utf-8", newline="") as f:
        return {row["code"]: row["name"] for row in csv.DictReader(f)}


def build(package_dir: Path, data_dir: Path) -> dict[str, int]:
    package = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    source = package_dir / "data"
    regions = read_regions(data_dir)

    npm_regions = {r["code"]: r["nom"] for r in json.loads((source / "regions.json").read_text("utf-8"))}
    for code, name in regions.items():
        if npm_regions.get(code) != name:
            raise SystemExit(
                f"regions.csv: {code} {name!r} differs from the package ({npm_regions.get(code)!r})"
            )

    departments = sorted(
        (d for d in json.loads((source / "departements.json").read_text("utf-8")) if d["region"] in regions),
        key=lambda d: d["code"],
    )
    department_codes = {d["code"] for d in departments}

    communes = sorted(
        (
            c
            for c in json.loads((source / "communes.json").read_text("utf-8"))
            if c["type"] == "commune-actuelle" and c["departement"] in department_codes
        ),
        key=lambda c: c["code"],
    )

    with (data_dir / "departments.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["code", "name", "region_code"])
        for d in departments:
            writer.writerow([d["code"], d["nom"], d["region"]])

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["insee_code", "name", "department_code", "region_code", "postal_codes"])
    for c in communes:
        postal_codes = " ".join(sorted(set(c.get("codesPostaux") or [])))
        writer.writerow([c["code"], c["nom"], c["departement"], c["region"], postal_codes])
    raw = buffer.getvalue().encode("utf-8")
    # About 1.1 MB: kept as plain CSV (readable diffs); gzip it if it ever grows past ~1.5 MB.
    (data_dir / "communes.csv").write_bytes(raw)

    counts = {
        "package_version": package["version"],
        "departments": len(departments),
        "communes": len(communes),
        "communes_csv_bytes": len(raw),
    }
    return counts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "package_dir", type=Path, help="the unpacked npm package (folder holding package.json)"
    )
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    counts = build(args.package_dir, args.data_dir)
    for key, value in counts.items():
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
