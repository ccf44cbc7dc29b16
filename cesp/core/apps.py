from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cesp.core"
    verbose_name = "Socle"
