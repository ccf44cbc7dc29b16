from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from cesp.accounts import forms, services
from cesp.accounts.middleware import SESSION_KEY
from cesp.accounts.selectors import membership_list_for_user


class LoginView(auth_views.LoginView):
    form_class = forms.EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    extra_context = {"title": "Connexion"}


class PasswordResetView(auth_views.PasswordResetView):
    form_class = forms.CesPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_context = {"title": "Mot de passe oublié"}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"
    extra_context = {"title": "Mot de passe oublié"}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = forms.CesSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    extra_context = {"title": "Nouveau mot de passe"}


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
    extra_context = {"title": "Mot de passe modifié"}


def register(request):
    if request.user.is_authenticated:
        return redirect("web:home")
    form = forms.CandidateRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.candidate_register(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except services.AccountError as error:
            form.add_error("email", str(error))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Votre compte est créé. Bienvenue dans votre espace candidat.")
            return redirect("web:home")
    return render(request, "accounts/register.html", {"form": form, "title": "Créer un compte candidat"})


@require_POST
def switch_membership(request):
    """Choose which of one's organisations and roles to act as."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    wanted = request.POST.get("membership", "")
    membership = next(
        (m for m in membership_list_for_user(user=request.user) if str(m.pk) == wanted),
        None,
    )
    if membership is None:
        messages.error(request, "Ce rattachement n'existe pas ou ne vous appartient pas.")
    else:
        request.session[SESSION_KEY] = membership.pk
        messages.success(request, f"Vous agissez maintenant pour {membership.organisation}.")
    return redirect("web:home")


def locked_out(request, *args, **kwargs):
    title = gettext("Connexion temporairement bloquée")
    return render(request, "accounts/locked_out.html", {"title": title}, status=429)
