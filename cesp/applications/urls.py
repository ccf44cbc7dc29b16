from django.urls import path

from cesp.applications import views

app_name = "applications"

urlpatterns = [
    # Candidates
    path("", views.my_applications, name="mine"),
    path("campagnes/<int:campaign_pk>/candidater/", views.application_start, name="start"),
    path("dossiers/<int:pk>/etape/<slug:step>/", views.application_step, name="step"),
    path("dossiers/<int:pk>/retirer/", views.application_withdraw, name="withdraw"),
    path("dossiers/<int:pk>/repondre/", views.correction_answer, name="answer"),
    path("pieces/<int:pk>/retirer/", views.document_remove, name="document_remove"),
    # Everyone who may see the file
    path("dossiers/<int:pk>/", views.application_detail, name="detail"),
    path("dossiers/<int:pk>/accuse-de-reception.pdf", views.receipt_download, name="receipt"),
    path("pieces/<int:pk>/", views.document_download, name="document"),
    # Agents
    path("campagnes/", views.campaign_index, name="campaigns"),
    path("campagnes/nouvelle/", views.campaign_create, name="campaign_create"),
    path("campagnes/<int:pk>/modifier/", views.campaign_edit, name="campaign_edit"),
    path("instruction/", views.work_queue, name="queue"),
    path("instruction/export/", views.queue_export, name="export"),
    path("dossiers/<int:pk>/complements/", views.correction_request, name="request_corrections"),
    path("dossiers/<int:pk>/decision/", views.application_decide, name="decide"),
]
