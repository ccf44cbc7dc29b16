"""Ministerial decrees (arrêtés) fixing the number of contracts offered each academic year.

A yearly decree sets quotas per UFR × discipline × category (2nd cycle, 3rd cycle, and from R3 the
1st cycle), PADHUE counted apart per region. Later redistribution decrees move unsigned contracts
with an effective date: their lines are signed deltas. The quota in force on a date is the sum of
the lines of the published decrees of that year effective on or before it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cesp.referentials.models import AcademicYear, Discipline, Faculty, Region
from cesp.rules import vocabulary


class DecreeKind(models.TextChoices):
    ANNUAL = "annual", "Arrêté annuel"
    REDISTRIBUTION = "redistribution", "Arrêté de redistribution"


class DecreeStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    PUBLISHED = "published", "Publié"


class Category(models.TextChoices):
    """The quota categories of ``cesp.rules.vocabulary``: one per cycle, the PADHUE apart."""

    FIRST_CYCLE = vocabulary.QUOTA_FIRST_CYCLE, _("1er cycle")
    SECOND_CYCLE = vocabulary.QUOTA_SECOND_CYCLE, _("2e cycle")
    THIRD_CYCLE = vocabulary.QUOTA_THIRD_CYCLE, _("3e cycle (internes)")
    PADHUE = vocabulary.QUOTA_PADHUE, _("PADHUE")


# The quota category a contract of each status at signature draws on, from the one table.
CATEGORY_OF_STATUS = {
    status: Category(category) for status, category in vocabulary.QUOTA_CATEGORY_OF_STATUS.items()
}


class DecreeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=DecreeStatus.PUBLISHED)

    def in_force(self, on):
        return self.published().filter(effective_on__lte=on)


class Decree(models.Model):
    kind = models.CharField("type", max_length=20, choices=DecreeKind.choices, default=DecreeKind.ANNUAL)
    academic_year = models.ForeignKey(
        AcademicYear, verbose_name="année universitaire", on_delete=models.PROTECT, related_name="decrees"
    )
    title = models.CharField("intitulé", max_length=300)
    nor = models.CharField("NOR", max_length=20, blank=True)
    signed_on = models.DateField("date de l'arrêté")
    published_on = models.DateField("publication au Journal officiel", null=True, blank=True)
    effective_on = models.DateField("date d'effet", help_text="Pour un arrêté annuel : sa publication.")
    status = models.CharField("état", max_length=10, choices=DecreeStatus.choices, default=DecreeStatus.DRAFT)
    source_url = models.URLField("source", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    objects = DecreeQuerySet.as_manager()

    class Meta:
        ordering = ["-academic_year__start", "effective_on", "pk"]
        verbose_name = "arrêté"

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == DecreeStatus.PUBLISHED


class QuotaLine(models.Model):
    """A number of contracts for one UFR (or, for PADHUE, one region), discipline and category.

    In a redistribution decree the number is a signed delta."""

    decree = models.ForeignKey(Decree, on_delete=models.CASCADE, related_name="lines")
    faculty = models.ForeignKey(Faculty, verbose_name="UFR", null=True, blank=True, on_delete=models.PROTECT)
    region = models.ForeignKey(Region, verbose_name="région", on_delete=models.PROTECT)
    discipline = models.CharField("discipline", max_length=20, choices=Discipline.choices)
    category = models.CharField("catégorie", max_length=20, choices=Category.choices)
    count = models.IntegerField("nombre de contrats")

    class Meta:
        ordering = ["region__name", "faculty__name", "discipline", "category"]
        verbose_name = "ligne de quota"
        constraints = [
            models.UniqueConstraint(
                fields=["decree", "faculty", "discipline", "category"],
                condition=Q(faculty__isnull=False),
                name="quota_line_unique_per_faculty",
            ),
            models.UniqueConstraint(
                fields=["decree", "region", "discipline", "category"],
                condition=Q(faculty__isnull=True),
                name="quota_line_unique_padhue_per_region",
            ),
            models.CheckConstraint(
                condition=Q(category=Category.PADHUE, faculty__isnull=True)
                | (~Q(category=Category.PADHUE) & Q(faculty__isnull=False)),
                name="quota_line_padhue_by_region_others_by_faculty",
            ),
        ]

    def __str__(self):
        where = self.faculty or f"PADHUE {self.region}"
        return f"{where} — {self.get_discipline_display()} — {self.get_category_display()} : {self.count}"
