from django.core.management.base import BaseCommand

from cesp.web.demo import DEMO_PASSWORD, first_login_per_role, first_ranked_candidate, seed_demo

ROLE_LABELS = {
    "admin": "Administrateur de la plateforme",
    "candidate": "Candidat",
    "ufr_agent": "Agent d'UFR",
    "committee_member": "Membre de commission",
    "ars_referent": "Référent ARS",
    "asp_agent": "Agent de l'ASP",
    "dgos_agent": "Agent de la DGOS",
    "cng_agent": "Agent du CNG",
}


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent) et affiche un identifiant par rôle."

    def handle(self, *args, **options):
        logins = seed_demo()
        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes. Un compte par rôle :"))
        for login in first_login_per_role(logins):
            self.stdout.write(
                f"  {ROLE_LABELS[str(login.role)]:<34} {login.email:<48} ({login.organisation})"
            )
        self.stdout.write(f"  Mot de passe de tous les comptes de démonstration : {DEMO_PASSWORD}")
        first = first_ranked_candidate()
        if first is not None:
            self.stdout.write(
                "  Parcours du contrat : publiez avec le compte DGOS le projet d'arrêté (page Arrêtés) ;\n"
                f"  {first.email}, premier d'une liste validée, reçoit alors sa proposition à signer."
            )
        self.stdout.write("  Plateforme : http://127.0.0.1:8000/")
