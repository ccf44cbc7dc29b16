"""The project's URLs plus three that fail on purpose, for the error page tests (a real 400 and 500)."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path

from cesp.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def broken(request):
    raise RuntimeError("Panne simulée pour le test des pages d'erreur")


def suspicious(request):
    raise SuspiciousOperation("Requête douteuse simulée")


urlpatterns = [
    *urlpatterns,
    path("test-erreurs/panne/", broken),
    path("test-erreurs/douteuse/", suspicious),
]
