from django.urls import path

from cesp.web import views, zoning

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("organisation/", views.organisation_detail, name="organisation"),
    path("historique/<str:label>/<str:pk>/", views.object_history, name="history"),
    path("simulateur/", views.simulator, name="simulator"),
    path("zonage/", zoning.zoning, name="zoning"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("mentions-legales/", views.legal_notice, name="legal_notice"),
    path("donnees-personnelles/", views.personal_data, name="personal_data"),
    path("favicon.ico", views.favicon, name="favicon"),
]
