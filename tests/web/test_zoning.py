"""The zoning page: lookup for agents, import of its own region's decree by an ARS referent."""

import io

from django.urls import reverse

from cesp.referentials.models import Zoning
from tests.factories import DepartmentFactory


def commune(code, name, region):
    from cesp.referentials.models import Commune

    department = DepartmentFactory(code=code[:2], region=region)
    return Commune.objects.create(
        insee_code=code, name=name, department=department, region=region, postal_codes=""
    )


def upload(text):
    file = io.BytesIO(text.encode())
    file.name = "zonage.csv"
    return file


HEADER = "code_insee,profession,zonage,debut,fin,arrete\n"


def test_ars_imports_its_region_and_agents_look_it_up(world, client_for):
    commune("59350", "Lille", world.region_a)
    client = client_for("ars_referent")
    response = client.post(
        reverse("web:zoning"),
        {
            "file": upload(HEADER + "59350,medecin,ZIP,2026-01-01,,Arrêté ARS HDF 2026\n"),
            "reason": "Arrêté 2026",
        },
    )
    assert response.status_code == 302
    assert Zoning.objects.get().zone_type == "ZIP"
    page = client_for("asp_agent").get(reverse("web:zoning"), {"q": "Lille"}).content.decode()
    assert "Lille (59350)" in page and "ZIP" in page


def test_an_ars_cannot_import_another_region(world, client_for):
    commune("44109", "Nantes", world.region_b)
    response = client_for("ars_referent").post(
        reverse("web:zoning"),
        {"file": upload(HEADER + "44109,medecin,ZAC,2026-01-01,,Arrêté\n"), "reason": "x"},
    )
    assert response.status_code == 422
    assert "Ligne 2" in response.content.decode() and "région de votre ARS" in response.content.decode()
    assert not Zoning.objects.exists()


def test_only_ars_referents_import(world, client_for):
    commune("59350", "Lille", world.region_a)
    for role in ["ufr_agent", "asp_agent", "dgos_agent"]:
        response = client_for(role).post(
            reverse("web:zoning"),
            {"file": upload(HEADER + "59350,medecin,ZIP,2026-01-01,,A\n"), "reason": "x"},
        )
        assert response.status_code == 403
    assert not Zoning.objects.exists()
