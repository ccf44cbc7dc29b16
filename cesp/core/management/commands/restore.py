"""``python manage.py restore DIR --database-url URL --private-root PATH``: restore a backup into an empty
database and an empty folder, then check every table and file against the manifest.

Refused, with nothing changed, when the target database has tables or the folder has files. The check
runs in a fresh process pointed at the restored database (``backup_check``).
"""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cesp.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restaure une sauvegarde dans une base et un dossier vides, puis vérifie toutes les empreintes."
    # Backups and restores are what one runs on a deployment that is not healthy (no antivirus
    # reachable, say): the system checks must not stand in their way.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("input", type=Path, help="dossier de la sauvegarde")
        parser.add_argument("--database-url", required=True, help="base cible, vide")
        parser.add_argument("--private-root", required=True, type=Path, help="dossier cible, vide")

    def handle(self, *args, input, database_url, private_root, **options):
        try:
            backup_restore(input, database_url=database_url, private_root=private_root)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("Base et fichiers restaurés ; vérification des empreintes…")
        env = {**os.environ, "DATABASE_URL": database_url, "PRIVATE_STORAGE_ROOT": str(private_root)}
        result = subprocess.run(
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "backup_check", str(input)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        self.stdout.write(result.stdout.rstrip())
        if result.returncode != 0:
            raise CommandError(result.stderr.strip() or "La vérification a échoué.")
