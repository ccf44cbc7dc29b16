from django.apps import AppConfig


class DecreesConfig(AppConfig):
    name = "cesp.decrees"
    verbose_name = "Arrêtés et quotas"

    def ready(self):
        from cesp.accounts.roles import STAFF, Role
        from cesp.core.history import register_history
        from cesp.core.navigation import register_menu, register_tile
        from cesp.decrees.models import Decree
        from cesp.decrees.selectors import decree_list

        register_history(Decree, decree_list)
        register_menu(roles=STAFF, title="Arrêtés", url_name="decrees:index", order=50)
        register_tile(
            roles=[Role.DGOS_AGENT],
            title="Arrêtés de répartition",
            url_name="decrees:index",
            description="Saisir, importer et publier les quotas",
            order=10,
        )
        register_tile(
            roles=[Role.UFR_AGENT, Role.ARS_REFERENT, Role.ASP_AGENT, Role.CNG_AGENT],
            title="Arrêtés publiés",
            url_name="decrees:index",
            description="Contrats offerts par UFR et par catégorie",
            order=60,
        )
