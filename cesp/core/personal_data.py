"""Every piece of data the platform holds about a person, for them to download (RGPD art. 15 and 20).

Each app registers a collector (``register_personal_data(name, collect)``) returning its records about a
user — JSON-ready dicts — and the stored files that are theirs. ``personal_data_archive(user)`` gathers
them into one ZIP: ``donnees.json`` and ``fichiers/…``. Later apps (payments, messages) register theirs
the same way; the page (accounts) never needs to change.
"""

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone


@dataclass
class PersonalData:
    records: dict[str, list[dict]] = field(default_factory=dict)
    files: list[tuple[str, object]] = field(default_factory=list)  # (name in the archive, FieldFile)


_COLLECTORS: dict[str, Callable] = {}


def register_personal_data(name: str, collect: Callable) -> None:
    _COLLECTORS[name] = collect


def rows(queryset, *fields) -> list[dict]:
    return [dict(row) for row in queryset.values(*fields)]


def personal_data_archive(user) -> bytes:
    document = {"généré_le": timezone.now().isoformat(), "personne": user.email, "données": {}}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(_COLLECTORS):
            data = _COLLECTORS[name](user)
            document["données"][name] = data.records
            for archive_name, stored in data.files:
                if not stored:
                    continue
                try:
                    with stored.open("rb") as source:
                        archive.writestr(f"fichiers/{name}/{archive_name}", source.read())
                except OSError:
                    document["données"].setdefault("fichiers_manquants", []).append(archive_name)
        archive.writestr(
            "donnees.json", json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
        )
    return buffer.getvalue()
