"""Campaigns and candidates' files, from the first draft to the UFR's decision.

A UFR opens one campaign per academic year with its own filing deadline and commission date (the ARS
does so for PADHUE candidates of its region). A candidate fills a file step by step (drafts kept),
submits it explicitly before the deadline, which freezes it; the UFR instructs it: it may ask for
corrections (reopening only what it names), then marks it complete or inadmissible. Every change of
state is a row of ``ApplicationTransition`` (and an audit event); documents are kept in the private
storage and are unusable until the antivirus has found them clean.
"""

from decimal import Decimal

from django.conf import settings
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _

from cesp.referentials.models import AcademicYear, Discipline, Faculty, Region, Specialty
from cesp.rules import formatting, vocabulary


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


def _reset_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        _private._wrapped = empty


setting_changed.connect(_reset_private_storage)


def private_storage():
    """The storage of personal documents: never served under a public URL (see STORAGES["private"]).

    Resolved lazily, so that a test (or a deployment) changing STORAGES is followed.
    """
    return _private


class CampaignKind(models.TextChoices):
    UFR = "UFR", "Campagne d'UFR"
    PADHUE = "PADHUE", "Campagne PADHUE (ARS)"


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", "En préparation"
    OPEN = "open", "Ouverte"
    CLOSED = "closed", "Close"


class CampaignQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=CampaignStatus.OPEN)

    def filing_on(self, at):
        """Campaigns open and accepting files at the instant ``at``."""
        return self.open().filter(filing_opens_at__lte=at, filing_deadline__gte=at)

    def for_faculties(self, faculty_ids):
        return self.filter(faculty_id__in=faculty_ids)

    def for_regions(self, region_ids):
        return self.filter(region_id__in=region_ids)


class Campaign(models.Model):
    kind = models.CharField("type", max_length=6, choices=CampaignKind.choices, default=CampaignKind.UFR)
    faculty = models.ForeignKey(
        Faculty,
        verbose_name="UFR",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
        help_text="Vide pour une campagne PADHUE, conduite par l'ARS.",
    )
    region = models.ForeignKey(
        Region,
        verbose_name="région",
        on_delete=models.PROTECT,
        related_name="campaigns",
        help_text="La région de l'UFR, ou celle de l'ARS pour une campagne PADHUE.",
    )
    discipline = models.CharField("discipline", max_length=20, choices=Discipline.choices)
    academic_year = models.ForeignKey(
        AcademicYear, verbose_name="année universitaire", on_delete=models.PROTECT, related_name="campaigns"
    )
    title = models.CharField("intitulé", max_length=200, blank=True)
    filing_opens_at = models.DateTimeField("ouverture du dépôt")
    filing_deadline = models.DateTimeField("date limite de dépôt")
    commission_date = models.DateField("date de la commission")
    weight_project = models.DecimalField(
        "coefficient du projet professionnel", max_digits=4, decimal_places=2, default=Decimal("1")
    )
    weight_academic = models.DecimalField(
        "coefficient des résultats universitaires", max_digits=4, decimal_places=2, default=Decimal("1")
    )
    weight_financial = models.DecimalField(
        "coefficient de la situation financière", max_digits=4, decimal_places=2, default=Decimal("1")
    )
    status = models.CharField(
        "état", max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créée par",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-academic_year__start", "region__name", "faculty__name"]
        verbose_name = "campagne"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="PADHUE", faculty__isnull=True) | Q(kind="UFR", faculty__isnull=False),
                name="campaign_ufr_has_faculty_padhue_has_none",
            ),
            models.CheckConstraint(
                condition=Q(filing_deadline__gt=models.F("filing_opens_at")),
                name="campaign_filing_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(weight_project__gte=0, weight_academic__gte=0, weight_financial__gte=0),
                name="campaign_weights_not_negative",
            ),
            models.UniqueConstraint(
                fields=["faculty", "academic_year"],
                condition=Q(kind="UFR"),
                name="campaign_one_per_faculty_and_year",
                violation_error_message="Cette UFR a déjà une campagne pour cette année universitaire.",
            ),
            models.UniqueConstraint(
                fields=["region", "academic_year", "discipline"],
                condition=Q(kind="PADHUE"),
                name="campaign_one_padhue_per_region_year_discipline",
                violation_error_message=(
                    "Cette ARS a déjà une campagne PADHUE pour cette discipline et cette année universitaire."
                ),
            ),
        ]

    def __str__(self):
        if self.title:
            return self.title
        place = self.faculty if self.faculty_id else f"PADHUE — {self.region}"
        return f"{place} — {self.academic_year}"

    @property
    def is_padhue(self) -> bool:
        return self.kind == CampaignKind.PADHUE

    def accepts_filing(self, at) -> bool:
        return self.status == CampaignStatus.OPEN and self.filing_opens_at <= at <= self.filing_deadline


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "Déposé"
    CORRECTIONS_REQUESTED = "corrections_requested", "Compléments demandés"
    COMPLETE = "complete", "Complet"
    INADMISSIBLE = "inadmissible", "Irrecevable"
    WITHDRAWN = "withdrawn", "Retiré"


class StatusAtSignature(models.TextChoices):
    """The statuses of ``cesp.rules.vocabulary`` (the values the rules read), with their labels."""

    FIRST_CYCLE = vocabulary.FIRST_CYCLE, _("Étudiant du 1er cycle (à partir de la 2e année)")
    STUDENT = vocabulary.STUDENT, _("Étudiant du 2e cycle")
    INTERN = vocabulary.INTERN, _("Interne (3e cycle)")
    PADHUE = vocabulary.PADHUE, _("Praticien à diplôme hors Union européenne (PADHUE)")


class Cycle(models.IntegerChoices):
    """The cycles of studies of ``cesp.rules.vocabulary.CYCLES``."""

    FIRST = 1, _("1er cycle")
    SECOND = 2, _("2e cycle")
    THIRD = 3, _("3e cycle")


# The cycle of each status, from the one table (PADHUE are outside the cycles).
CYCLE_OF_STATUS = {
    StatusAtSignature(status): None if cycle is None else Cycle(cycle)
    for status, cycle in vocabulary.CYCLE_OF_STATUS.items()
}


class PracticeMode(models.TextChoices):
    LIBERAL = "liberal", "Libéral (secteur 1)"
    SALARIED = "salaried", "Salarié"
    MIXED = "mixed", "Mixte"


class ApplicationQuerySet(models.QuerySet):
    def for_candidate(self, user_id):
        return self.filter(candidate_id=user_id)

    def for_faculties(self, faculty_ids):
        return self.filter(campaign__faculty_id__in=faculty_ids)

    def for_regions(self, region_ids):
        return self.filter(campaign__region_id__in=region_ids)

    def for_scope(self, scope):
        """What ``scope`` may read; the selectors are the entry point (they add joins and ordering)."""
        if scope.is_admin or scope.national:
            return self
        if scope.is_candidate:
            return self.for_candidate(scope.user_id)
        if scope.faculty_ids:
            return self.for_faculties(scope.faculty_ids)
        if scope.region_ids:
            return self.for_regions(scope.region_ids)
        return self.none()

    def filed(self):
        """Files the UFR instructs: submitted at least once and not withdrawn before that."""
        return self.exclude(status__in=[ApplicationStatus.DRAFT]).exclude(submitted_at__isnull=True)

    def drafts(self):
        return self.filter(status=ApplicationStatus.DRAFT)

    def complete(self):
        return self.filter(status=ApplicationStatus.COMPLETE)


class Application(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name="campagne", on_delete=models.PROTECT, related_name="applications"
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="candidat",
        on_delete=models.PROTECT,
        related_name="applications",
    )
    status = models.CharField(
        "état", max_length=24, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    # Situation
    cursus = models.CharField("formation", max_length=20, choices=Discipline.choices)
    status_at_signature = models.CharField(
        "situation", max_length=12, choices=StatusAtSignature.choices, default=StatusAtSignature.STUDENT
    )
    cycle = models.PositiveSmallIntegerField("cycle", choices=Cycle.choices, null=True, blank=True)
    current_year = models.PositiveSmallIntegerField(
        "année d'études en cours", null=True, blank=True, help_text="Par exemple 4 pour la 4e année."
    )
    national_exam_rank = models.PositiveIntegerField(
        "rang aux épreuves classantes nationales", null=True, blank=True
    )
    # Professional project
    target_specialty = models.ForeignKey(
        Specialty,
        verbose_name="spécialité visée",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    practice_mode = models.CharField(
        "mode d'exercice envisagé", max_length=10, choices=PracticeMode.choices, blank=True
    )
    intended_region = models.ForeignKey(
        Region,
        verbose_name="région d'exercice envisagée",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    intended_place = models.CharField("lieu d'exercice envisagé", max_length=200, blank=True)
    motivation = models.TextField("motivation et projet professionnel", blank=True)
    # Financial situation
    has_scholarship = models.BooleanField("boursier ou boursière", default=False)
    scholarship_level = models.CharField("échelon de bourse", max_length=4, blank=True)
    dependants = models.PositiveSmallIntegerField("personnes à charge", default=0)
    has_student_job = models.BooleanField("emploi étudiant", default=False)
    student_job_hours = models.PositiveSmallIntegerField(
        "heures de travail par semaine", null=True, blank=True
    )
    # Life of the file
    submitted_at = models.DateTimeField("déposé le", null=True, blank=True)
    decided_at = models.DateTimeField("instruit le", null=True, blank=True)
    decision_reason = models.TextField("motif de la décision", blank=True)
    receipt = models.FileField(
        "accusé de réception", storage=private_storage, upload_to="applications/receipts/", blank=True
    )
    reminder_sent_at = models.DateTimeField("relance envoyée le", null=True, blank=True)
    version = models.PositiveIntegerField("version", default=1)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "candidature"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "candidate"],
                condition=~Q(status="withdrawn"),
                name="application_one_live_file_per_campaign",
                violation_error_message="Vous avez déjà un dossier dans cette campagne.",
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "status"], name="application_campaign_status"),
            models.Index(fields=["status", "submitted_at"], name="application_status_submitted"),
            # The work queue's default order: an index scan stops at the page instead of sorting all files.
            models.Index(fields=["submitted_at", "id"], name="application_queue_order"),
        ]

    def __str__(self):
        return f"Candidature n° {self.pk} — {self.candidate}"

    @property
    def reference(self) -> str:
        return f"CESP-{self.campaign.academic_year.label[:4]}-{self.pk:06d}"

    @property
    def is_frozen(self) -> bool:
        return (
            self.status != ApplicationStatus.DRAFT and self.status != ApplicationStatus.CORRECTIONS_REQUESTED
        )


class ApplicationTransition(models.Model):
    """One change of state of a file: who, when, why. Never edited."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(
        "état d'origine", max_length=24, choices=ApplicationStatus.choices, blank=True
    )
    to_status = models.CharField("nouvel état", max_length=24, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="par",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("le", default=timezone.now)
    reason = models.TextField("motif", blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "changement d'état"
        verbose_name_plural = "changements d'état"

    def __str__(self):
        return f"{self.application_id}: {self.from_status or '∅'} → {self.to_status}"


class DocumentKind(models.TextChoices):
    IDENTITY = "identity", "Pièce d'identité"
    TRANSCRIPT_N1 = "transcript_n1", "Relevé de notes de l'année N-1"
    TRANSCRIPT_N2 = "transcript_n2", "Relevé de notes de l'année N-2"
    MOTIVATION_LETTER = "motivation_letter", "Lettre de motivation"
    EXAM_RANKING = "exam_ranking", "Classement aux épreuves nationales"
    OTHER = "other", "Autre pièce utile"


class ScanStatus(models.TextChoices):
    PENDING = "pending", "Analyse antivirus en attente"
    CLEAN = "clean", "Sain"
    INFECTED = "infected", "Infecté"
    # Only under DEMO_WITHOUT_ANTIVIRUS, the demo on a machine without clamd (refused with DEBUG off).
    UNSCANNED = "unscanned", "Non analysé (démonstration sans antivirus)"


def usable_scan_statuses() -> tuple[str, ...]:
    """Scan outcomes that make a document usable: clean; in the demo without antivirus, also unscanned."""
    if getattr(settings, "DEMO_WITHOUT_ANTIVIRUS", False):
        return (ScanStatus.CLEAN, ScanStatus.UNSCANNED)
    return (ScanStatus.CLEAN,)


class SupportingDocumentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(superseded_at__isnull=True)

    def usable(self):
        return self.current().filter(scan_status__in=usable_scan_statuses())

    def pending_scan(self):
        """To scan as soon as a scanner answers: pending, and those the demo accepted unscanned."""
        return self.current().filter(scan_status__in=[ScanStatus.PENDING, ScanStatus.UNSCANNED])


class SupportingDocument(models.Model):
    """A file uploaded by the candidate, typed from its content, kept privately with its SHA-256."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("type de pièce", max_length=20, choices=DocumentKind.choices)
    file = models.FileField("fichier", storage=private_storage, upload_to="applications/documents/")
    original_name = models.CharField("nom du fichier déposé", max_length=255)
    content_type = models.CharField("type détecté", max_length=100)
    size = models.PositiveIntegerField("taille (octets)")
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    scan_status = models.CharField(
        "analyse antivirus", max_length=10, choices=ScanStatus.choices, default=ScanStatus.PENDING
    )
    scan_detail = models.CharField("résultat de l'analyse", max_length=200, blank=True)
    scanned_at = models.DateTimeField("analysé le", null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déposé par",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("déposé le", default=timezone.now)
    superseded_at = models.DateTimeField("remplacé le", null=True, blank=True)

    objects = SupportingDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "uploaded_at", "pk"]
        verbose_name = "pièce justificative"
        verbose_name_plural = "pièces justificatives"

    def __str__(self):
        return f"{self.get_kind_display()} — {self.original_name}"

    @property
    def scan_allows_use(self) -> bool:
        return self.scan_status in usable_scan_statuses()

    @property
    def is_usable(self) -> bool:
        return self.scan_allows_use and self.superseded_at is None


class Section(models.TextChoices):
    """What a correction request may reopen: a step of the form, or the documents of one kind."""

    SITUATION = "situation", "Situation"
    PROJECT = "project", "Projet professionnel"
    FINANCIAL = "financial", "Situation financière"


class CorrectionRequest(models.Model):
    """The UFR asks for corrections: a message and the list of what is reopened; the candidate answers."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="corrections")
    message = models.TextField("message")
    sections = models.JSONField("étapes rouvertes", default=list, blank=True, help_text="Valeurs de Section.")
    document_kinds = models.JSONField(
        "pièces rouvertes", default=list, blank=True, help_text="Valeurs de DocumentKind."
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandé par",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField("demandé le", default=timezone.now)
    answer = models.TextField("réponse du candidat", blank=True)
    answered_at = models.DateTimeField("répondu le", null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = "demande de compléments"
        verbose_name_plural = "demandes de compléments"

    def __str__(self):
        requested = formatting.date_short(timezone.localdate(self.requested_at), "fr")
        return f"Compléments demandés le {requested} (candidature {self.application_id})"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None

    def reopens(self, item: str) -> bool:
        return item in self.sections or item in self.document_kinds

    @property
    def reopened_items(self) -> list[tuple[str, str]]:
        """(step of the form, label) of each reopened part: a section, or a kind of document."""
        items = [(section, Section(section).label) for section in self.sections if section in Section.values]
        items += [
            ("documents", DocumentKind(kind).label)
            for kind in self.document_kinds
            if kind in DocumentKind.values
        ]
        return items
