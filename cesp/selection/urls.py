from django.urls import path

from cesp.selection import views

app_name = "selection"
FILE = "<int:pk>/dossiers/<int:application_pk>/"

urlpatterns = [
    path("", views.commission_index, name="index"),
    path("campagnes/<int:campaign_pk>/commission/", views.commission_create, name="create"),
    path("<int:pk>/", views.commission_detail, name="detail"),
    path("<int:pk>/membres/", views.member_add, name="member_add"),
    path("<int:pk>/seances/", views.sitting_add, name="sitting_add"),
    path(FILE, views.file_detail, name="file"),
    path(f"{FILE}pieces/<int:document_pk>/", views.document, name="document"),
    # One handler for the forms of a file's page; the action names its service (views.FILE_ACTIONS).
    path(f"{FILE}notes/", views.file_action, {"action": "score"}, name="score"),
    path(f"{FILE}conflit/", views.file_action, {"action": "conflict"}, name="conflict"),
    path(f"{FILE}entretien/", views.file_action, {"action": "interview"}, name="interview"),
    path(f"{FILE}ecarter/", views.file_action, {"action": "exclude"}, name="exclude"),
    path("<int:pk>/classement/", views.ranking, name="ranking"),
    path("<int:pk>/classement/departage/", views.tie_break, name="tie_break"),
    path("<int:pk>/listes/", views.lists_build, name="lists_build"),
    path("<int:pk>/validation/", views.validate, name="validate"),
    path("<int:pk>/proces-verbal.pdf", views.minutes, name="minutes"),
    path("mes-candidatures/", views.my_applications, name="my_applications"),
]
