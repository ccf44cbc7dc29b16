"""``python manage.py demo_totp [EMAIL]``: the current second-factor code of the demo's agents.

The demo seeds its agents' TOTP devices from known secrets (cesp/accounts/demo.py). This command prints
the code their authenticator app would show now, for every demo agent or for one. It refuses any account
whose device was not seeded that way: a real account's secret is never printed.
"""

from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from cesp.accounts.second_factor import current_code, is_demo_device


class Command(BaseCommand):
    help = "Affiche le code de second facteur actuel des comptes agents de démonstration."

    def add_arguments(self, parser):
        parser.add_argument("email", nargs="?", help="un seul compte (par défaut : tous les agents de démo)")

    def handle(self, *args, email=None, **options):
        devices = TOTPDevice.objects.filter(confirmed=True).select_related("user").order_by("user__email")
        if email:
            devices = devices.filter(user__email__iexact=email)
        demo = [device for device in devices if is_demo_device(device)]
        if email and not demo:
            raise CommandError(
                f"{email} n'est pas un compte de démonstration doté d'un second facteur connu."
            )
        for device in demo:
            self.stdout.write(f"{device.user.email} : {current_code(device)}")
        self.stdout.write("Ces codes changent toutes les 30 secondes ; relancez la commande au besoin.")
