from django.urls import path

from cesp.selection import views

app_name = "selection"

urlpatterns = [
    path("", views.commission_index, name="index"),
    path("campagnes/<int:campaign_pk>/commission/", views.commission_create, name="create"),
    path("<int:pk>/", views.commission_detail, name="detail"),
    path("<int:pk>/membres/", views.member_add, name="member_add"),
    path("<int:pk>/seances/", views.sitting_add, name="sitting_add"),
    path("<int:pk>/dossiers/<int:application_pk>/", views.file_detail, name="file"),
    path(
        "<int:pk>/dossiers/<int:application_pk>/pieces/<int:document_pk>/",
        views.document,
        name="document",
    ),
    path("<int:pk>/dossiers/<int:application_pk>/notes/", views.score, name="score"),
    path("<int:pk>/dossiers/<int:application_pk>/conflit/", views.conflict, name="conflict"),
    path("<int:pk>/dossiers/<int:application_pk>/entretien/", views.interview, name="interview"),
    path("<int:pk>/dossiers/<int:application_pk>/ecarter/", views.exclude, name="exclude"),
    path("<int:pk>/classement/", views.ranking, name="ranking"),
    path("<int:pk>/classement/departage/", views.tie_break, name="tie_break"),
    path("<int:pk>/listes/", views.lists_build, name="lists_build"),
    path("<int:pk>/validation/", views.validate, name="validate"),
    path("<int:pk>/proces-verbal.pdf", views.minutes, name="minutes"),
    path("mes-candidatures/", views.my_applications, name="my_applications"),
]
