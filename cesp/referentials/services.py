"""Writes of referential data. The files shipped in ``data/`` are loaded by ``loaders.py``; the one
write a user makes is the import of an ARS zoning file, here. Format: ``docs/zoning-import.md``."""

import csv
import hashlib
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction

from cesp.core import bounds
from cesp.core.audit import audit_record
from cesp.referentials.models import Commune, Profession, Region, ZoneType, Zoning, ZoningImport
from cesp.rules import formatting

ZONING_HEADER = ["code_insee", "profession", "zonage", "debut", "fin", "arrete"]
DECREE_MAX_LENGTH = Zoning._meta.get_field("decree").max_length
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
BATCH_SIZE = 2000


@dataclass(frozen=True)
class ZoningRowError:
    line: int
    message: str

    def __str__(self):
        return f"Ligne {self.line} : {self.message}"


@dataclass
class ZoningImportResult:
    """What an import did: ``created`` periods and ``closed`` earlier ones, or the ``errors`` that made
    it import nothing."""

    created: int = 0
    closed: int = 0
    errors: list[ZoningRowError] = field(default_factory=list)
    zoning_import: ZoningImport | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    line: int
    commune_id: int
    profession: str
    zone_type: str
    valid_from: date
    valid_until: date | None
    decree: str


def _overlap(start_a: date, end_a: date | None, start_b: date, end_b: date | None) -> bool:
    return (end_b is None or start_a <= end_b) and (end_a is None or start_b <= end_a)


def _period(start: date, end: date | None) -> str:
    return f"du {formatting.date_short(start, 'fr')} " + (
        f"au {formatting.date_short(end, 'fr')}" if end else "sans date de fin"
    )


def _read_bytes(file) -> tuple[bytes, str]:
    if isinstance(file, bytes):
        return file, "zonage.csv"
    if isinstance(file, str | Path):
        path = Path(file)
        return path.read_bytes(), path.name
    content = file.read()
    if isinstance(content, str):
        raise TypeError("zoning_import attend un fichier ouvert en mode binaire.")
    return content, Path(getattr(file, "name", "") or "zonage.csv").name


def _decode(content: bytes) -> tuple[str | None, list[ZoningRowError]]:
    try:
        return content.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    errors = []
    for number, line in enumerate(content.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            errors.append(
                ZoningRowError(
                    number, "le fichier n'est pas encodé en UTF-8 (caractère illisible sur cette ligne)."
                )
            )
    return None, errors


def _parse_date(value: str, label: str, errors: list[str]) -> date | None:
    if not ISO_DATE.fullmatch(value):
        errors.append(f"{label} « {value} » n'est pas une date au format AAAA-MM-JJ.")
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        errors.append(f"{label} « {value} » n'est pas une date valide.")
        return None
    try:
        bounds.check_date(day, label=f"{label} « {value} »", lowest=date(bounds.ZONING_EARLIEST_YEAR, 1, 1))
    except ValueError as error:
        errors.append(str(error))
        return None
    return day


def _parse(text: str, communes: dict[str, int]) -> tuple[list[_Row], list[ZoningRowError]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    errors: list[ZoningRowError] = []
    header = next(reader, None)
    if header is None:
        return [], [ZoningRowError(1, "le fichier est vide.")]
    if [name.strip().lower() for name in header] != ZONING_HEADER:
        message = f"l'en-tête doit être « {','.join(ZONING_HEADER)} » (trouvé : « {','.join(header)} »)."
        if len(header) == 1 and ";" in header[0]:
            message += (
                " Le séparateur doit être la virgule, pas le point-virgule : enregistrez le fichier"
                " au format « CSV UTF-8 (délimité par des virgules) »."
            )
        return [], [ZoningRowError(1, message)]
    rows: list[_Row] = []
    professions = {p.value for p in Profession}
    zone_types = {z.value for z in ZoneType}
    line = reader.line_num + 1
    for values in reader:
        start_line, line = line, reader.line_num + 1
        if not values or all(not v.strip() for v in values):
            continue  # blank line
        if len(values) != len(ZONING_HEADER):
            errors.append(
                ZoningRowError(
                    start_line,
                    f"{len(values)} colonnes au lieu de {len(ZONING_HEADER)} (séparateur : virgule).",
                )
            )
            continue
        insee, profession, zone, start, end, decree = (v.strip() for v in values)
        problems: list[str] = []
        commune_id = communes.get(insee)
        if commune_id is None:
            problems.append(f"commune inconnue : code INSEE « {insee} ».")
        profession = profession.lower()
        if profession not in professions:
            problems.append(
                f"profession inconnue « {profession} » (attendu : {', '.join(sorted(professions))})."
            )
        zone = zone.upper()
        if zone not in zone_types:
            problems.append(f"zonage inconnu « {zone} » (attendu : ZIP ou ZAC).")
        valid_from = _parse_date(start, "la date de début", problems)
        valid_until = _parse_date(end, "la date de fin", problems) if end else None
        if valid_from and valid_until and valid_until < valid_from:
            problems.append(f"la date de fin ({end}) précède la date de début ({start}).")
        if not decree:
            problems.append("l'arrêté (colonne « arrete ») est obligatoire.")
        elif len(decree) > DECREE_MAX_LENGTH:
            problems.append(f"l'arrêté dépasse {DECREE_MAX_LENGTH} caractères.")
        if problems:
            errors.extend(ZoningRowError(start_line, problem) for problem in problems)
            continue
        rows.append(_Row(start_line, commune_id, profession, zone, valid_from, valid_until, decree))
    return rows, errors


def _check_overlaps(
    rows: list[_Row], existing: dict[tuple[int, str], list[Zoning]], close_previous: bool
) -> tuple[list[ZoningRowError], list[Zoning]]:
    """Rows that overlap another row of the file or a period already recorded; periods to close."""
    errors: list[ZoningRowError] = []
    seen: dict[tuple[int, str], list[_Row]] = defaultdict(list)
    close_on: dict[int, date] = {}  # pk of an open period -> first day of the row that replaces it
    zonings: dict[int, Zoning] = {}
    for row in rows:
        key = (row.commune_id, row.profession)
        for other in seen[key]:
            if _overlap(row.valid_from, row.valid_until, other.valid_from, other.valid_until):
                same = (other.valid_from, other.valid_until) == (row.valid_from, row.valid_until)
                what = "doublon de" if same else "chevauche"
                period = _period(other.valid_from, other.valid_until)
                errors.append(
                    ZoningRowError(
                        row.line, f"{what} la ligne {other.line} (même commune et même profession, {period})."
                    )
                )
                break
        seen[key].append(row)
        for zoning in existing.get(key, ()):
            if not _overlap(row.valid_from, row.valid_until, zoning.valid_from, zoning.valid_until):
                continue
            if close_previous and zoning.valid_until is None and zoning.valid_from < row.valid_from:
                close_on[zoning.pk] = min(row.valid_from, close_on.get(zoning.pk, row.valid_from))
                zonings[zoning.pk] = zoning
                continue
            errors.append(
                ZoningRowError(
                    row.line,
                    f"chevauche le zonage déjà enregistré pour cette commune et cette profession "
                    f"({zoning.get_zone_type_display()}, {_period(zoning.valid_from, zoning.valid_until)}, "
                    f"« {zoning.decree} »).",
                )
            )
    for pk, first_day in close_on.items():
        zonings[pk].valid_until = first_day - timedelta(days=1)
    return errors, list(zonings.values())


def zoning_import(
    *,
    file,
    actor,
    file_name: str | None = None,
    reason: str = "",
    close_previous: bool = False,
    region_ids: set[int] | None = None,
) -> ZoningImportResult:
    """Import a zoning CSV file, all or nothing.

    ``file`` is a binary file object (an upload), a path or bytes. When a row is bad, nothing is
    written and the result lists every bad row with its line number and a message in French.
    With ``close_previous``, a period still open (no end) that begins before a row of the file is
    closed the day before that row begins, instead of being reported as an overlap: this is how a
    new ARS decree replaces the previous one. With ``region_ids`` (an ARS importing its own decree),
    a commune outside those regions is a bad row.
    """
    content, default_name = _read_bytes(file)
    file_name = file_name or default_name
    text, errors = _decode(content)
    if errors:
        return ZoningImportResult(errors=errors)

    with transaction.atomic():
        communes = dict(Commune.objects.values_list("insee_code", "pk"))
        rows, errors = _parse(text, communes)
        if not rows:
            return ZoningImportResult(
                errors=errors or [ZoningRowError(2, "le fichier ne contient aucune ligne de zonage.")]
            )

        # Serialise concurrent imports touching the same regions (a no-op on SQLite, whose
        # IMMEDIATE transactions already serialise writers), then read what is recorded.
        commune_ids = {row.commune_id for row in rows}
        region_of = dict(Commune.objects.filter(pk__in=commune_ids).values_list("pk", "region_id"))
        if region_ids is not None:
            errors += [
                ZoningRowError(row.line, "cette commune n'est pas dans la région de votre ARS.")
                for row in rows
                if region_of[row.commune_id] not in region_ids
            ]
        touched = set(region_of.values())
        list(Region.objects.select_for_update().filter(pk__in=touched).order_by("pk").values_list("pk"))
        existing: dict[tuple[int, str], list[Zoning]] = defaultdict(list)
        professions = {row.profession for row in rows}
        for zoning in Zoning.objects.filter(profession__in=professions).only(
            "pk", "commune_id", "profession", "zone_type", "valid_from", "valid_until", "decree"
        ):
            if zoning.commune_id in commune_ids:
                existing[(zoning.commune_id, zoning.profession)].append(zoning)
        overlaps, to_close = _check_overlaps(rows, existing, close_previous)
        errors += overlaps
        if errors:
            return ZoningImportResult(errors=sorted(errors, key=lambda e: e.line))

        record = ZoningImport.objects.create(
            file_name=file_name[:255],
            sha256=hashlib.sha256(content).hexdigest(),
            imported_by=actor if actor is not None and actor.is_authenticated else None,
            row_count=len(rows),
            closed_count=len(to_close),
        )
        if to_close:
            Zoning.objects.bulk_update(to_close, ["valid_until"], batch_size=BATCH_SIZE)
        Zoning.objects.bulk_create(
            [
                Zoning(
                    commune_id=row.commune_id,
                    profession=row.profession,
                    zone_type=row.zone_type,
                    valid_from=row.valid_from,
                    valid_until=row.valid_until,
                    decree=row.decree,
                    zoning_import=record,
                )
                for row in rows
            ],
            batch_size=BATCH_SIZE,
        )
        audit_record(
            actor=actor,
            action="zoning.import",
            obj=record,
            changes={
                "file_name": record.file_name,
                "sha256": record.sha256,
                "created": len(rows),
                "closed": len(to_close),
                "professions": sorted(professions),
                "communes": len(commune_ids),
            },
            reason=reason,
        )
    return ZoningImportResult(created=len(rows), closed=len(to_close), zoning_import=record)
