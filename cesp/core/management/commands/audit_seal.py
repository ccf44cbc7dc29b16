"""``python manage.py audit_seal``: chain the events left unchained, then sign the chain's head.

To run daily by cron (docs/audit.md). ``--no-digest`` only chains. The digest is signed with the
platform's sealing key (``SIGNING_KEY_FILE``), so that nobody without it can rewrite the whole chain.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cesp.core.audit import audit_chain_pending, audit_digest_sign


class Command(BaseCommand):
    help = "Chaîne les événements d'audit en attente et scelle la tête de la chaîne (clé de la plateforme)."

    def add_arguments(self, parser):
        parser.add_argument("--no-digest", action="store_true", help="chaîner seulement, sans scellé")

    def handle(self, *args, no_digest=False, **options):
        chained = audit_chain_pending()
        self.stdout.write(f"{chained} événement(s) chaîné(s).")
        if no_digest:
            return
        try:
            digest = audit_digest_sign(now=timezone.now())
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Tête de la chaîne scellée au rang {digest.last_seq} ({digest.head_hash[:16]}…)."
            )
        )
