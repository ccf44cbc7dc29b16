from django.apps import AppConfig


class DecreesConfig(AppConfig):
    name = "cesp.decrees"
    verbose_name = "Arrêtés et quotas"
