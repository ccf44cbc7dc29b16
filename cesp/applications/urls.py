from django.urls import path

from cesp.applications.views import campaigns, candidates, files, instruction, steps

app_name = "applications"

urlpatterns = [
    # Candidates
    path("", candidates.my_applications, name="mine"),
    path("campagnes/<int:campaign_pk>/candidater/", candidates.application_start, name="start"),
    path("dossiers/<int:pk>/etape/<slug:step>/", steps.application_step, name="step"),
    path("dossiers/<int:pk>/retirer/", candidates.application_withdraw, name="withdraw"),
    path("dossiers/<int:pk>/repondre/", candidates.correction_answer, name="answer"),
    path("pieces/<int:pk>/retirer/", candidates.document_remove, name="document_remove"),
    # Everyone who may see the file
    path("dossiers/<int:pk>/", files.application_detail, name="detail"),
    path("dossiers/<int:pk>/accuse-de-reception.pdf", files.receipt_download, name="receipt"),
    path("pieces/<int:pk>/", files.document_download, name="document"),
    # Agents
    path("campagnes/", campaigns.campaign_index, name="campaigns"),
    path("campagnes/nouvelle/", campaigns.campaign_create, name="campaign_create"),
    path("campagnes/<int:pk>/modifier/", campaigns.campaign_edit, name="campaign_edit"),
    path("instruction/", instruction.work_queue, name="queue"),
    path("instruction/export/", instruction.queue_export, name="export"),
    path("dossiers/<int:pk>/complements/", instruction.correction_request, name="request_corrections"),
    path("dossiers/<int:pk>/decision/", instruction.application_decide, name="decide"),
]
