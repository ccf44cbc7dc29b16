"""Decrees: published ones are public; drafts and every write belong to the DGOS."""

from datetime import date

from cesp.decrees import services
from cesp.decrees.models import Category, DecreeKind
from cesp.referentials.models import AcademicYear
from tests.access import POST_ONLY, PUBLIC, only

EXPECTED = {
    "decrees:index": PUBLIC,
    # url_kwargs gives a draft: only the DGOS (and the platform admin) see it.
    "decrees:detail": {**dict.fromkeys(PUBLIC, 404), "dgos_agent": 200, "admin": 200},
    "decrees:create": only({"dgos_agent": 200, "admin": 200}),
    "decrees:line_add": POST_ONLY,
    "decrees:line_delete": POST_ONLY,
    "decrees:import": POST_ONLY,
    "decrees:publish": POST_ONLY,
}


def url_kwargs(world):
    year, _ = AcademicYear.objects.get_or_create(
        label="2026-2027", defaults={"start": date(2026, 9, 1), "end": date(2027, 8, 31)}
    )
    draft = services.decree_create(
        actor=world.users["dgos_agent"],
        kind=DecreeKind.ANNUAL,
        academic_year=year,
        title="Brouillon",
        signed_on=date(2027, 6, 20),
        effective_on=date(2027, 6, 20),
    )
    line = services.quota_line_set(
        actor=world.users["dgos_agent"],
        decree=draft,
        faculty=world.ufr_a.faculty,
        region=None,
        discipline="medecine",
        category=Category.SECOND_CYCLE,
        count=5,
    )
    return {
        "decrees:detail": {"pk": draft.pk},
        "decrees:line_add": {"pk": draft.pk},
        "decrees:line_delete": {"pk": draft.pk, "line_pk": line.pk},
        "decrees:import": {"pk": draft.pk},
        "decrees:publish": {"pk": draft.pk},
    }
