from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "cesp.applications"
    verbose_name = "Candidatures"
