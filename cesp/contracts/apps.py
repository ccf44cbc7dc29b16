from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "cesp.contracts"
    verbose_name = "Contrats"
