from datetime import date

import pytest

from cesp.referentials.loaders import load_faculties, load_regions
from cesp.referentials.models import Commune, Department, Region, Zoning
from cesp.referentials.selectors import faculties_for_label, zoning_in_force


@pytest.mark.django_db
def test_zoning_in_force_follows_the_validity_periods():
    region = Region.objects.create(code="53", name="Bretagne", ars_name="ARS Bretagne")
    department = Department.objects.create(code="29", name="Finistère", region=region)
    brest = Commune.objects.create(insee_code="29019", name="Brest", department=department, region=region)
    Zoning.objects.create(
        commune=brest,
        profession="medecin",
        zone_type="ZAC",
        valid_from=date(2022, 1, 1),
        valid_until=date(2024, 12, 31),
        decree="A",
    )
    Zoning.objects.create(
        commune=brest, profession="medecin", zone_type="ZIP", valid_from=date(2025, 1, 1), decree="B"
    )

    def zone(on, profession="medecin"):
        zoning = zoning_in_force(commune=brest, profession=profession, on=on)
        return zoning and zoning.zone_type

    assert zone(date(2021, 12, 31)) is None
    assert zone(date(2024, 12, 31)) == "ZAC"
    assert zone(date(2025, 1, 1)) == "ZIP"
    assert zone(date(2040, 1, 1)) == "ZIP"
    assert zone(date(2025, 1, 1), "sage-femme") is None


@pytest.mark.django_db
def test_faculties_for_label_matches_whole_labels_only():
    load_regions()
    load_faculties()

    def codes(label, discipline=None):
        return [f.code for f in faculties_for_label(label=label, discipline=discipline)]

    assert codes("Lyon") == ["medecine-lyon-est", "medecine-lyon-sud"]
    assert codes("Lyon I") == ["odontologie-lyon"]
    assert codes("Paris XI") == ["medecine-paris-saclay"]  # not Paris XII or XIII
    assert codes("Paris VII") == ["odontologie-paris-cite"]
    assert codes("Nantes", "odontologie") == ["odontologie-nantes"]
    assert codes("Lille (université et faculté catholique)") == [
        "medecine-lille",
        "medecine-lille-catholique",
    ]
    assert codes("Inconnue") == []
