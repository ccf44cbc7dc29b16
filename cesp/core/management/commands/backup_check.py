"""``python manage.py backup_check DIR``: compare the database and private storage the settings point at
with a backup's manifest (row counts and digests of every table, digest of every file)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cesp.core.backup import BackupError, backup_check


class Command(BaseCommand):
    help = "Vérifie la base et le stockage privé actuels contre le manifeste d'une sauvegarde."
    # Backups and restores are what one runs on a deployment that is not healthy (no antivirus
    # reachable, say): the system checks must not stand in their way.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("input", type=Path, help="dossier de la sauvegarde")

    def handle(self, *args, input, **options):
        try:
            report = backup_check(input)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if not report.ok:
            raise CommandError("Différences avec la sauvegarde : " + " ; ".join(report.differences[:20]))
        self.stdout.write(
            self.style.SUCCESS(
                f"Identique à la sauvegarde : {report.tables} tables, {report.rows} lignes, "
                f"{report.files} fichiers."
            )
        )
