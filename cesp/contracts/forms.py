from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from cesp.contracts.signature import consent_text
from cesp.contracts.verification import MAX_VERIFY_BYTES
from cesp.core import bounds


class SignForm(DsfrBaseForm):
    holder = forms.CharField(
        label="Titulaire du compte", max_length=140, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    iban = forms.CharField(
        label="IBAN",
        max_length=42,
        help_text="Le compte où l'allocation sera versée, par exemple FR76 3000 6000 0112 3456 7890 189.",
    )
    bic = forms.CharField(
        label="BIC",
        max_length=11,
        required=False,
        help_text="Facultatif pour un compte en France : il est déduit de l'IBAN.",
    )
    password = forms.CharField(
        label="Votre mot de passe",
        strip=False,
        max_length=bounds.PASSWORD_TEXT,
        help_text="Pour confirmer votre identité au moment de signer.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    consent = forms.BooleanField(required=True, error_messages={"required": "Cochez cette case pour signer."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_text(timezone.localdate())


class DeclineForm(DsfrBaseForm):
    reason = forms.CharField(label="Motif", max_length=bounds.SHORT_TEXT, required=False)


class BankDetailsForm(DsfrBaseForm):
    holder = forms.CharField(label="Titulaire du compte", max_length=140)
    iban = forms.CharField(label="IBAN", max_length=42)
    bic = forms.CharField(label="BIC", max_length=11, required=False)


class VerifyForm(DsfrBaseForm):
    file = forms.FileField(
        label="Contrat au format PDF",
        help_text="Le fichier téléchargé depuis la plateforme ou reçu de l'ASP.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_VERIFY_BYTES:
            raise forms.ValidationError(
                "Le fichier dépasse 20 Mo : ce n'est pas un contrat de la plateforme."
            )
        return upload


class ReissueForm(DsfrBaseForm):
    reason = forms.CharField(label="Motif de la nouvelle version", max_length=bounds.SHORT_TEXT)


class IbanRevealForm(DsfrBaseForm):
    reason = forms.CharField(
        label="Motif",
        max_length=bounds.SHORT_TEXT,
        help_text="Pourquoi vous avez besoin de l'IBAN complet (enregistré avec votre nom et l'heure).",
    )
