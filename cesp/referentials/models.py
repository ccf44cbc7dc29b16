"""Reference data shared by every floor above: territories, faculties, specialties, years, zoning.

Loaded from the data files in ``cesp/referentials/data/`` by re-runnable loaders (see loaders.py);
nothing here is edited by hand in production except zoning, which ARS referents import.
"""

from django.conf import settings
from django.db import models


class Region(models.Model):
    """One of the 18 French regions; each has one ARS."""

    code = models.CharField("code INSEE", max_length=3, unique=True)
    name = models.CharField("nom", max_length=100)
    ars_name = models.CharField("ARS", max_length=150)

    class Meta:
        ordering = ["name"]
        verbose_name = "région"

    def __str__(self):
        return self.name


class Department(models.Model):
    code = models.CharField("code", max_length=3, unique=True)
    name = models.CharField("nom", max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departments")

    class Meta:
        ordering = ["code"]
        verbose_name = "département"

    def __str__(self):
        return f"{self.name} ({self.code})"


class Commune(models.Model):
    insee_code = models.CharField("code INSEE", max_length=5, unique=True)
    name = models.CharField("nom", max_length=150)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="communes")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="communes")
    postal_codes = models.CharField("codes postaux", max_length=200, blank=True)

    class Meta:
        ordering = ["insee_code"]
        verbose_name = "commune"

    def __str__(self):
        return f"{self.name} ({self.insee_code})"


class Discipline(models.TextChoices):
    MEDICINE = "medecine", "Médecine"
    ODONTOLOGY = "odontologie", "Odontologie"
    PHARMACY = "pharmacie", "Pharmacie"
    MIDWIFERY = "maieutique", "Maïeutique"


class Faculty(models.Model):
    """A UFR (or a school of midwifery): where a student is trained and selected."""

    code = models.SlugField("code", max_length=60, unique=True)
    name = models.CharField("nom", max_length=200)
    discipline = models.CharField("discipline", max_length=20, choices=Discipline.choices)
    university = models.CharField("université", max_length=200, blank=True)
    city = models.CharField("ville", max_length=100, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="faculties")
    source_labels = models.CharField(
        "libellés dans les arrêtés",
        max_length=500,
        blank=True,
        help_text="Libellés sous lesquels les arrêtés de quotas désignent cette UFR, séparés par « | ».",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "UFR"
        verbose_name_plural = "UFR"

    def __str__(self):
        return self.name

    @property
    def label_list(self) -> list[str]:
        """The labels a quota decree may use for this faculty (several faculties may share one)."""
        return [label for label in self.source_labels.split("|") if label]


class Specialty(models.Model):
    """A diplôme d'études spécialisées (DES) of the 3rd cycle."""

    code = models.SlugField("code", max_length=80, unique=True)
    name = models.CharField("nom", max_length=200)
    discipline = models.CharField("discipline", max_length=20, choices=Discipline.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = "spécialité"

    def __str__(self):
        return self.name


class AcademicYear(models.Model):
    """An academic year, "2025-2026", from 1 September to 31 August."""

    label = models.CharField("année universitaire", max_length=9, unique=True)
    start = models.DateField("début")
    end = models.DateField("fin")

    class Meta:
        ordering = ["start"]
        verbose_name = "année universitaire"

    def __str__(self):
        return self.label


class ZoneType(models.TextChoices):
    ZIP = "ZIP", "Zone d'intervention prioritaire (ZIP)"
    ZAC = "ZAC", "Zone d'action complémentaire (ZAC)"


class Profession(models.TextChoices):
    PHYSICIAN = "medecin", "Médecin"
    DENTIST = "chirurgien-dentiste", "Chirurgien-dentiste"
    PHARMACIST = "pharmacien", "Pharmacien"
    MIDWIFE = "sage-femme", "Sage-femme"


class ZoningImport(models.Model):
    """One accepted zoning file: what was imported, by whom, when. Rejected files leave no trace here."""

    file_name = models.CharField("fichier", max_length=255)
    sha256 = models.CharField("empreinte SHA-256", max_length=64, db_index=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="importé par",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_at = models.DateTimeField("date d'import", auto_now_add=True)
    row_count = models.PositiveIntegerField("lignes importées")
    closed_count = models.PositiveIntegerField("périodes antérieures clôturées", default=0)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = "import de zonage"
        verbose_name_plural = "imports de zonage"

    def __str__(self):
        return f"{self.file_name} ({self.row_count} lignes)"


class ZoningQuerySet(models.QuerySet):
    def in_force(self, on):
        """Periods that cover the date ``on``."""
        return self.filter(valid_from__lte=on).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=on)
        )


class Zoning(models.Model):
    """A commune's zone type for a profession over a period, as set by an ARS decree.

    Periods of one commune and profession never overlap (the importer refuses it), so at most one
    zoning is in force on a given date.
    """

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="zonings")
    profession = models.CharField("profession", max_length=30, choices=Profession.choices)
    zone_type = models.CharField("zonage", max_length=3, choices=ZoneType.choices)
    valid_from = models.DateField("début de validité")
    valid_until = models.DateField("fin de validité", null=True, blank=True)
    decree = models.CharField("arrêté de l'ARS", max_length=300)
    zoning_import = models.ForeignKey(
        ZoningImport,
        verbose_name="import",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="zonings",
    )

    objects = ZoningQuerySet.as_manager()

    class Meta:
        ordering = ["commune__insee_code", "profession", "valid_from"]
        verbose_name = "zonage"
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "profession", "valid_from"], name="zoning_unique_start_per_commune"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="zoning_period_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.commune} — {self.profession} — {self.zone_type}"
