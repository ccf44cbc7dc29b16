"""The shipped referential data loads completely, and loading it again changes nothing."""

import csv
import gzip
import io
from collections import Counter

import pytest
from django.core.management import call_command

from cesp.referentials.loaders import DATA_DIR, DEMO_ZONING_FILE, LoadResult, load_all
from cesp.referentials.models import (
    AcademicYear,
    Commune,
    Department,
    Faculty,
    Region,
    Specialty,
    Zoning,
    ZoningImport,
)


def rows(name):
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


COMMUNE_ROWS = len(rows("communes.csv"))


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Region, Department, Commune, Faculty, Specialty, AcademicYear)
    }


@pytest.mark.django_db
def test_load_all_loads_every_file_and_a_second_run_changes_nothing():
    first = load_all()

    assert counts() == {
        "Region": 18,
        "Department": 101,
        "Commune": COMMUNE_ROWS,
        "Faculty": 113,
        "Specialty": 50,
        "AcademicYear": 27,
    }
    assert COMMUNE_ROWS == 34_875 and COMMUNE_ROWS > 34_000
    assert first["communes"] == LoadResult(created=COMMUNE_ROWS)
    assert Counter(Faculty.objects.values_list("discipline", flat=True)) == {
        "medecine": 35,
        "odontologie": 21,
        "pharmacie": 24,
        "maieutique": 33,
    }
    assert Counter(Specialty.objects.values_list("discipline", flat=True)) == {
        "medecine": 44,
        "odontologie": 3,
        "pharmacie": 3,
    }
    assert Region.objects.filter(code__in=["01", "02", "03", "04", "06"]).count() == 5  # overseas
    assert Region.objects.get(code="84").ars_name == "ARS Auvergne-Rhône-Alpes"
    lyon = Commune.objects.select_related("department", "region").get(insee_code="69123")
    assert (lyon.name, lyon.department.code, lyon.region.code) == ("Lyon", "69", "84")
    assert "69001" in lyon.postal_codes.split()
    assert Commune.objects.get(insee_code="97611").region.name == "Mayotte"
    year = AcademicYear.objects.get(label="2025-2026")
    assert (year.start.isoformat(), year.end.isoformat()) == ("2025-09-01", "2026-08-31")
    assert AcademicYear.objects.first().label == "2009-2010"
    assert AcademicYear.objects.last().label == "2035-2036"
    assert Faculty.objects.get(code="medecine-lille").region.code == "32"

    ids_before = set(Commune.objects.values_list("pk", flat=True))
    second = load_all()

    assert counts()["Commune"] == COMMUNE_ROWS
    assert set(Commune.objects.values_list("pk", flat=True)) == ids_before
    assert all(result.created == result.updated == 0 for result in second.values())
    assert second["communes"].unchanged == COMMUNE_ROWS


@pytest.mark.django_db
def test_a_changed_row_is_put_back_and_an_extra_row_is_kept():
    load_all()
    Region.objects.filter(code="53").update(name="Bretagne (modifiée)")
    Faculty.objects.filter(code="medecine-brest").update(city="Ailleurs")
    extra = Specialty.objects.create(code="ancienne", name="Ancienne spécialité", discipline="medecine")

    results = load_all()

    assert results["régions"] == LoadResult(updated=1, unchanged=17)
    assert results["UFR"].updated == 1
    assert results["spécialités"].obsolete == 1
    assert Region.objects.get(code="53").name == "Bretagne"
    assert Faculty.objects.get(code="medecine-brest").city == "Brest"
    assert Specialty.objects.filter(pk=extra.pk).exists()


@pytest.mark.django_db
def test_demo_zoning_imports_fully_and_only_once():
    with gzip.open(DEMO_ZONING_FILE, "rt", encoding="utf-8", newline="") as f:
        demo_rows = list(csv.DictReader(f))

    call_command("load_referentials", "--with-zoning", stdout=io.StringIO())

    assert Zoning.objects.count() == len(demo_rows) == 30_278
    assert Counter(Zoning.objects.values_list("zone_type", flat=True)) == Counter(
        r["zonage"] for r in demo_rows
    )
    assert set(Zoning.objects.values_list("profession", flat=True)) == {"medecin"}
    record = ZoningImport.objects.get()
    assert record.row_count == len(demo_rows) and record.imported_by is None

    call_command("load_referentials", "--with-zoning", stdout=io.StringIO())

    assert Zoning.objects.count() == len(demo_rows)
    assert ZoningImport.objects.count() == 1
