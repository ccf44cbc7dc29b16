from django.urls import path

from cesp.accounts import views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", views.logout_view, name="logout"),
    path("proconnect/", views.oidc_start, {"provider": "proconnect"}, name="proconnect_start"),
    path("proconnect/retour/", views.oidc_callback, {"provider": "proconnect"}, name="proconnect_callback"),
    path("franceconnect/", views.oidc_start, {"provider": "franceconnect"}, name="franceconnect_start"),
    path(
        "franceconnect/retour/",
        views.oidc_callback,
        {"provider": "franceconnect"},
        name="franceconnect_callback",
    ),
    path("inscription/", views.register, name="register"),
    path("mot-de-passe/oublie/", views.PasswordResetView.as_view(), name="password_reset"),
    path("mot-de-passe/envoye/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("mot-de-passe/modifie/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("rattachement/", views.switch_membership, name="switch_membership"),
    path("mes-donnees/", views.personal_data, name="personal_data"),
    path("verification/", views.second_factor_verify, name="second_factor"),
    path("verification/activer/", views.second_factor_setup, name="second_factor_setup"),
    path("verification/codes-de-secours/", views.second_factor_codes, name="second_factor_codes"),
]
