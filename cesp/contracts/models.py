"""Contract offers in rank order, the contract itself, its signed versions and the bank details.

An offer goes to the next ranked candidate of a UFR's validated lists while the quota in force leaves
room; it lasts a fixed number of days (a rules parameter). A signed contract is immutable: an
amendment or a re-issue adds a new ``ContractDocument`` version and keeps every earlier one.
"""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cesp.applications.models import Application, StatusAtSignature
from cesp.core.encryption import EncryptedTextField
from cesp.decrees.models import Category
from cesp.referentials.models import AcademicYear, Discipline, Faculty, Region
from cesp.rules import formatting
from cesp.rules.months import month_index
from cesp.selection.models import OFFER_LIST_KINDS


def private_storage():
    """Contracts are personal documents: never under a public URL, served by a view that checks access."""
    return storages["private"]


class OfferStatus(models.TextChoices):
    PENDING = "pending", "En attente de signature"
    SIGNED = "signed", "Signée"
    DECLINED = "declined", "Refusée"
    LAPSED = "lapsed", "Expirée"


class QuotaPool(models.Model):
    """One quota bucket: a UFR (or a PADHUE region), a discipline, a category, a year.

    Its row is locked (SELECT … FOR UPDATE) by every offer and every signature of the bucket, so that
    concurrent signatures and lapses are serialised and never exceed the quota."""

    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    faculty = models.ForeignKey(Faculty, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    discipline = models.CharField(max_length=20, choices=Discipline.choices)
    category = models.CharField(max_length=20, choices=Category.choices)

    class Meta:
        verbose_name = "contingent"
        constraints = [
            models.UniqueConstraint(
                fields=["academic_year", "faculty", "discipline", "category"],
                condition=Q(faculty__isnull=False),
                name="quota_pool_unique_faculty",
            ),
            models.UniqueConstraint(
                fields=["academic_year", "region", "discipline", "category"],
                condition=Q(faculty__isnull=True),
                name="quota_pool_unique_padhue_region",
            ),
        ]

    def __str__(self):
        where = self.faculty or f"PADHUE {self.region}"
        category = self.get_category_display()
        return f"{where} — {self.get_discipline_display()} — {category} ({self.academic_year})"


class Offer(models.Model):
    pool = models.ForeignKey(QuotaPool, on_delete=models.PROTECT, related_name="offers")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="offers")
    candidate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="offers")
    list_kind = models.CharField(
        "liste", max_length=20, choices=[(k.value, k.label) for k in OFFER_LIST_KINDS]
    )
    rank = models.PositiveIntegerField("rang")
    status = models.CharField("état", max_length=10, choices=OfferStatus.choices, default=OfferStatus.PENDING)
    offered_at = models.DateTimeField("proposée le")
    deadline = models.DateTimeField("à signer avant le")
    decided_at = models.DateTimeField("décision le", null=True, blank=True)
    reminders_sent = models.JSONField("relances envoyées", default=list, blank=True)

    class Meta:
        ordering = ["pool", "offered_at"]
        verbose_name = "proposition de contrat"
        constraints = [
            models.UniqueConstraint(fields=["application"], name="offer_one_per_application"),
        ]

    def __str__(self):
        return f"Proposition à {self.candidate} ({self.get_list_kind_display()}, rang {self.rank})"


class ContractStatus(models.TextChoices):
    ACTIVE = "active", "Actif"
    TERMINATED = "terminated", "Résilié"


class Regime(models.TextChoices):
    """The legal regimes of ``cesp.rules.vocabulary.REGIMES``, named by the decree that opens each."""

    R0 = "R0", _("R0 (décret n° 2010-735)")
    R1 = "R1", _("R1 (décret n° 2020-268)")
    R2 = "R2", _("R2 (décret n° 2025-270)")
    R3 = "R3", _("R3 (décret n° 2026-4)")


class Contract(models.Model):
    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="contract")
    beneficiary = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contracts"
    )
    pool = models.ForeignKey(QuotaPool, on_delete=models.PROTECT, related_name="contracts")
    number = models.CharField("numéro", max_length=30, unique=True)
    status = models.CharField(
        "état", max_length=12, choices=ContractStatus.choices, default=ContractStatus.ACTIVE
    )
    regime = models.CharField("régime", max_length=2, choices=Regime.choices)
    cursus = models.CharField("formation", max_length=20, choices=Discipline.choices)
    status_at_signature = models.CharField(
        "situation à la signature", max_length=20, choices=StatusAtSignature.choices
    )
    signed_on = models.DateField("signé le")
    allowance_start = models.DateField("début de l'allocation")
    back_pay_months = models.PositiveIntegerField("mois de rappel")
    back_pay_gross = models.DecimalField("rappel brut", max_digits=10, decimal_places=2)
    monthly_gross = models.DecimalField("allocation mensuelle brute", max_digits=10, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "number"]
        verbose_name = "contrat"

    def __str__(self):
        return f"Contrat {self.number}"

    @property
    def current_document(self):
        return self.documents.order_by("-version").first()


class DocumentKind(models.TextChoices):
    ORIGINAL = "original", _("Contrat signé")
    AMENDMENT = "amendment", _("Nouvelle version")


class ContractDocument(models.Model):
    """One version of the contract's PDF. Never updated, never deleted."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="documents")
    version = models.PositiveIntegerField("version")
    kind = models.CharField(
        "nature", max_length=20, choices=DocumentKind.choices, default=DocumentKind.ORIGINAL
    )
    file = models.FileField(storage=private_storage, upload_to="contracts/%Y/")
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contract", "version"]
        verbose_name = "version du contrat"
        constraints = [
            models.UniqueConstraint(fields=["contract", "version"], name="contract_document_unique_version")
        ]

    def __str__(self):
        return f"{self.contract} v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Une version signée du contrat ne se modifie pas : créez une nouvelle version.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Une version signée du contrat ne se supprime pas.")


class SignatureEvidence(models.Model):
    """Proof of the beneficiary's signature: who, when, from where, on which exact document."""

    document = models.OneToOneField(ContractDocument, on_delete=models.PROTECT, related_name="evidence")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField("signé le")
    ip_address = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    user_agent = models.CharField("navigateur", max_length=500, blank=True)
    document_sha256 = models.CharField("empreinte du document signé", max_length=64)
    consent_text = models.TextField("consentement exprimé")

    class Meta:
        verbose_name = "preuve de signature"

    def __str__(self):
        when = formatting.datetime_short(timezone.localtime(self.signed_at), "fr")
        return f"Signature de {self.signer} le {when}"


class BankDetailsStatus(models.TextChoices):
    PENDING = "pending", _("En attente de confirmation par l'ASP")
    CONFIRMED = "confirmed", _("Confirmées")
    REFUSED = "refused", _("Refusées")


class BankDetails(models.Model):
    """The account the allowance is paid to. A change adds a row, pending until an ASP agent confirms
    it (another agent than the one who entered it, when an agent did: bank.py); the details in force on
    a date are the last confirmed before it (``bank.details_in_force``). The ones given at signature
    are confirmed by the signature itself."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="bank_details")
    # Encrypted at rest (cesp/core/encryption.py): the column never holds the IBAN itself.
    iban = EncryptedTextField("IBAN")
    bic = models.CharField("BIC", max_length=11)
    holder = models.CharField("titulaire du compte", max_length=140)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        "état", max_length=10, choices=BankDetailsStatus.choices, default=BankDetailsStatus.PENDING
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidé par",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("en vigueur depuis", null=True, blank=True)
    decided_at = models.DateTimeField("décision le", null=True, blank=True)
    decision_reason = models.CharField("motif de la décision", max_length=300, blank=True)

    class Meta:
        ordering = ["contract", "-recorded_at", "-pk"]
        verbose_name = "coordonnées bancaires"
        indexes = [models.Index(fields=["contract", "status", "confirmed_at"], name="bank_details_in_force")]

    def __str__(self):
        return f"{self.holder} — IBAN {self.iban_masked}"

    @property
    def iban_masked(self) -> str:
        """The IBAN as every page shows it: its last four characters only (the whole one is revealed to an
        ASP agent by a recorded action, cesp.contracts.bank.iban_reveal)."""
        return f"•••• {self.iban[-4:]}"


# --- the contract timeline (timeline.py) -----------------------------------------------------------


class EventKind(models.TextChoices):
    """The events of a contract's timeline: the event types of the simulator contract (DESIGN.md).

    Later issues add ``practice``, ``postponement`` and ``breach`` (and ``death_or_incapacity``) here and
    in ``timeline.SCENARIO_FIELDS``; ``cancellation`` is the platform's own: it withdraws an earlier
    event and is never sent to the rules."""

    SUSPENSION = "suspension", _("Suspension de l'allocation")
    REPEAT_YEAR = "repeat_year", _("Redoublement ou année de césure")
    INTERNSHIP_START = "internship_start", _("Entrée en internat")
    TERMINATION = "termination", _("Résiliation du contrat")
    STUDIES_END = "studies_end", _("Fin des études")
    THESIS = "thesis", _("Soutenance de la thèse")
    CANCELLATION = "cancellation", _("Annulation d'un événement")


class SuspensionReason(models.TextChoices):
    """The reasons of a suspension (``cesp.rules.scenario.SUSPENSION_REASONS``)."""

    MATERNITY = "maternity", _("Congé de maternité")
    ADOPTION = "adoption", _("Congé d'adoption")
    PATERNITY = "paternity", _("Congé de paternité")
    SICKNESS = "sickness", _("Maladie")
    ACCIDENT = "accident", _("Accident")
    DISPONIBILITE = "disponibilite", _("Mise en disponibilité")


# Reasons that say something of the beneficiary's health or family life: only the beneficiary and the
# ASP read them (and the proofs); the UFR and the ARS see that a suspension exists and its dates.
CONFIDENTIAL_REASONS = frozenset(
    {
        SuspensionReason.MATERNITY,
        SuspensionReason.ADOPTION,
        SuspensionReason.PATERNITY,
        SuspensionReason.SICKNESS,
        SuspensionReason.ACCIDENT,
    }
)


class TerminationReason(models.TextChoices):
    """The reasons of a termination (``cesp.rules.scenario.TERMINATION_REASONS``)."""

    INTERNSHIP_ENTRY = "internship_entry", _("Entrée en internat (sans pénalité dans le délai)")
    REQUEST = "request", _("À la demande du bénéficiaire")


class ContractEventQuerySet(models.QuerySet):
    """Events are recorded, never edited: no bulk update or delete either (a correction is a new event)."""

    def update(self, **kwargs):
        raise TypeError("Un événement du contrat ne se modifie pas : enregistrez une correction.")

    def delete(self):
        raise TypeError("Un événement du contrat ne se supprime pas : enregistrez une annulation.")

    def in_force(self, *, recorded_before=None):
        """Events that count: not a cancellation and not cancelled (by a cancellation or a correction
        recorded before ``recorded_before`` when given)."""
        events = self.exclude(kind=EventKind.CANCELLATION)
        if recorded_before is None:
            return events.filter(cancelled_by__isnull=True)
        return events.exclude(cancelled_by__recorded_at__lt=recorded_before).filter(
            recorded_at__lt=recorded_before
        )


class ContractEvent(models.Model):
    """One event of a contract's timeline, as the rules read it (``start``/``end``, ``on``, ``reason``
    and, for later kinds, the other fields of the simulator contract in ``extra``).

    Append-only: a correction is a new event whose ``cancels`` names the event it replaces; an
    annulment is a ``cancellation`` event that only cancels. Who recorded it, when, on whose behalf and
    why are kept on the row (and in the audit trail)."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("nature", max_length=30, choices=EventKind.choices)
    start = models.DateField("début", null=True, blank=True)
    end = models.DateField("fin", null=True, blank=True)
    on = models.DateField("date", null=True, blank=True)
    reason = models.CharField("motif", max_length=30, blank=True)
    extra = models.JSONField(
        "autres champs du scénario", default=dict, blank=True, help_text="Lus par cesp.rules."
    )
    details = models.JSONField(
        "informations complémentaires",
        default=dict,
        blank=True,
        help_text="Résultat aux épreuves, diplôme… (non lus par les règles).",
    )
    cancels = models.OneToOneField(
        "self",
        verbose_name="annule",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cancelled_by",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="enregistré par",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField("enregistré le", default=timezone.now)
    on_behalf = models.BooleanField("déposé par l'ASP pour le bénéficiaire", default=False)
    why = models.TextField("motif de l'enregistrement")

    objects = ContractEventQuerySet.as_manager()

    class Meta:
        ordering = ["contract", "recorded_at", "pk"]
        verbose_name = "événement du contrat"
        verbose_name_plural = "événements du contrat"
        indexes = [models.Index(fields=["contract", "recorded_at"], name="contract_event_timeline")]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.contract}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Un événement du contrat ne se modifie pas : enregistrez une correction.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Un événement du contrat ne se supprime pas : enregistrez une annulation.")

    @property
    def is_confidential(self) -> bool:
        """A health or family reason: read only by the beneficiary and the ASP."""
        return self.kind == EventKind.SUSPENSION and self.reason in CONFIDENTIAL_REASONS

    @property
    def months(self) -> int | None:
        """Whole months of a period (a suspension's 1 to 12)."""
        if self.start is None or self.end is None:
            return None
        return month_index(self.end) - month_index(self.start) + 1
