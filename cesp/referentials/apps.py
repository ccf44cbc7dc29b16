from django.apps import AppConfig


class ReferentialsConfig(AppConfig):
    name = "cesp.referentials"
    verbose_name = "Référentiels"
