"""The selection commission of a campaign: its members, sittings, scores, tie-breaks and lists.

One commission per campaign. Members score the complete files of the campaign on three criteria
(0 to 20, weighted by the campaign); the proposed ranking follows the average of the members'
weighted marks; ties are broken by a show of hands, the ARS representative holding the casting
vote; the commission then draws a main list and a complementary (waiting) list. Validation by the
president locks everything: no score, tie-break, list or member changes afterwards. Every decision
is a row here (who, when, why) and an audit event.
"""

from decimal import Decimal

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cesp.applications.models import Application, Campaign
from cesp.rules import formatting

SCORE_MIN = Decimal("0")
SCORE_MAX = Decimal("20")


def private_storage():
    """Minutes are personal data: never under a public URL, served only through a checked view."""
    return storages["private"]


class CommissionStatus(models.TextChoices):
    OPEN = "open", "En cours"
    VALIDATED = "validated", "Listes validées"


class Commission(models.Model):
    campaign = models.OneToOneField(
        Campaign, verbose_name="campagne", on_delete=models.PROTECT, related_name="commission"
    )
    status = models.CharField(
        "état", max_length=10, choices=CommissionStatus.choices, default=CommissionStatus.OPEN
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    validated_at = models.DateTimeField("validée le", null=True, blank=True)
    minutes = models.FileField(
        "procès-verbal", storage=private_storage, upload_to="selection/minutes/", blank=True
    )
    minutes_sha256 = models.CharField("empreinte SHA-256 du procès-verbal", max_length=64, blank=True)

    class Meta:
        verbose_name = "commission de sélection"
        verbose_name_plural = "commissions de sélection"
        ordering = ["-campaign__academic_year__start", "pk"]

    def __str__(self):
        return f"Commission de sélection — {self.campaign}"

    @property
    def is_validated(self) -> bool:
        return self.status == CommissionStatus.VALIDATED


class MemberKind(models.TextChoices):
    PRESIDENT = "president", "Doyen, président de la commission"
    ARS = "ars", "Représentant de l'ARS"
    MEDICAL_COUNCIL = "ordre", "Représentant du conseil de l'ordre"
    URPS = "urps", "Représentant de l'URPS"
    STUDENT = "student", "Représentant des étudiants"
    INTERN = "intern", "Représentant des internes"


class CommissionMember(models.Model):
    """A seat on the commission held by a user account: a committee member of the UFR, or, for the
    ARS seat, an ARS referent of the campaign's region."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("qualité", max_length=10, choices=MemberKind.choices)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "membre de commission"
        ordering = ["commission", "kind", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["commission", "user"], name="commission_member_unique_user"),
            models.UniqueConstraint(
                fields=["commission"], condition=Q(kind="president"), name="commission_one_president"
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_kind_display()})"


class Sitting(models.Model):
    """A meeting of the commission, with the members present."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="sittings")
    held_on = models.DateField("date de la séance")
    present = models.ManyToManyField(CommissionMember, verbose_name="membres présents", related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "séance"
        ordering = ["held_on", "pk"]

    def __str__(self):
        return f"Séance du {formatting.date_short(self.held_on, 'fr')}"


class ConflictDeclaration(models.Model):
    """A member's declared conflict of interest with a file: they may not score it."""

    member = models.ForeignKey(CommissionMember, on_delete=models.CASCADE, related_name="conflicts")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("nature du lien")
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "déclaration de conflit d'intérêts"
        constraints = [
            models.UniqueConstraint(fields=["member", "application"], name="conflict_unique_per_file"),
        ]

    def __str__(self):
        return f"Conflit d'intérêts : {self.member} / dossier {self.application_id}"


class InterviewSlot(models.Model):
    """The interview of a shortlisted candidate."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="interviews")
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="interview_slot")
    starts_at = models.DateTimeField("date et heure")
    duration_minutes = models.PositiveSmallIntegerField(
        "durée (minutes)", default=20, validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    place = models.CharField("lieu ou lien de visioconférence", max_length=300)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "entretien"
        ordering = ["starts_at"]

    def __str__(self):
        return f"Entretien du {formatting.datetime_short(timezone.localtime(self.starts_at), 'fr')}"


SCORE_VALIDATORS = [MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]


class Score(models.Model):
    """One member's marks for one file, each criterion out of 20."""

    member = models.ForeignKey(CommissionMember, on_delete=models.PROTECT, related_name="scores")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    project = models.DecimalField(
        "projet professionnel", max_digits=4, decimal_places=2, validators=SCORE_VALIDATORS
    )
    academic = models.DecimalField(
        "résultats universitaires", max_digits=4, decimal_places=2, validators=SCORE_VALIDATORS
    )
    financial = models.DecimalField(
        "situation financière", max_digits=4, decimal_places=2, validators=SCORE_VALIDATORS
    )
    comment = models.TextField("appréciation", blank=True)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "note"
        constraints = [
            models.UniqueConstraint(fields=["member", "application"], name="score_unique_per_member"),
        ]

    def __str__(self):
        return f"Note de {self.member} pour le dossier {self.application_id}"


class TieBreak(models.Model):
    """How the commission ordered files with the same average: a show of hands, and when the show
    of hands is itself even, the casting vote of the ARS representative."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="tie_breaks")
    average = models.DecimalField("moyenne commune", max_digits=5, decimal_places=2)
    order = models.JSONField("ordre décidé (dossiers)")
    show_of_hands = models.CharField("résultat du vote à main levée", max_length=300)
    casting_voter = models.ForeignKey(
        CommissionMember,
        verbose_name="voix prépondérante",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField("motif")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "départage"
        ordering = ["-average", "pk"]

    def __str__(self):
        return f"Départage à {self.average} ({len(self.order)} dossiers)"


class Exclusion(models.Model):
    """A file the commission decides not to retain whatever its marks, with the reason."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="exclusions")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("motif")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "dossier écarté"
        constraints = [
            models.UniqueConstraint(fields=["commission", "application"], name="exclusion_unique_per_file"),
        ]

    def __str__(self):
        return f"Dossier {self.application_id} écarté"


class ListKind(models.TextChoices):
    """Where the commission puts a file; offers go to the main list, then the complementary one."""

    MAIN = "main", _("Liste principale")
    COMPLEMENTARY = "complementary", _("Liste complémentaire")
    NOT_RETAINED = "not_retained", _("Non retenu")


# The lists contracts are offered from, in offer order.
OFFER_LIST_KINDS = (ListKind.MAIN, ListKind.COMPLEMENTARY)


class ListEntryQuerySet(models.QuerySet):
    def in_offer_order(self):
        """Main list by rank, then the complementary list by rank: the order offers go out in."""
        return (
            self.filter(kind__in=OFFER_LIST_KINDS)
            .annotate(
                list_order=models.Case(
                    models.When(kind=ListKind.MAIN, then=models.Value(0)),
                    default=models.Value(1),
                    output_field=models.IntegerField(),
                )
            )
            .order_by("list_order", "rank")
        )


class ListEntry(models.Model):
    """A file's place in the commission's decision: a rank on the main or complementary list, or
    not retained with the reason."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="selection_entries")
    kind = models.CharField("liste", max_length=15, choices=ListKind.choices)
    rank = models.PositiveIntegerField("rang", null=True, blank=True)
    average = models.DecimalField("moyenne", max_digits=5, decimal_places=2, null=True, blank=True)
    reason = models.TextField("motif", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    objects = ListEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription sur liste"
        ordering = ["commission", "kind", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["commission", "application"], name="list_entry_unique_per_file"),
            models.UniqueConstraint(
                fields=["commission", "kind", "rank"],
                condition=Q(rank__isnull=False),
                name="list_entry_unique_rank",
            ),
            models.CheckConstraint(
                condition=(Q(kind=ListKind.NOT_RETAINED, rank__isnull=True) & ~Q(reason=""))
                | (~Q(kind=ListKind.NOT_RETAINED) & Q(rank__isnull=False)),
                name="list_entry_rank_or_reason",
            ),
        ]

    def __str__(self):
        if self.kind == ListKind.NOT_RETAINED:
            return f"{self.get_kind_display()} — dossier {self.application_id}"
        return f"{self.get_kind_display()}, rang {self.rank} — dossier {self.application_id}"
