from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from dsfr.forms import DsfrBaseForm

from cesp.core import bounds


class EmailAuthenticationForm(DsfrBaseForm, AuthenticationForm):
    username = forms.EmailField(
        label="Adresse e-mail", widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        max_length=bounds.PASSWORD_TEXT,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "Adresse e-mail ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
    }


class CesPasswordResetForm(DsfrBaseForm, PasswordResetForm):
    email = forms.EmailField(label="Adresse e-mail", widget=forms.EmailInput(attrs={"autocomplete": "email"}))


def _new_password_field(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        max_length=bounds.PASSWORD_TEXT,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class CesSetPasswordForm(DsfrBaseForm, SetPasswordForm):
    new_password1 = _new_password_field(
        "Nouveau mot de passe", password_validation.password_validators_help_text_html()
    )
    new_password2 = _new_password_field("Confirmation du nouveau mot de passe")


class CandidateRegistrationForm(DsfrBaseForm):
    first_name = forms.CharField(
        label="Prénom", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label="Nom", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    email = forms.EmailField(label="Adresse e-mail", widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        help_text="Au moins 12 caractères, pas uniquement des chiffres.",
        max_length=bounds.PASSWORD_TEXT,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            try:
                password_validation.validate_password(password)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class SecondFactorForm(DsfrBaseForm):
    code = forms.CharField(
        label="Code de vérification",
        max_length=20,
        help_text="Les 6 chiffres affichés par votre application d'authentification, ou un code de secours.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class SecondFactorSetupForm(DsfrBaseForm):
    code = forms.CharField(
        label="Code affiché par l'application",
        max_length=10,
        help_text="6 chiffres, renouvelés toutes les 30 secondes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
