from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "cesp.applications"
    verbose_name = "Candidatures"

    def ready(self):
        from cesp.accounts.roles import INSTRUCTORS, STAFF, Role
        from cesp.applications import rgpd
        from cesp.applications.models import Application, Campaign
        from cesp.applications.selectors import application_list, campaign_list
        from cesp.core.history import register_history
        from cesp.core.navigation import register_menu, register_tile
        from cesp.core.personal_data import register_personal_data
        from cesp.core.retention import register_retention_rule

        # RGPD: retention rule and personal data export (docs/retention.md).
        register_retention_rule(rgpd.DRAFTS)
        register_personal_data("candidatures", rgpd.collect)
        register_history(Application, application_list)
        register_history(Campaign, campaign_list)
        register_menu(
            roles=[Role.CANDIDATE], title="Mes candidatures", url_name="applications:mine", order=10
        )
        register_tile(
            roles=[Role.CANDIDATE],
            title="Mes candidatures",
            url_name="applications:mine",
            description="Candidater au CESP, compléter et suivre votre dossier",
            order=10,
        )
        register_menu(roles=STAFF, title="Dossiers de candidature", url_name="applications:queue", order=20)
        register_menu(roles=STAFF, title="Campagnes", url_name="applications:campaigns", order=21)
        register_tile(
            roles=INSTRUCTORS,
            title="Dossiers à instruire",
            url_name="applications:queue",
            description="File de travail, demandes de compléments, décisions, export",
            order=20,
        )
        register_tile(
            roles=INSTRUCTORS,
            title="Campagnes de candidature",
            url_name="applications:campaigns",
            description="Dates limites de dépôt, date de commission, coefficients",
            order=21,
        )
        register_tile(
            roles=[Role.COMMITTEE_MEMBER, Role.ASP_AGENT, Role.DGOS_AGENT, Role.CNG_AGENT],
            title="Dossiers de candidature",
            url_name="applications:queue",
            description="Consulter les dossiers déposés",
            order=20,
        )
