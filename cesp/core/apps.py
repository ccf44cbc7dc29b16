from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cesp.core"
    verbose_name = "Socle"

    def ready(self):
        from cesp.core import checks  # noqa: F401 - registers the system checks
