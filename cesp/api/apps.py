from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cesp.api"
    verbose_name = "API"
