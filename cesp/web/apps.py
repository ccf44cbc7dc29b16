from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "cesp.web"
    verbose_name = "Pages"
