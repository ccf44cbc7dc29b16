"""Users log in with their e-mail. What they may see comes from their memberships: a role in an
organisation (a UFR, an ARS, the ASP, the DGOS, the CNG), whose territory scopes every query."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from cesp.accounts.roles import MEMBERSHIP_ROLE_CHOICES, Role
from cesp.referentials.models import Faculty, Region


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("L'adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("adresse e-mail", unique=True)
    first_name = models.CharField("prénom", max_length=150, blank=True)
    last_name = models.CharField("nom", max_length=150, blank=True)
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField("accès à l'administration", default=False)
    date_joined = models.DateTimeField("inscription", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["last_name", "first_name", "email"]
        # The UFR work queue sorts files by the candidate's name (docs/benchmarks.md: 117 → 51 ms).
        indexes = [models.Index(fields=["last_name", "first_name", "id"], name="user_name_order")]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email


class OrganisationKind(models.TextChoices):
    UFR = "UFR", "UFR"
    ARS = "ARS", "Agence régionale de santé"
    ASP = "ASP", "Agence de services et de paiement"
    DGOS = "DGOS", "Direction générale de l'offre de soins"
    CNG = "CNG", "Centre national de gestion"


class Organisation(models.Model):
    """An institution. A UFR is tied to its faculty, an ARS to its region; the others are national."""

    kind = models.CharField("type", max_length=4, choices=OrganisationKind.choices)
    name = models.CharField("nom", max_length=200)
    faculty = models.OneToOneField(
        Faculty,
        verbose_name="UFR",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisation",
    )
    region = models.ForeignKey(
        Region,
        verbose_name="région",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = "organisation"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="UFR") | models.Q(faculty__isnull=False, region__isnull=False),
                name="organisation_ufr_has_faculty_and_region",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="ARS") | models.Q(region__isnull=False, faculty__isnull=True),
                name="organisation_ars_has_region",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=["ASP", "DGOS", "CNG"])
                | models.Q(region__isnull=True, faculty__isnull=True),
                name="organisation_national_has_no_territory",
            ),
            models.UniqueConstraint(
                fields=["region"], condition=models.Q(kind="ARS"), name="organisation_one_ars_per_region"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_national(self) -> bool:
        return self.kind in (OrganisationKind.ASP, OrganisationKind.DGOS, OrganisationKind.CNG)


# Which organisation kinds each role may belong to.
ROLE_ORGANISATION_KINDS = {
    Role.UFR_AGENT: {OrganisationKind.UFR},
    Role.COMMITTEE_MEMBER: {OrganisationKind.UFR},
    Role.ARS_REFERENT: {OrganisationKind.ARS},
    Role.ASP_AGENT: {OrganisationKind.ASP},
    Role.DGOS_AGENT: {OrganisationKind.DGOS},
    Role.CNG_AGENT: {OrganisationKind.CNG},
}


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, user__is_active=True)


class Membership(models.Model):
    """A user's role in an organisation; a committee member belongs to the UFR of their commission."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("rôle", max_length=20, choices=MEMBERSHIP_ROLE_CHOICES)
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "rattachement"
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


class CandidateProfile(models.Model):
    """A candidate's identity data, kept apart from agents' accounts."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="candidate_profile")
    birth_date = models.DateField("date de naissance", null=True, blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    faculty = models.ForeignKey(
        Faculty,
        verbose_name="UFR d'inscription",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "profil de candidat"

    def __str__(self):
        return str(self.user)


class ExternalIdentity(models.Model):
    """A user's identity at one of the state's identity providers (ProConnect for agents, FranceConnect
    for candidates), by the provider's stable subject identifier (``sub``)."""

    class Provider(models.TextChoices):
        PROCONNECT = "proconnect", "ProConnect"
        FRANCECONNECT = "franceconnect", "FranceConnect"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_identities")
    provider = models.CharField("fournisseur d'identité", max_length=20, choices=Provider.choices)
    subject = models.CharField("identifiant chez le fournisseur", max_length=255)
    created_at = models.DateTimeField("liée le", auto_now_add=True)
    last_used_at = models.DateTimeField("dernière connexion", null=True, blank=True)

    class Meta:
        verbose_name = "identité externe"
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="external_identity_unique_subject"),
            models.UniqueConstraint(fields=["provider", "user"], name="external_identity_one_per_provider"),
        ]

    def __str__(self):
        return f"{self.get_provider_display()} — {self.user}"
