"""``python manage.py backup DIR``: the database and the private storage, with a manifest of digests.

See docs/backups.md for the schedule (nightly, kept 35 days, one copy off site) and the restore drill.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cesp.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Sauvegarde la base et le stockage privé dans un dossier neuf, avec le manifeste des empreintes."
    # Backups and restores are what one runs on a deployment that is not healthy (no antivirus
    # reachable, say): the system checks must not stand in their way.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("output", type=Path, help="dossier neuf où écrire la sauvegarde")

    def handle(self, *args, output, **options):
        try:
            manifest = backup_create(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde écrite dans {output} : {len(manifest['tables'])} tables, {rows} lignes, "
                f"{len(manifest['private_storage'])} fichiers privés."
            )
        )
