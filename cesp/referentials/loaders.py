"""Re-runnable loaders of the referential data shipped in ``data/`` (see ``data/SOURCES.md``).

Each loader compares the file with the database in memory and writes only what differs: a second run
writes nothing and creates no duplicate. New and changed rows go through one
``bulk_create(update_conflicts=True)`` (an upsert on the natural key), so the ~35,000 communes load in
a few seconds. Rows that disappeared from a file are kept (other records point to them) and counted
as ``obsolete``.
"""

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import models, transaction

from cesp.referentials.models import AcademicYear, Commune, Department, Faculty, Region, Specialty

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO_ZONING_FILE = DATA_DIR / "zoning-medecins-demo.csv.gz"
# The CESP was created by the loi HPST of 21 July 2009: its years start with 2009-2010.
FIRST_ACADEMIC_YEAR = 2009
LAST_ACADEMIC_YEAR = 2035
BATCH_SIZE = 2000


@dataclass(frozen=True)
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    obsolete: int = 0

    def __str__(self):
        return f"{self.created} créé(s), {self.updated} mis à jour, {self.unchanged} inchangé(s)" + (
            f", {self.obsolete} absent(s) du fichier" if self.obsolete else ""
        )


def read_rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _sync(model: type[models.Model], key: str, wanted: dict[str, dict]) -> LoadResult:
    """Make ``model`` hold ``wanted`` ({natural key: field values}); write only the difference."""
    fields = sorted(next(iter(wanted.values())).keys()) if wanted else []
    existing = {row[key]: row for row in model.objects.values(key, *fields)}
    changed = []
    unchanged = 0
    for natural_key, values in wanted.items():
        current = existing.get(natural_key)
        if current is not None and all(current[f] == values[f] for f in fields):
            unchanged += 1
            continue
        changed.append(model(**{key: natural_key}, **values))
    if changed:
        model.objects.bulk_create(
            changed,
            batch_size=BATCH_SIZE,
            update_conflicts=True,
            unique_fields=[key],
            update_fields=fields,
        )
    created = sum(1 for obj in changed if getattr(obj, key) not in existing)
    return LoadResult(
        created=created,
        updated=len(changed) - created,
        unchanged=unchanged,
        obsolete=len(existing.keys() - wanted.keys()),
    )


def _codes(model: type[models.Model]) -> dict[str, int]:
    return dict(model.objects.values_list("code", "pk"))


@transaction.atomic
def load_regions() -> LoadResult:
    wanted = {
        row["code"]: {"name": row["name"], "ars_name": row["ars_name"]} for row in read_rows("regions.csv")
    }
    return _sync(Region, "code", wanted)


@transaction.atomic
def load_departments_and_communes() -> tuple[LoadResult, LoadResult]:
    """Departments then communes; the regions must be loaded first."""
    regions = _codes(Region)
    departments = {
        row["code"]: {"name": row["name"], "region_id": regions[row["region_code"]]}
        for row in read_rows("departments.csv")
    }
    department_result = _sync(Department, "code", departments)
    department_ids = _codes(Department)
    communes = {
        row["insee_code"]: {
            "name": row["name"],
            "department_id": department_ids[row["department_code"]],
            "region_id": regions[row["region_code"]],
            "postal_codes": row["postal_codes"],
        }
        for row in read_rows("communes.csv")
    }
    return department_result, _sync(Commune, "insee_code", communes)


@transaction.atomic
def load_faculties() -> LoadResult:
    regions = _codes(Region)
    wanted = {
        row["code"]: {
            "name": row["name"],
            "discipline": row["discipline"],
            "university": row["university"],
            "city": row["city"],
            "region_id": regions[row["region_code"]],
            "source_labels": row["source_labels"],
        }
        for row in read_rows("faculties.csv")
    }
    return _sync(Faculty, "code", wanted)


@transaction.atomic
def load_specialties() -> LoadResult:
    wanted = {
        row["code"]: {"name": row["name"], "discipline": row["discipline"]}
        for row in read_rows("specialties.csv")
    }
    return _sync(Specialty, "code", wanted)


def academic_year_label(start_year: int) -> str:
    return f"{start_year}-{start_year + 1}"


@transaction.atomic
def load_academic_years() -> LoadResult:
    """From 2009-2010 to 2035-2036, each from 1 September to 31 August."""
    wanted = {
        academic_year_label(year): {"start": date(year, 9, 1), "end": date(year + 1, 8, 31)}
        for year in range(FIRST_ACADEMIC_YEAR, LAST_ACADEMIC_YEAR + 1)
    }
    return _sync(AcademicYear, "label", wanted)


@transaction.atomic
def load_all() -> dict[str, LoadResult]:
    results = {"régions": load_regions()}
    results["départements"], results["communes"] = load_departments_and_communes()
    results["UFR"] = load_faculties()
    results["spécialités"] = load_specialties()
    results["années universitaires"] = load_academic_years()
    return results
