"""``python manage.py encryption_rotate``: re-encrypt every encrypted value under the first key of
``FIELD_ENCRYPTION_KEYS``. Put the new key first, keep the old one after it, run this command, then
remove the old key (docs/encryption.md). Each value is read (any configured key opens it) and written
back (the first key seals it), in one transaction per field; a value no key opens stops the run.

Then the files of every encrypting storage (the private storage: documents, receipts, contracts,
minutes), every file it holds, named by a row or not: a file under an older key is encrypted again
under the first, a file stored before encryption (plain) is encrypted, one already under the first key
is left alone. Every file is read and checked before any is rewritten: one that no key opens stops the
run with nothing rewritten, and names it. Each rewrite replaces the file at once (renamed over it)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cesp.core.encryption import DecryptionError, encrypt_files, encrypted_fields, encrypting_storages


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
        for storage in encrypting_storages():
            where = getattr(storage, "location", type(storage).__name__)
            try:
                counts = encrypt_files(storage, storage.walk())
            except DecryptionError as error:
                raise CommandError(f"Fichiers de {where} : {error} Aucun fichier n'a été réécrit.") from error
            self.stdout.write(
                self.style.SUCCESS(
                    f"Fichiers de {where} : {counts['old']} rechiffré(s) avec la première clé, "
                    f"{counts['plain']} chiffré(s) (enregistrés avant le chiffrement), "
                    f"{counts['current']} déjà sous la première clé."
                )
            )
