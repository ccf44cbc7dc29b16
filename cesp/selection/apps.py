from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "cesp.selection"
    verbose_name = "Sélection"

    def ready(self):
        from cesp.accounts.roles import Role
        from cesp.applications.selectors import register_examined_files
        from cesp.core.history import register_history
        from cesp.core.navigation import register_menu, register_tile
        from cesp.selection.models import Commission
        from cesp.selection.selectors import commission_list, files_examined_by

        register_history(Commission, commission_list)
        # What a committee member reads of the applications pages (queue, export, files, documents).
        register_examined_files(files_examined_by)
        register_menu(
            roles=[
                Role.UFR_AGENT,
                Role.COMMITTEE_MEMBER,
                Role.ARS_REFERENT,
                Role.ASP_AGENT,
                Role.DGOS_AGENT,
                Role.ADMIN,
            ],
            title="Commissions",
            url_name="selection:index",
            order=40,
        )
        register_tile(
            roles=[Role.COMMITTEE_MEMBER],
            title="Ma commission de sélection",
            url_name="selection:index",
            description="Noter les dossiers, départager, établir les listes",
            order=10,
        )
        register_tile(
            roles=[Role.UFR_AGENT, Role.ARS_REFERENT],
            title="Commissions de sélection",
            url_name="selection:index",
            description="Membres, entretiens, classement, listes et procès-verbaux",
            order=30,
        )
        register_tile(
            roles=[Role.ASP_AGENT, Role.DGOS_AGENT],
            title="Listes validées",
            url_name="selection:index",
            description="Listes principales et complémentaires des commissions",
            order=30,
        )
        register_tile(
            roles=[Role.CANDIDATE],
            title="Suivi de mes candidatures",
            url_name="selection:my_applications",
            description="Étapes du dossier, entretien et résultat de la commission",
            order=20,
        )
        register_menu(
            roles=[Role.CANDIDATE], title="Suivi et résultat", url_name="selection:my_applications", order=30
        )
