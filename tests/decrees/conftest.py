from datetime import date

import pytest

from cesp.decrees import services
from cesp.decrees.models import DecreeKind
from cesp.referentials.models import AcademicYear


@pytest.fixture
def year(db):
    return AcademicYear.objects.get_or_create(
        label="2026-2027", defaults={"start": date(2026, 9, 1), "end": date(2027, 8, 31)}
    )[0]


@pytest.fixture
def draft(world, year):
    return services.decree_create(
        actor=world.users["dgos_agent"],
        kind=DecreeKind.ANNUAL,
        academic_year=year,
        title="Arrêté du 20 juin 2027 fixant le nombre de CESP offerts",
        signed_on=date(2027, 6, 20),
        effective_on=date(2027, 6, 20),
    )
