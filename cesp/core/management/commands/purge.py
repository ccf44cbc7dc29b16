"""``python manage.py purge --dry-run`` then ``python manage.py purge``: apply the retention durations.

The dry run lists, rule by rule, the identifiers of what would go and records the list's digest; the real
run purges exactly that list, and is refused when no dry run of the last hours listed the same (docs/
retention.md). ``--as-of`` sets the reference date (default: today).
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cesp.core.retention import PurgeRefused, purge_run


class Command(BaseCommand):
    help = "Supprime les données arrivées au terme de leur durée de conservation (essai à blanc d'abord)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="lister sans rien supprimer")
        parser.add_argument("--as-of", help="date de référence AAAA-MM-JJ (par défaut : aujourd'hui)")

    def handle(self, *args, dry_run=False, as_of=None, **options):
        try:
            day = date.fromisoformat(as_of) if as_of else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--as-of doit être une date AAAA-MM-JJ, pas {as_of!r}.") from exc
        try:
            run, plan = purge_run(as_of=day, dry_run=dry_run)
        except PurgeRefused as error:
            raise CommandError(str(error)) from error
        verb = "seraient supprimés" if dry_run else "supprimés"
        for entry in plan:
            self.stdout.write(f"{entry.rule.label} ({entry.rule.parameter}) : {len(entry.ids)} {verb}")
            if dry_run and entry.ids:
                shown = ", ".join(str(i) for i in entry.ids[:50])
                more = f" … et {len(entry.ids) - 50} autres" if len(entry.ids) > 50 else ""
                self.stdout.write(f"  identifiants : {shown}{more}")
        if dry_run:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Essai à blanc enregistré ({run.plan_sha256[:12]}…) : relancez sans --dry-run."
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS("Purge faite ; le journal d'audit et les chiffres anonymes restent.")
            )
