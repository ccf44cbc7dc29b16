"""Consistency of the data files themselves (no database)."""

import csv
import gzip
from collections import Counter

from cesp.referentials.loaders import DATA_DIR, DEMO_ZONING_FILE
from cesp.referentials.models import Discipline
from cesp.referentials.services import ZONING_HEADER


def rows(name):
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_keys_are_unique_and_references_resolve():
    regions = {r["code"] for r in rows("regions.csv")}
    departments = {r["code"]: r["region_code"] for r in rows("departments.csv")}
    communes = rows("communes.csv")
    faculties = rows("faculties.csv")
    specialties = rows("specialties.csv")

    assert len(regions) == 18
    assert set(departments.values()) == regions
    assert len({c["insee_code"] for c in communes}) == len(communes)
    assert all(departments[c["department_code"]] == c["region_code"] for c in communes)
    assert all(c["postal_codes"] for c in communes)
    assert len({f["code"] for f in faculties}) == len(faculties)
    assert all(f["region_code"] in regions and f["code"].startswith(f["discipline"]) for f in faculties)
    assert {f["discipline"] for f in faculties} == set(Discipline.values)
    assert len({s["code"] for s in specialties}) == len(specialties)
    city_names = {c["name"] for c in communes}
    assert [f["city"] for f in faculties if f["city"] not in city_names] == []


def test_every_label_of_the_quota_decrees_names_a_faculty_of_that_discipline():
    faculties_by_label = {}
    for faculty in rows("faculties.csv"):
        for label in filter(None, faculty["source_labels"].split("|")):
            faculties_by_label.setdefault(label, set()).add(faculty["discipline"])
    quotas = rows("sources/cesp-quotas-par-ufr.csv")

    unmatched = {
        (q["discipline"], q["ufr_libelle_source"])
        for q in quotas
        if not faculties_by_label.get(q["ufr_libelle_source"], set())
        & ({q["discipline"]} if q["discipline"] in Discipline.values else {"medecine", "odontologie"})
    }

    assert unmatched == set()


def test_demo_zoning_file_is_in_the_import_format_and_names_known_communes():
    communes = {c["insee_code"] for c in rows("communes.csv")}
    with gzip.open(DEMO_ZONING_FILE, "rt", encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        zoning = list(reader)

    assert header == ZONING_HEADER
    assert {r[0] for r in zoning} <= communes
    assert len({r[0] for r in zoning}) == len(zoning)
    assert Counter(r[2] for r in zoning) == {"ZIP": 13_603, "ZAC": 16_675}
