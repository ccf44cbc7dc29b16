from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "cesp.web"
    verbose_name = "Pages"

    def ready(self):
        from cesp.core.navigation import register_menu, register_tile

        agents = [
            "ufr_agent",
            "committee_member",
            "ars_referent",
            "asp_agent",
            "dgos_agent",
            "cng_agent",
            "admin",
        ]
        register_menu(roles=agents, title="Zonage", url_name="web:zoning", order=80)
        register_tile(
            roles=["ars_referent"],
            title="Zonage de la région",
            url_name="web:zoning",
            description="Consulter et importer l'arrêté de zonage",
            order=30,
        )
