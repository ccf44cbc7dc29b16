from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "cesp.selection"
    verbose_name = "Sélection"

    def ready(self):
        from cesp.core.history import register_history
        from cesp.core.navigation import register_menu, register_tile
        from cesp.selection.models import Commission
        from cesp.selection.selectors import commission_list

        register_history(Commission, commission_list)
        register_menu(
            roles=["ufr_agent", "committee_member", "ars_referent", "asp_agent", "dgos_agent", "admin"],
            title="Commissions",
            url_name="selection:index",
            order=40,
        )
        register_tile(
            roles=["committee_member"],
            title="Ma commission de sélection",
            url_name="selection:index",
            description="Noter les dossiers, départager, établir les listes",
            order=10,
        )
        register_tile(
            roles=["ufr_agent", "ars_referent"],
            title="Commissions de sélection",
            url_name="selection:index",
            description="Membres, entretiens, classement, listes et procès-verbaux",
            order=30,
        )
        register_tile(
            roles=["asp_agent", "dgos_agent"],
            title="Listes validées",
            url_name="selection:index",
            description="Listes principales et complémentaires des commissions",
            order=30,
        )
        register_tile(
            roles=["candidate"],
            title="Suivi de mes candidatures",
            url_name="selection:my_applications",
            description="Étapes du dossier, entretien et résultat de la commission",
            order=20,
        )
        register_menu(
            roles=["candidate"], title="Suivi et résultat", url_name="selection:my_applications", order=30
        )
