"""``python manage.py encryption_rotate``: re-encrypt every encrypted value under the first key of
``FIELD_ENCRYPTION_KEYS``. Put the new key first, keep the old one after it, run this command, then
remove the old key (docs/encryption.md). Each value is read (any configured key opens it) and written
back (the first key seals it), in one transaction per field; a value no key opens stops the run."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cesp.core.encryption import DecryptionError, encrypted_fields


class Command(BaseCommand):
    help = "Rechiffre toutes les valeurs chiffrées avec la première clé de FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        total = 0
        for model, field in encrypted_fields():
            count = 0
            try:
                with transaction.atomic():
                    # Keyset pages of 500 rows, not a server-side cursor: a value no key opens raises
                    # while a page is read, and leaves no half-consumed cursor behind.
                    last = None
                    while True:
                        rows = model._base_manager.select_for_update().order_by("pk")
                        if last is not None:
                            rows = rows.filter(pk__gt=last)
                        page = list(rows.values_list("pk", field.attname)[:500])
                        if not page:
                            break
                        for pk, clear in page:
                            if clear:
                                model._base_manager.filter(pk=pk).update(**{field.attname: clear})
                                count += 1
                        last = page[-1][0]
            except DecryptionError as error:
                raise CommandError(
                    f"{model._meta.label}.{field.name} : {error} Rien n'a été modifié."
                ) from error
            self.stdout.write(f"{model._meta.label}.{field.name} : {count} valeur(s) rechiffrée(s).")
            total += count
        self.stdout.write(self.style.SUCCESS(f"{total} valeur(s) rechiffrée(s) avec la première clé."))
