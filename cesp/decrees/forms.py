from django import forms
from dsfr.forms import DsfrBaseForm

from cesp.core import bounds
from cesp.core.forms import BoundedDateField
from cesp.decrees.models import Category, DecreeKind
from cesp.referentials.models import AcademicYear, Discipline, Faculty, Region


class DecreeForm(DsfrBaseForm):
    kind = forms.ChoiceField(label="Type d'arrêté", choices=DecreeKind.choices)
    academic_year = forms.ModelChoiceField(
        label="Année universitaire", queryset=AcademicYear.objects.all(), to_field_name="label"
    )
    title = forms.CharField(label="Intitulé", max_length=bounds.SHORT_TEXT)
    nor = forms.CharField(label="NOR", max_length=20, required=False)
    signed_on = BoundedDateField(label="Date de l'arrêté")
    effective_on = BoundedDateField(
        label="Date d'effet", help_text="Pour un arrêté annuel, la date de publication la remplacera."
    )
    source_url = forms.URLField(
        label="Lien vers le texte publié", max_length=200, required=False, assume_scheme="https"
    )


class QuotaLineForm(DsfrBaseForm):
    faculty = forms.ModelChoiceField(
        label="UFR",
        queryset=Faculty.objects.all(),
        required=False,
        help_text="Laissez vide pour une ligne PADHUE.",
    )
    region = forms.ModelChoiceField(label="Région (PADHUE)", queryset=Region.objects.all(), required=False)
    discipline = forms.ChoiceField(label="Discipline", choices=Discipline.choices)
    category = forms.ChoiceField(label="Catégorie", choices=Category.choices)
    count = forms.IntegerField(label="Nombre de contrats", min_value=-10_000, max_value=10_000)


class DecreeImportForm(DsfrBaseForm):
    file = forms.FileField(
        label="Fichier CSV", help_text="En-tête : ufr,region,discipline,categorie,nombre (voir le format)."
    )
    reason = forms.CharField(label="Motif", max_length=bounds.SHORT_TEXT, required=False)


class DecreePublishForm(DsfrBaseForm):
    published_on = BoundedDateField(label="Date de publication au Journal officiel")
    reason = forms.CharField(label="Commentaire", max_length=bounds.SHORT_TEXT, required=False)
