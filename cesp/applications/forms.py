from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from cesp.accounts import roles
from cesp.applications.documents import max_bytes
from cesp.applications.exports import COLUMNS, DEFAULT_COLUMNS
from cesp.applications.models import (
    ApplicationStatus,
    CampaignKind,
    CampaignStatus,
    Cycle,
    DocumentKind,
    PracticeMode,
    Section,
    StatusAtSignature,
)
from cesp.applications.selectors import PAGE_SIZES, SORTS
from cesp.core import bounds
from cesp.core.forms import BoundedDateField, BoundedDateTimeField
from cesp.referentials.models import AcademicYear, Discipline, Faculty, Region, Specialty

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
SCHOLARSHIP_LEVELS = [("", "—"), ("0bis", "0 bis")] + [(str(n), str(n)) for n in range(1, 8)]
YES_NO = [("true", _("Oui")), ("false", _("Non"))]


def datetime_field(label, **kwargs):
    return BoundedDateTimeField(label=label, input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"], **kwargs)


class VersionedForm(DsfrBaseForm):
    """Carries the version of the file the form was built from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CampaignForm(DsfrBaseForm):
    kind = forms.ChoiceField(label=_("Type de campagne"), choices=CampaignKind.choices)
    faculty = forms.ModelChoiceField(label=_("UFR"), queryset=Faculty.objects.none(), required=False)
    region = forms.ModelChoiceField(
        label=_("Région (campagne PADHUE)"), queryset=Region.objects.none(), required=False
    )
    discipline = forms.ChoiceField(
        label=_("Discipline (campagne PADHUE)"),
        choices=[("medecine", "Médecine"), ("odontologie", "Odontologie")],
        required=False,
    )
    academic_year = forms.ModelChoiceField(
        label=_("Année universitaire"), queryset=AcademicYear.objects.all()
    )
    title = forms.CharField(label=_("Intitulé"), max_length=200, required=False)
    filing_opens_at = datetime_field(_("Ouverture du dépôt"))
    filing_deadline = datetime_field(_("Date et heure limites de dépôt"))
    commission_date = BoundedDateField(label=_("Date de la commission"))
    weight_project = forms.DecimalField(
        label=_("Coefficient du projet professionnel"), min_value=0, max_value=10
    )
    weight_academic = forms.DecimalField(
        label=_("Coefficient des résultats universitaires"), min_value=0, max_value=10
    )
    weight_financial = forms.DecimalField(
        label=_("Coefficient de la situation financière"), min_value=0, max_value=10
    )
    status = forms.ChoiceField(label=_("État"), choices=CampaignStatus.choices)

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        faculties, regions = Faculty.objects.all(), Region.objects.all()
        if not scope.is_admin:
            faculties = (
                faculties.filter(pk__in=scope.faculty_ids)
                if roles.can_open_ufr_campaigns(scope)
                else faculties.none()
            )
            regions = (
                regions.filter(pk__in=scope.region_ids)
                if roles.can_open_padhue_campaigns(scope)
                else regions.none()
            )
            kind = CampaignKind.UFR if roles.can_open_ufr_campaigns(scope) else CampaignKind.PADHUE
            self.fields["kind"].choices = [(kind.value, kind.label)]
        self.fields["faculty"].queryset = faculties
        self.fields["region"].queryset = regions
        # An agent sees only the fields of the one kind of campaign they open.
        if roles.can_open_ufr_campaigns(scope):
            del self.fields["region"], self.fields["discipline"]
            if len(scope.faculty_ids) == 1:
                self.fields["faculty"].initial = next(iter(scope.faculty_ids))
        elif roles.can_open_padhue_campaigns(scope):
            del self.fields["faculty"]
            if len(scope.region_ids) == 1:
                self.fields["region"].initial = next(iter(scope.region_ids))

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == CampaignKind.UFR and not cleaned.get("faculty"):
            self.add_error("faculty", _("Choisissez l'UFR de la campagne."))
        if kind == CampaignKind.PADHUE:
            if not cleaned.get("region"):
                self.add_error("region", _("Choisissez la région de l'ARS."))
            if not cleaned.get("discipline"):
                self.add_error("discipline", _("Choisissez la discipline."))
        return cleaned

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        if data["kind"] == CampaignKind.UFR:
            data["region"] = data["faculty"].region
            data["discipline"] = data["faculty"].discipline
        else:
            data["faculty"] = None
        return data


class SituationForm(VersionedForm):
    cursus = forms.ChoiceField(label=_("Formation"), choices=Discipline.choices)
    status_at_signature = forms.ChoiceField(label=_("Situation"), choices=StatusAtSignature.choices)
    current_year = forms.IntegerField(
        label=_("Année d'études en cours"),
        min_value=1,
        max_value=12,
        required=False,
        help_text=_("Par exemple 4 pour la 4e année (DFASM1). Pour les internes : l'année d'internat."),
    )
    national_exam_rank = forms.IntegerField(
        label=_("Rang aux épreuves classantes nationales (internes)"), min_value=1, required=False
    )

    def __init__(self, *args, statuses=None, **kwargs):
        super().__init__(*args, **kwargs)
        if statuses:
            self.fields["status_at_signature"].choices = [
                (value, label) for value, label in StatusAtSignature.choices if value in statuses
            ]


class ProjectForm(VersionedForm):
    target_specialty = forms.ModelChoiceField(
        label=_("Spécialité visée"), queryset=Specialty.objects.all(), required=False
    )
    practice_mode = forms.ChoiceField(
        label=_("Mode d'exercice envisagé"), choices=[("", "—"), *PracticeMode.choices], required=False
    )
    intended_region = forms.ModelChoiceField(
        label=_("Région d'exercice envisagée"), queryset=Region.objects.all(), required=False
    )
    intended_place = forms.CharField(
        label=_("Lieu d'exercice envisagé (commune, territoire)"), max_length=200, required=False
    )
    motivation = forms.CharField(
        label=_("Motivation et projet professionnel"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=bounds.LONG_TEXT,
        required=False,
    )

    def __init__(self, *args, discipline=None, **kwargs):
        super().__init__(*args, **kwargs)
        if discipline:
            self.fields["target_specialty"].queryset = Specialty.objects.filter(discipline=discipline)


class FinancialForm(VersionedForm):
    has_scholarship = forms.TypedChoiceField(
        label=_("Êtes-vous boursier ou boursière ?"),
        choices=YES_NO,
        coerce=lambda v: v == "true",
        widget=forms.RadioSelect,
    )
    scholarship_level = forms.ChoiceField(
        label=_("Échelon de bourse"), choices=SCHOLARSHIP_LEVELS, required=False
    )
    dependants = forms.IntegerField(label=_("Nombre de personnes à votre charge"), min_value=0, max_value=20)
    has_student_job = forms.TypedChoiceField(
        label=_("Avez-vous un emploi étudiant ?"),
        choices=YES_NO,
        coerce=lambda v: v == "true",
        widget=forms.RadioSelect,
    )
    student_job_hours = forms.IntegerField(
        label=_("Heures de travail par semaine"), min_value=1, max_value=60, required=False
    )


class DocumentForm(DsfrBaseForm):
    kind = forms.ChoiceField(label=_("Type de pièce"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("Fichier"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, JPEG ou PNG, %(size)s au plus.") % {
            "size": filesizeformat(max_bytes())
        }


class SubmitForm(VersionedForm):
    certify = forms.BooleanField(
        label=_("Je certifie sur l'honneur l'exactitude des informations et des pièces de mon dossier."),
    )


class WithdrawForm(VersionedForm):
    reason = forms.CharField(label=_("Motif (facultatif)"), max_length=bounds.REASON_TEXT, required=False)


class AnswerForm(VersionedForm):
    answer = forms.CharField(
        label=_("Votre réponse à l'UFR"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=bounds.MESSAGE_TEXT,
    )


class CorrectionForm(VersionedForm):
    message = forms.CharField(
        label=_("Message au candidat"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=bounds.MESSAGE_TEXT,
    )
    sections = forms.MultipleChoiceField(
        label=_("Étapes à rouvrir"),
        choices=Section.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    document_kinds = forms.MultipleChoiceField(
        label=_("Pièces à redéposer"),
        choices=DocumentKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("sections") and not cleaned.get("document_kinds"):
            raise forms.ValidationError(_("Cochez au moins une étape ou une pièce à rouvrir."))
        return cleaned


class DecisionForm(VersionedForm):
    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=[("complete", _("Dossier complet")), ("inadmissible", _("Dossier irrecevable"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Motif"),
        help_text=_("Obligatoire pour un dossier irrecevable : il est communiqué au candidat."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=bounds.COMMENT_TEXT,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "inadmissible" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Indiquez le motif de l'irrecevabilité."))
        return cleaned


SORT_CHOICES = [
    ("submitted", _("Dépôt, plus ancien d'abord")),
    ("-submitted", _("Dépôt, plus récent d'abord")),
    ("name", _("Nom, de A à Z")),
    ("-name", _("Nom, de Z à A")),
    ("status", _("État")),
    ("updated", _("Dernière modification")),
]
assert {value for value, _label in SORT_CHOICES} == set(SORTS)


class QueueFilterForm(DsfrBaseForm):
    campaign = forms.TypedChoiceField(label=_("Campagne"), coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(
        label=_("État"),
        choices=[("", _("Tous"))] + [c for c in ApplicationStatus.choices if c[0] != ApplicationStatus.DRAFT],
        required=False,
    )
    cycle = forms.TypedChoiceField(
        label=_("Cycle"),
        choices=[("", _("Tous")), *Cycle.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    discipline = forms.ChoiceField(
        label=_("Discipline"), choices=[("", _("Toutes")), *Discipline.choices], required=False
    )
    q = forms.CharField(label=_("Rechercher (nom, e-mail, n° de dossier)"), max_length=100, required=False)
    sort = forms.ChoiceField(label=_("Trier par"), choices=SORT_CHOICES, required=False)
    per_page = forms.TypedChoiceField(
        label=_("Dossiers par page"),
        choices=[(n, n) for n in PAGE_SIZES],
        coerce=int,
        required=False,
        empty_value=PAGE_SIZES[0],
    )

    def __init__(self, *args, campaigns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].choices = [("", _("Toutes"))] + [(c.pk, str(c)) for c in campaigns]


class ExportForm(QueueFilterForm):
    columns = forms.MultipleChoiceField(
        label=_("Colonnes à exporter"),
        choices=[(key, label) for key, (label, _getter) in COLUMNS.items()],
        widget=forms.CheckboxSelectMultiple,
        initial=DEFAULT_COLUMNS,
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("csv", "CSV"), ("xlsx", "Excel (XLSX)")],
        widget=forms.RadioSelect,
        initial="csv",
    )
