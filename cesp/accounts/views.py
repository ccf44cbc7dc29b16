from urllib.parse import urlencode

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from cesp.accounts import forms, second_factor, services
from cesp.accounts.middleware import SESSION_KEY
from cesp.accounts.selectors import membership_list_for_user
from cesp.core import ratelimits

RECOVERY_CODES_SESSION_KEY = "cesp_recovery_codes"


class LoginView(auth_views.LoginView):
    form_class = forms.EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    extra_context = {"title": "Connexion"}

    def get_context_data(self, **kwargs):
        from cesp.accounts import oidc

        providers = {p.slug: p for p in oidc.enabled_providers()}
        return {**super().get_context_data(**kwargs), "providers": providers}

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session[second_factor.AUTH_METHOD_SESSION_KEY] = second_factor.PASSWORD
        return response


def _password_reset_keys(request) -> dict:
    """A reset request counts for the address it comes from and for the e-mail address it names (so that
    nobody's mailbox is flooded with reset messages, from one address or from many)."""
    email = (request.POST.get("email") or "").strip().lower()
    return {
        "address": ratelimits.client_address(request),
        "email": ratelimits.digest(email) if email else None,
    }


@method_decorator(ratelimits.limit_post("password_reset", _password_reset_keys), name="dispatch")
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


def _safe_next(request, default: str = "") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or reverse(settings.LOGIN_REDIRECT_URL)


def _second_factor_failed(request, form) -> bool:
    """Count a wrong code with django-axes, as a wrong password is; True when that locks the account."""
    credentials = {settings.AXES_USERNAME_FORM_FIELD: request.user.email}
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    form.add_error("code", "Code incorrect ou expiré. Vérifiez l'heure de votre téléphone et réessayez.")
    return getattr(request, "axes_locked_out", False) or AxesProxyHandler.is_locked(request, credentials)


def _locked(request):
    logout(request)
    return locked_out(request)


def second_factor_verify(request):
    """The second step of an agent's sign-in: a code from their authenticator app or a recovery code."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if not second_factor.requires_second_factor(request) or request.user.is_verified():
        return redirect(_safe_next(request))
    if second_factor.confirmed_totp_device(request.user) is None:
        return redirect(
            reverse("accounts:second_factor_setup") + "?" + urlencode({"next": _safe_next(request)})
        )
    if AxesProxyHandler.is_locked(request, {settings.AXES_USERNAME_FORM_FIELD: request.user.email}):
        return _locked(request)
    form = forms.SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.second_factor_verify(user=request.user, code=form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            return redirect(_safe_next(request))
        if _second_factor_failed(request, form):
            return _locked(request)
    demo_code = None
    if settings.DEBUG and settings.DEMO_SECOND_FACTOR_HINT:
        device = second_factor.confirmed_totp_device(request.user)
        if second_factor.is_demo_device(device):
            demo_code = second_factor.current_code(device)
    return render(
        request,
        "accounts/second_factor.html",
        {
            "form": form,
            "title": "Vérification en deux étapes",
            "next": _safe_next(request),
            "demo_code": demo_code,
        },
    )


def second_factor_setup(request):
    """Enrolment on the first sign-in: scan the QR code (or type the key), then confirm with a code."""
    import base64

    import segno

    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if not second_factor.requires_second_factor(request) or request.user.is_verified():
        return redirect(_safe_next(request))
    if second_factor.confirmed_totp_device(request.user) is not None:
        return redirect(reverse("accounts:second_factor") + "?" + urlencode({"next": _safe_next(request)}))
    if AxesProxyHandler.is_locked(request, {settings.AXES_USERNAME_FORM_FIELD: request.user.email}):
        return _locked(request)
    device = second_factor.pending_totp_device(request.user)
    form = forms.SecondFactorSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.second_factor_enrol(user=request.user, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            django_otp.login(request, device)
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            return redirect(
                reverse("accounts:second_factor_codes") + "?" + urlencode({"next": _safe_next(request)})
            )
        if _second_factor_failed(request, form):
            return _locked(request)
    secret = base64.b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "title": "Activer la vérification en deux étapes",
            "next": _safe_next(request),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "secret": secret,
            "qr_data_uri": qr.svg_data_uri(scale=5, dark="#000091", border=2),
        },
    )


def second_factor_codes(request):
    """The recovery codes, shown once right after enrolment."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return redirect(_safe_next(request))
    return render(
        request,
        "accounts/second_factor_codes.html",
        {"codes": codes, "title": "Vos codes de secours", "next": _safe_next(request)},
    )


# --- The state's identity providers (cesp/accounts/oidc.py) ---


def _oidc_failure(request, provider, message: str, *, status: int = 400, no_membership: bool = False):
    return render(
        request,
        "accounts/oidc_failure.html",
        {
            "title": f"Connexion avec {provider.name} impossible",
            "message": message,
            "provider": provider,
            "no_membership": no_membership,
        },
        status=status,
    )


def oidc_start(request, provider: str):
    """Send the browser to the provider: authorisation code flow with PKCE (S256), state and nonce."""
    from django.http import Http404
    from django.utils.crypto import get_random_string
    from mozilla_django_oidc.utils import add_state_and_verifier_and_nonce_to_session, generate_code_challenge

    from cesp.accounts import oidc

    chosen = oidc.PROVIDERS[provider]
    if not oidc.is_enabled(chosen):
        raise Http404("Fournisseur d'identité non configuré.")
    try:
        metadata = oidc.discovery(chosen)
    except oidc.OidcError as error:
        return _oidc_failure(request, chosen, str(error), status=503)
    values = oidc.config(chosen)
    state = get_random_string(32)
    nonce = get_random_string(32)
    code_verifier = get_random_string(64)
    params = {
        "response_type": "code",
        "client_id": values["client_id"],
        "redirect_uri": request.build_absolute_uri(reverse(chosen.callback_url_name)),
        "scope": values.get("scopes", "openid email"),
        "state": state,
        "nonce": nonce,
        "code_challenge": generate_code_challenge(code_verifier, "S256"),
        "code_challenge_method": "S256",
    }
    if values.get("acr_values"):
        params["acr_values"] = values["acr_values"]
    add_state_and_verifier_and_nonce_to_session(request, state, params, code_verifier)
    request.session["oidc_states"][state]["provider"] = chosen.slug
    request.session["oidc_login_next"] = _safe_next(request)
    request.session.modified = True
    return redirect(f"{metadata['authorization_endpoint']}?{urlencode(params)}")


def oidc_callback(request, provider: str):
    """The provider sends the browser back with a code: the state must be this session's, unused and
    recent; the backend exchanges the code (with the PKCE verifier) and checks the ID token."""
    import time

    from django.contrib.auth import authenticate
    from django.http import Http404

    from cesp.accounts import oidc

    chosen = oidc.PROVIDERS[provider]
    if not oidc.is_enabled(chosen):
        raise Http404("Fournisseur d'identité non configuré.")
    states = request.session.get("oidc_states") or {}
    state = request.GET.get("state", "")
    entry = states.pop(state, None) if state else None
    request.session["oidc_states"] = states  # used once, whatever follows: no replay
    if request.GET.get("error"):
        return _oidc_failure(request, chosen, f"La connexion avec {chosen.name} a été annulée ou refusée.")
    if entry is None or entry.get("provider") != chosen.slug or not request.GET.get("code"):
        return _oidc_failure(
            request,
            chosen,
            "Cette réponse de connexion n'est pas attendue : elle a déjà été utilisée, elle vient d'une "
            "autre session ou elle est incomplète. Recommencez la connexion.",
        )
    if time.time() - entry.get("added_on", 0) > settings.OIDC_STATE_MAX_AGE:
        return _oidc_failure(request, chosen, "La connexion a expiré. Recommencez la connexion.")
    try:
        user = authenticate(
            request, nonce=entry["nonce"], code_verifier=entry["code_verifier"], oidc_provider=chosen.slug
        )
    except oidc.OidcNoMembership as error:
        return _oidc_failure(request, chosen, str(error), status=403, no_membership=True)
    except oidc.OidcError as error:
        return _oidc_failure(request, chosen, str(error))
    if user is None or not user.is_active:
        return _oidc_failure(request, chosen, f"{chosen.name} n'a pas permis de vous identifier.")
    id_token = request.session.get("oidc_id_token")
    next_url = request.session.get("oidc_login_next") or reverse(settings.LOGIN_REDIRECT_URL)
    login(request, user, backend="cesp.accounts.oidc.StateProviderBackend")
    request.session[second_factor.AUTH_METHOD_SESSION_KEY] = chosen.slug
    request.session["oidc_id_token"] = id_token
    return redirect(next_url)


@require_POST
def logout_view(request):
    """Sign out here and, after ProConnect or FranceConnect, at the provider too (RP-initiated logout)."""
    from django.utils.crypto import get_random_string

    from cesp.accounts import oidc

    method = request.session.get(second_factor.AUTH_METHOD_SESSION_KEY)
    id_token = request.session.get("oidc_id_token")
    logout(request)
    home = request.build_absolute_uri(reverse(settings.LOGOUT_REDIRECT_URL))
    provider = oidc.PROVIDERS.get(method or "")
    if provider is not None and id_token and oidc.is_enabled(provider):
        try:
            end_session = oidc.discovery(provider).get("end_session_endpoint")
        except oidc.OidcError:
            end_session = None
        if end_session:
            params = {
                "id_token_hint": id_token,
                "post_logout_redirect_uri": home,
                "state": get_random_string(32),
            }
            return redirect(f"{end_session}?{urlencode(params)}")
    return redirect(home)


def personal_data(request):
    """A person downloads every piece of data the platform holds about them (RGPD art. 15 and 20)."""
    from django.http import HttpResponse

    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    if request.method == "POST":
        archive = services.personal_data_export(user=request.user)
        response = HttpResponse(archive, content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="mes-donnees-cesp.zip"'
        return response
    return render(request, "accounts/personal_data.html", {"title": "Mes données personnelles"})
