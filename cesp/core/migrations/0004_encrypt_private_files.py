"""Files stored before the private storage encrypted them (docs/encryption.md): every file a row names,
in every file field whose storage encrypts, is encrypted in place under the first key. Files no row
names are left to ``manage.py encryption_rotate``, which walks the whole storage."""

from django.db import migrations
from django.db.models import FileField


def encrypt_stored_files(apps, schema_editor):
    from cesp.core.encryption import encrypt_files

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, FileField) or not getattr(field.storage, "encrypts_at_rest", False):
                continue
            names = (
                model._base_manager.using(schema_editor.connection.alias)
                .exclude(**{field.attname: ""})
                .values_list(field.attname, flat=True)
            )
            encrypt_files(field.storage, sorted({name for name in names if name}))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_purge_run"),
        ("applications", "0004_scan_status_unscanned_demo"),
        ("contracts", "0003_encrypt_iban"),
        ("selection", "0001_initial"),
    ]

    operations = [migrations.RunPython(encrypt_stored_files, migrations.RunPython.noop)]
