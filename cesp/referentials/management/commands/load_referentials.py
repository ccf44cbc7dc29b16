"""``python manage.py load_referentials [--with-zoning]``: load the shipped referential data.

Re-runnable: a second run writes nothing. ``--with-zoning`` also imports the demo zoning of
physicians, once (a file already imported, recognised by its SHA-256, is skipped).
"""

import gzip
import hashlib
import time

from django.core.management.base import BaseCommand, CommandError

from cesp.referentials.loaders import DEMO_ZONING_FILE, load_all
from cesp.referentials.models import ZoningImport
from cesp.referentials.services import zoning_import


class Command(BaseCommand):
    help = "Charge les référentiels (régions, communes, UFR, spécialités, années universitaires)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-zoning",
            action="store_true",
            help="importe aussi le zonage de démonstration des médecins (une seule fois)",
        )

    def handle(self, *args, with_zoning=False, **options):
        started = time.monotonic()
        for name, result in load_all().items():
            self.stdout.write(f"{name} : {result}")
        if with_zoning:
            self._load_demo_zoning()
        self.stdout.write(self.style.SUCCESS(f"Référentiels chargés en {time.monotonic() - started:.1f} s."))

    def _load_demo_zoning(self):
        content = gzip.decompress(DEMO_ZONING_FILE.read_bytes())
        if ZoningImport.objects.filter(sha256=hashlib.sha256(content).hexdigest()).exists():
            self.stdout.write("zonage de démonstration : déjà importé")
            return
        result = zoning_import(
            file=content,
            actor=None,
            file_name=DEMO_ZONING_FILE.name.removesuffix(".gz"),
            reason="Zonage de démonstration livré avec l'application (load_referentials --with-zoning)",
        )
        if not result.ok:
            for error in result.errors[:20]:
                self.stderr.write(str(error))
            raise CommandError(f"Zonage de démonstration refusé : {len(result.errors)} ligne(s) en erreur.")
        self.stdout.write(f"zonage de démonstration : {result.created} période(s) importée(s)")
