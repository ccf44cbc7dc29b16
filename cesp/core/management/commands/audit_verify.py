"""``python manage.py audit_verify``: walk the audit chain and name its first broken link.

Exit code 0 when every chained event and every signed digest checks out, 1 otherwise (the message names
the first broken link). Events not chained yet are counted, not judged: ``audit_seal`` chains them.
"""

from django.core.management.base import BaseCommand, CommandError

from cesp.core.audit import audit_verify


class Command(BaseCommand):
    help = "Vérifie la chaîne d'empreintes du journal d'audit et nomme le premier maillon rompu."

    def handle(self, *args, **options):
        report = audit_verify()
        if not report.ok:
            raise CommandError("Journal d'audit altéré. " + " ".join(report.broken))
        self.stdout.write(
            self.style.SUCCESS(
                f"Journal d'audit intact : {report.checked} événement(s) chaîné(s) vérifié(s), "
                f"{report.digests} scellé(s) valide(s), {report.erased} contenu(s) effacé(s) par la purge, "
                f"{report.pending} en attente de chaînage."
            )
        )
