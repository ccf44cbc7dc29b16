from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "cesp.web"
    verbose_name = "Pages"

    def ready(self):
        from cesp.accounts.roles import STAFF, Role
        from cesp.core.navigation import register_menu, register_tile

        register_menu(roles=STAFF, title="Zonage", url_name="web:zoning", order=80)
        register_tile(
            roles=[Role.ARS_REFERENT],
            title="Zonage de la région",
            url_name="web:zoning",
            description="Consulter et importer l'arrêté de zonage",
            order=30,
        )
