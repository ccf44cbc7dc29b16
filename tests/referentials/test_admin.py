from datetime import date

import pytest
from django.urls import reverse

from cesp.referentials.models import Commune, Department, Zoning
from cesp.referentials.services import zoning_import

MODELS = ["region", "department", "commune", "faculty", "specialty", "academicyear", "zoning", "zoningimport"]


@pytest.mark.parametrize("model", MODELS)
def test_platform_admins_can_read_referentials_but_not_change_them(world, client_for, model):
    department = Department.objects.create(code="59", name="Nord", region=world.region_a)
    Commune.objects.create(
        insee_code="59350", name="Lille", department=department, region=world.region_a, postal_codes="59000"
    )
    result = zoning_import(
        file=b"code_insee,profession,zonage,debut,fin,arrete\n59350,medecin,ZAC,2025-01-01,,Arr\xc3\xaat\xc3\xa9 test\n",
        actor=world.users["admin"],
    )
    assert result.ok
    client = client_for("admin")

    assert client.get(reverse(f"admin:referentials_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:referentials_{model}_add")).status_code == 403
    assert Zoning.objects.in_force(date(2025, 1, 1)).count() == 1
