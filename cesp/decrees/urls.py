from django.urls import path

from cesp.decrees import views

app_name = "decrees"

urlpatterns = [
    path("", views.decree_index, name="index"),
    path("nouveau/", views.decree_create, name="create"),
    path("<int:pk>/", views.decree_detail, name="detail"),
    path("<int:pk>/lignes/", views.line_add, name="line_add"),
    path("<int:pk>/lignes/<int:line_pk>/supprimer/", views.line_delete, name="line_delete"),
    path("<int:pk>/import/", views.decree_import, name="import"),
    path("<int:pk>/publier/", views.decree_publish, name="publish"),
]
