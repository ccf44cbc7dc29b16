from decimal import Decimal

from django import forms
from dsfr.forms import DsfrBaseForm

from cesp.core import bounds
from cesp.core.forms import BoundedDateField, BoundedDateTimeField
from cesp.selection.models import MemberKind


class MarkField(forms.DecimalField):
    """A mark out of 20; a French decimal comma is accepted."""

    def __init__(self, **kwargs):
        super().__init__(
            min_value=Decimal(0),
            max_value=Decimal(20),
            max_digits=4,
            decimal_places=2,
            localize=False,
            # A text box, not type=number: browsers refuse the French decimal comma in number inputs.
            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class ScoreForm(DsfrBaseForm):
    project = MarkField(label="Projet professionnel (sur 20)")
    academic = MarkField(label="Résultats universitaires (sur 20)")
    financial = MarkField(label="Situation financière (sur 20)")
    comment = forms.CharField(
        label="Appréciation",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=bounds.COMMENT_TEXT,
        required=False,
    )


class ConflictForm(DsfrBaseForm):
    reason = forms.CharField(
        label="Nature du lien avec le candidat",
        max_length=bounds.REASON_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InterviewForm(DsfrBaseForm):
    starts_at = BoundedDateTimeField(label="Date et heure de l'entretien")
    duration_minutes = forms.IntegerField(label="Durée (minutes)", min_value=5, max_value=240, initial=20)
    place = forms.CharField(label="Lieu ou lien de visioconférence", max_length=bounds.SHORT_TEXT)


class MemberForm(DsfrBaseForm):
    user = forms.ModelChoiceField(label="Compte", queryset=None)
    kind = forms.ChoiceField(label="Qualité", choices=MemberKind.choices)

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda u: f"{u} — {u.email}"


class SittingForm(DsfrBaseForm):
    held_on = BoundedDateField(label="Date de la séance")
    present = forms.ModelMultipleChoiceField(
        label="Membres présents", queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = members


class TieBreakForm(DsfrBaseForm):
    """The order is given as the list of file numbers, first to last, comma-separated."""

    order = forms.CharField(label="Ordre retenu (numéros de dossier, du premier au dernier)", max_length=500)
    show_of_hands = forms.CharField(label="Résultat du vote à main levée", max_length=bounds.SHORT_TEXT)
    casting_voter = forms.ModelChoiceField(
        label="Voix prépondérante de l'ARS (si le vote est à égalité)", queryset=None, required=False
    )
    reason = forms.CharField(
        label="Motif", max_length=bounds.REASON_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, ars_members=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["casting_voter"]
        field.queryset = ars_members
        if ars_members is not None:
            # The ranking page shows one form per tie: the options come from the caller's queryset,
            # read once for all the forms, rather than from a fresh query in each.
            field.choices = [
                ("", field.empty_label),
                *((m.pk, field.label_from_instance(m)) for m in ars_members),
            ]

    def clean_order(self):
        text = self.cleaned_data["order"]
        try:
            ids = [int(part) for part in text.replace(";", ",").split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError("Donnez les numéros de dossier séparés par des virgules.") from None
        if any(not 0 < i < 2**31 for i in ids):
            raise forms.ValidationError("Numéro de dossier invalide.")
        if len(ids) < 2:
            raise forms.ValidationError("Un départage ordonne au moins deux dossiers.")
        return ids


class ExclusionForm(DsfrBaseForm):
    reason = forms.CharField(
        label="Motif (le candidat le lira)",
        max_length=bounds.REASON_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ListsForm(DsfrBaseForm):
    main_size = forms.IntegerField(label="Places sur la liste principale", min_value=0, max_value=1000)
    complementary_size = forms.IntegerField(
        label="Places sur la liste complémentaire", min_value=0, max_value=1000
    )
    reason_not_retained = forms.CharField(
        label="Motif pour les dossiers non retenus (le candidat le lira)",
        max_length=bounds.REASON_TEXT,
        initial="Rang insuffisant au regard du nombre de places des listes.",
    )


class ValidateForm(DsfrBaseForm):
    confirm = forms.BooleanField(
        label="Je valide les listes : plus aucune note ni liste ne pourra être modifiée.", required=True
    )
    reason = forms.CharField(label="Commentaire", max_length=bounds.REASON_TEXT, required=False)
