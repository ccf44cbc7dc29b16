"""Demo decrees: the real 2023-2024 decree for 2nd-cycle medicine, published, and a draft for the
demo campaign's year that the DGOS demo account can publish."""

from datetime import date, timedelta
from pathlib import Path

from django.utils import timezone

from cesp.decrees import services
from cesp.decrees.models import Category, Decree, DecreeKind
from cesp.referentials.models import AcademicYear, Faculty

REAL_DECREE = Path(__file__).with_name("data") / "arrete-2024-06-25-medecine-2e-cycle.csv"
DEMO_YEAR = "2026-2027"


def seed_decrees_demo(*, dgos_user, demo_region_codes: list[str]) -> None:
    if Decree.objects.exists():
        return
    real_year = AcademicYear.objects.get(label="2023-2024")
    real = services.decree_create(
        actor=dgos_user,
        kind=DecreeKind.ANNUAL,
        academic_year=real_year,
        title="Arrêté du 25 juin 2024 fixant le nombre de contrats d'engagement de service public offerts "
        "(2e cycle des études de médecine, 2023-2024)",
        signed_on=date(2024, 6, 25),
        effective_on=date(2024, 7, 2),
        source_url="https://legal.tricoteuses.fr/articles/LEGIARTI000049860320",
    )
    with REAL_DECREE.open("rb") as file:
        services.decree_import_csv(
            actor=dgos_user, decree=real, file=file, reason="Texte publié au JO du 2 juillet 2024"
        )
    services.decree_publish(actor=dgos_user, decree=real, published_on=date(2024, 7, 2))

    draft = services.decree_create(
        actor=dgos_user,
        kind=DecreeKind.ANNUAL,
        academic_year=AcademicYear.objects.get(label=DEMO_YEAR),
        title=f"Projet d'arrêté fixant le nombre de CESP offerts ({DEMO_YEAR})",
        # Signed a few days before the demo is seeded, so that the DGOS demo account can publish it now.
        signed_on=timezone.localdate() - timedelta(days=7),
        effective_on=timezone.localdate(),
    )
    for faculty in Faculty.objects.filter(
        region__code__in=demo_region_codes, discipline__in=["medecine", "odontologie"]
    ):
        for category, count in [(Category.SECOND_CYCLE, 6), (Category.THIRD_CYCLE, 3)]:
            services.quota_line_set(
                actor=dgos_user,
                decree=draft,
                faculty=faculty,
                region=None,
                discipline=faculty.discipline,
                category=category,
                count=count,
            )
