from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "cesp.contracts"
    verbose_name = "Contrats"

    def ready(self):
        from cesp.accounts.roles import SIGNED_IN, Role
        from cesp.applications.eligibility import register_contracts_held
        from cesp.contracts import rgpd
        from cesp.contracts.models import Contract, Offer
        from cesp.contracts.selectors import contract_list, contract_numbers_in_force, offer_list
        from cesp.core.history import register_history
        from cesp.core.navigation import register_menu, register_tile
        from cesp.core.personal_data import register_personal_data
        from cesp.core.retention import register_retention_rule
        from cesp.decrees.signals import decree_published
        from cesp.selection.signals import lists_validated

        # RGPD: retention rule and personal data export (docs/retention.md).
        register_retention_rule(rgpd.NOT_RETAINED_DOCUMENTS)
        register_personal_data("contrats", rgpd.collect)
        register_history(Offer, offer_list)
        register_history(Contract, contract_list)
        register_contracts_held(contract_numbers_in_force)  # no cumulation, asked by the applications
        decree_published.connect(_dispatch_offers, dispatch_uid="contracts.dispatch_on_publication")
        lists_validated.connect(_dispatch_after_lists, dispatch_uid="contracts.dispatch_on_lists")
        register_menu(roles=SIGNED_IN, title="Contrats", url_name="contracts:index", order=60)
        register_tile(
            roles=[Role.CANDIDATE],
            title="Mes propositions et contrats",
            url_name="contracts:index",
            description="Signer, télécharger, coordonnées bancaires",
            order=20,
        )
        register_tile(
            roles=[Role.ASP_AGENT, Role.UFR_AGENT, Role.ARS_REFERENT, Role.DGOS_AGENT, Role.CNG_AGENT],
            title="Propositions et contrats",
            url_name="contracts:index",
            description="Offres en cours, contrats signés",
            order=20,
        )


def _dispatch_offers(sender, decree, **kwargs):
    """A published decree opens offers where quota appears (yearly decree or redistribution)."""
    from django.utils import timezone

    from cesp.contracts.offers import offers_dispatch_for_decree

    offers_dispatch_for_decree(decree=decree, now=timezone.now())


def _dispatch_after_lists(sender, commission, **kwargs):
    """Lists validated after the decree's publication: offer the contracts already available."""
    from django.utils import timezone

    from cesp.contracts.offers import offers_dispatch_for_campaign

    offers_dispatch_for_campaign(campaign=commission.campaign, now=timezone.now())
