from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cesp.accounts"
    verbose_name = "Comptes et organisations"

    def ready(self):
        from cesp.accounts.models import Organisation, User
        from cesp.accounts.selectors import organisation_list, user_list
        from cesp.core.history import register_history

        register_history(Organisation, organisation_list)
        register_history(User, user_list)
