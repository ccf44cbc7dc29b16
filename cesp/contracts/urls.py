from django.urls import path

from cesp.contracts import views

app_name = "contracts"

urlpatterns = [
    path("", views.index, name="index"),
    path("propositions/envoyer/", views.offers_dispatch, name="dispatch"),
    path("propositions/<int:pk>/", views.offer_detail, name="offer_detail"),
    path("propositions/<int:pk>/projet.pdf", views.offer_preview, name="offer_preview"),
    path("propositions/<int:pk>/signer/", views.offer_sign, name="offer_sign"),
    path("propositions/<int:pk>/refuser/", views.offer_decline, name="offer_decline"),
    path("<int:pk>/", views.contract_detail, name="contract_detail"),
    path("<int:pk>/version/<int:version>.pdf", views.contract_download, name="contract_download"),
    path("<int:pk>/coordonnees-bancaires/", views.bank_details_change, name="bank_details"),
    path("<int:pk>/coordonnees-bancaires/iban-complet/", views.iban_reveal, name="iban_reveal"),
    path("<int:pk>/nouvelle-version/", views.contract_reissue, name="reissue"),
    path("verifier/", views.verify, name="verify"),
]
