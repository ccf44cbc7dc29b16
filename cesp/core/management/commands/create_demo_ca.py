"""``python manage.py create_demo_ca [--force]``: the demo's certificate authority and sealing certificate.

Writes, at the paths of ``SIGNING_CA_CERT_FILE``, ``SIGNING_CERT_FILE`` and ``SIGNING_KEY_FILE``
(``var/pki/`` by default), a root CA "CESP Démo — Autorité racine" (ten years) and the platform's sealing
certificate it issues; the CA's own key is kept next to its certificate (``ca.key.pem``). Private keys
are 0600. Re-runnable: existing files are kept unless ``--force``. Never for production, whose key
material comes from configuration (see ``docs/signature.md``).
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from cesp.core.pki import PkiFiles, create_demo_pki


class Command(BaseCommand):
    help = "Crée l'autorité de certification de démonstration et le certificat de cachet de la plateforme."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="remplace les fichiers existants (les documents déjà scellés ne seront plus reconnus)",
        )

    def handle(self, *args, force=False, **options):
        files = PkiFiles.from_settings()
        result = create_demo_pki(files, passphrase=settings.SIGNING_KEY_PASSPHRASE or None, force=force)
        if result.created:
            self.stdout.write(self.style.SUCCESS("Autorité de démonstration et certificat de cachet créés :"))
        else:
            self.stdout.write(
                "Autorité de démonstration déjà présente, fichiers conservés (--force pour la recréer) :"
            )
        self.stdout.write(f"  autorité racine : {files.ca_cert}")
        self.stdout.write(f"  certificat de cachet : {files.cert}")
        self.stdout.write(f"  clé privée du cachet (0600) : {files.key}")
