from django.contrib import admin
from django.urls import include, path

from cesp.api.api import api

admin.site.site_header = "Administration de la plateforme CESP"

urlpatterns = [
    path("", include("cesp.web.urls")),
    path("compte/", include("cesp.accounts.urls")),
    path("candidatures/", include("cesp.applications.urls")),
    path("selection/", include("cesp.selection.urls")),
    path("arretes/", include("cesp.decrees.urls")),
    path("contrats/", include("cesp.contracts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "cesp.core.errors.bad_request"
handler403 = "cesp.core.errors.permission_denied"
handler404 = "cesp.core.errors.page_not_found"
handler500 = "cesp.core.errors.server_error"
