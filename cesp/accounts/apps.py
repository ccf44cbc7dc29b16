from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cesp.accounts"
    verbose_name = "Comptes et organisations"

    def ready(self):
        from cesp.accounts import rgpd
        from cesp.accounts.models import Organisation, User
        from cesp.accounts.selectors import organisation_list, user_list
        from cesp.core.history import register_history
        from cesp.core.personal_data import register_personal_data

        register_history(Organisation, organisation_list)
        register_history(User, user_list)
        register_personal_data("compte", rgpd.collect)

        from django.contrib.auth.signals import user_logged_in

        from cesp.accounts.second_factor import set_session_lifetime

        user_logged_in.connect(set_session_lifetime, dispatch_uid="accounts.session_lifetime")
