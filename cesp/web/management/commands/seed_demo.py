from django.core.management.base import BaseCommand

from cesp.accounts.roles import Role
from cesp.web.demo import DEMO_PASSWORD, first_login_per_role, first_ranked_candidate, seed_demo


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent) et affiche un identifiant par rôle."

    def handle(self, *args, **options):
        logins = seed_demo()
        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes. Un compte par rôle :"))
        for login in first_login_per_role(logins):
            self.stdout.write(f"  {Role(login.role).label:<34} {login.email:<48} ({login.organisation})")
        self.stdout.write(f"  Mot de passe de tous les comptes de démonstration : {DEMO_PASSWORD}")
        self.stdout.write(
            "  Les agents et l'administrateur passent un second facteur (code à 6 chiffres) : la page de\n"
            "  vérification l'affiche en démonstration, et « .venv/bin/python manage.py demo_totp » le donne."
        )
        first = first_ranked_candidate()
        if first is not None:
            self.stdout.write(
                "  Parcours du contrat : publiez avec le compte DGOS le projet d'arrêté (page Arrêtés) ;\n"
                f"  {first.email}, premier d'une liste validée, reçoit alors sa proposition à signer."
            )
        self.stdout.write("  Plateforme : http://127.0.0.1:8000/")
