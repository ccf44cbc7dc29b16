from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "cesp.selection"
    verbose_name = "Sélection"
