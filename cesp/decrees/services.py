"""Writes on decrees: one function per use case, in a transaction, audited.

Every change asks the decree's workflow (workflows.py) first: ``role`` is the role the actor acts in
(the request's ``scope.role``; by default ``cesp.accounts.roles.acting_role``). A refusal is a
``DecreeError`` with the table's French message, and changes nothing."""

import csv
import hashlib
import io
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cesp.accounts.roles import acting_role
from cesp.core import bounds
from cesp.core.audit import audit_record
from cesp.decrees.models import Category, Decree, DecreeKind, QuotaLine
from cesp.decrees.signals import decree_published
from cesp.decrees.workflows import DECREE_WORKFLOW
from cesp.referentials.models import AcademicYear, Discipline, Faculty, Region
from cesp.referentials.selectors import faculties_for_label

CSV_HEADER = ["ufr", "region", "discipline", "categorie", "nombre"]
MAX_IMPORT_BYTES = 2 * 1024 * 1024


class DecreeError(ValueError):
    """A refused operation on a decree, with a French message."""


@dataclass
class ImportResult:
    lines: int = 0
    total: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _check_dates(academic_year: AcademicYear, **dates: date | None) -> None:
    """A decree's dates lie from the academic year before its own to the one after (cesp.core.bounds)."""
    lowest, highest = bounds.academic_window(
        academic_year, before=bounds.DECREE_YEARS_BEFORE, after=bounds.DECREE_YEARS_AFTER
    )
    for label, value in dates.items():
        bounds.check_date(
            value,
            label=f"{label} (arrêté de l'année {academic_year})",
            lowest=lowest,
            highest=highest,
            error=DecreeError,
        )


def _move(decree: Decree, *, event: str, actor, role: str | None) -> str:
    """The decree's state after ``event``, or ``DecreeError`` when its workflow has no such row."""
    return DECREE_WORKFLOW.move(
        state=decree.status,
        event=event,
        actor=acting_role(actor, role),
        raises=DecreeError,
    )


def _editable(decree: Decree, *, actor, role: str | None) -> None:
    _move(decree, event="edit", actor=actor, role=role)


@transaction.atomic
def decree_create(
    *,
    actor,
    kind: str,
    academic_year: AcademicYear,
    title: str,
    signed_on: date,
    effective_on: date,
    nor: str = "",
    published_on: date | None = None,
    source_url: str = "",
) -> Decree:
    _check_dates(
        academic_year,
        **{"Date de l'arrêté": signed_on, "Date d'effet": effective_on, "Date de publication": published_on},
    )
    if effective_on < signed_on:
        raise DecreeError("La date d'effet ne peut pas précéder la date de l'arrêté.")
    bounds.check_text(title, limit=bounds.SHORT_TEXT, label="Intitulé", error=DecreeError)
    if published_on is not None and published_on < signed_on:
        raise DecreeError("La publication ne peut pas précéder la date de l'arrêté.")
    decree = Decree(
        kind=kind,
        academic_year=academic_year,
        title=title,
        nor=nor,
        signed_on=signed_on,
        published_on=published_on,
        effective_on=effective_on,
        source_url=source_url,
        created_by=actor,
    )
    try:
        decree.full_clean()
    except ValidationError as error:
        raise DecreeError(" ".join(error.messages)) from error
    decree.save()
    audit_record(actor=actor, action="decree.create", obj=decree, changes={"title": title, "kind": kind})
    return decree


def _check_line(
    *, kind: str, faculty: Faculty | None, region: Region | None, discipline: str, category: str, count: int
):
    if category == Category.PADHUE:
        if faculty is not None or region is None:
            raise DecreeError("Les contrats PADHUE sont fixés par région (ARS), sans UFR.")
        if discipline not in (Discipline.MEDICINE, Discipline.ODONTOLOGY):
            raise DecreeError("Les contrats PADHUE ne concernent que la médecine et l'odontologie.")
    else:
        if faculty is None:
            raise DecreeError("Une ligne hors PADHUE désigne une UFR.")
        if faculty.discipline != discipline:
            raise DecreeError(
                f"L'UFR « {faculty} » forme en {faculty.get_discipline_display().lower()}, pas en "
                f"{Discipline(discipline).label.lower()}."
            )
    if kind == DecreeKind.ANNUAL and count < 0:
        raise DecreeError(
            "Un arrêté annuel fixe des nombres positifs ; les retraits passent par une redistribution."
        )
    if count == 0 and kind == DecreeKind.REDISTRIBUTION:
        raise DecreeError("Une ligne de redistribution déplace au moins un contrat (nombre non nul).")


@transaction.atomic
def quota_line_set(
    *,
    actor,
    decree: Decree,
    faculty: Faculty | None,
    region: Region | None,
    discipline: str,
    category: str,
    count: int,
    role: str | None = None,
) -> QuotaLine:
    """Set one line of a draft decree (creates or replaces it)."""
    decree = Decree.objects.select_for_update().get(pk=decree.pk)
    _editable(decree, actor=actor, role=role)
    if faculty is not None:
        region = faculty.region
    _check_line(
        kind=decree.kind,
        faculty=faculty,
        region=region,
        discipline=discipline,
        category=category,
        count=count,
    )
    line, created = QuotaLine.objects.update_or_create(
        decree=decree,
        faculty=faculty,
        region=region,
        discipline=discipline,
        category=category,
        defaults={"count": count},
    )
    audit_record(
        actor=actor,
        action="decree.line_set",
        obj=decree,
        changes={"line": str(line), "count": count, "created": created},
    )
    return line


@transaction.atomic
def quota_line_delete(*, actor, line: QuotaLine, role: str | None = None) -> None:
    decree = Decree.objects.select_for_update().get(pk=line.decree_id)
    _editable(decree, actor=actor, role=role)
    description = str(line)
    line.delete()
    audit_record(actor=actor, action="decree.line_delete", obj=decree, changes={"line": description})


def _resolve_faculty(text: str, discipline: str) -> Faculty:
    by_code = Faculty.objects.filter(code=text).select_related("region").first()
    if by_code is not None:
        return by_code
    matches = faculties_for_label(label=text, discipline=discipline)
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise DecreeError(f"UFR inconnue : « {text} » (ni un code d'UFR, ni un libellé connu des arrêtés).")
    codes = " ou ".join(f.code for f in matches)
    raise DecreeError(f"Le libellé « {text} » désigne plusieurs UFR : indiquez le code ({codes}).")


def decree_import_csv(
    *, actor, decree: Decree, file, reason: str = "", role: str | None = None
) -> ImportResult:
    """Replace the lines of a draft decree by those of a CSV file, all or nothing.

    Format (docs/decrees.md): UTF-8, comma-separated, header ``ufr,region,discipline,categorie,nombre``.
    Any bad line imports nothing; each is reported with its line number.
    """
    raw = file.read(MAX_IMPORT_BYTES + 1)
    result = ImportResult()
    if len(reason or "") > bounds.SHORT_TEXT:
        result.errors.append((0, f"Motif : {bounds.SHORT_TEXT} caractères au plus."))
        return result
    if len(raw) > MAX_IMPORT_BYTES:
        result.errors.append((0, "Le fichier dépasse 2 Mo : ce n'est pas un arrêté de quotas."))
        return result
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append((0, "Le fichier doit être encodé en UTF-8."))
        return result
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        result.errors.append((1, "Le fichier est vide."))
        return result
    if [h.strip().lower() for h in header] != CSV_HEADER:
        hint = (
            " (séparateur point-virgule : enregistrez le fichier avec des virgules)"
            if ";" in ",".join(header)
            else ""
        )
        result.errors.append((1, f"En-tête attendu : {','.join(CSV_HEADER)}{hint}."))
        return result

    parsed, seen = [], {}
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(CSV_HEADER):
            result.errors.append((number, f"{len(row)} colonnes au lieu de {len(CSV_HEADER)}."))
            continue
        ufr, region_code, discipline, category, count_text = (cell.strip() for cell in row)
        try:
            if discipline not in Discipline.values:
                raise DecreeError(f"Discipline inconnue : « {discipline} » ({', '.join(Discipline.values)}).")
            if category not in Category.values:
                raise DecreeError(f"Catégorie inconnue : « {category} » ({', '.join(Category.values)}).")
            try:
                count = int(count_text)
            except ValueError:
                raise DecreeError(f"Nombre de contrats invalide : « {count_text} ».") from None
            faculty = _resolve_faculty(ufr, discipline) if ufr else None
            region = faculty.region if faculty else Region.objects.filter(code=region_code).first()
            if faculty is None and region is None:
                raise DecreeError(f"Région inconnue : « {region_code} » (code INSEE de la région attendu).")
            _check_line(
                kind=decree.kind,
                faculty=faculty,
                region=region,
                discipline=discipline,
                category=category,
                count=count,
            )
            key = (faculty.pk if faculty else None, region.pk, discipline, category)
            if key in seen:
                raise DecreeError(f"Même UFR, discipline et catégorie que la ligne {seen[key]}.")
            seen[key] = number
            parsed.append(
                QuotaLine(
                    faculty=faculty, region=region, discipline=discipline, category=category, count=count
                )
            )
        except DecreeError as error:
            result.errors.append((number, str(error)))
    if not parsed and not result.errors:
        result.errors.append((2, "Le fichier ne contient aucune ligne."))
    if result.errors:
        return result

    with transaction.atomic():
        locked = Decree.objects.select_for_update().get(pk=decree.pk)
        _editable(locked, actor=actor, role=role)
        locked.lines.all().delete()
        for line in parsed:
            line.decree = locked
        QuotaLine.objects.bulk_create(parsed)
        result.lines, result.total = len(parsed), sum(line.count for line in parsed)
        audit_record(
            actor=actor,
            action="decree.import",
            obj=locked,
            changes={
                "lines": result.lines,
                "total": result.total,
                "file_sha256": hashlib.sha256(raw).hexdigest(),
                "file_name": getattr(file, "name", ""),
            },
            reason=reason,
        )
    return result


@transaction.atomic
def decree_publish(
    *, actor, decree: Decree, published_on: date, reason: str = "", role: str | None = None
) -> Decree:
    """Publish a draft: it becomes visible to all, binding, and offers may go out (signal on commit)."""
    bounds.check_text(reason, limit=bounds.SHORT_TEXT, label="Commentaire", error=DecreeError)
    decree = Decree.objects.select_for_update().get(pk=decree.pk)
    published = _move(decree, event="publish", actor=actor, role=role)
    if not decree.lines.exists():
        raise DecreeError("Un arrêté sans aucune ligne de quota ne peut pas être publié.")
    _check_dates(decree.academic_year, **{"Date de publication": published_on})
    if published_on < decree.signed_on:
        raise DecreeError("La publication ne peut pas précéder la date de l'arrêté.")
    decree.status = published
    decree.published_on = published_on
    if decree.kind == DecreeKind.ANNUAL:
        decree.effective_on = published_on
    decree.published_by = actor
    decree.published_at = timezone.now()
    try:
        decree.full_clean()
    except ValidationError as error:
        raise DecreeError(" ".join(error.messages)) from error
    decree.save()
    audit_record(
        actor=actor,
        action="decree.publish",
        obj=decree,
        changes={"published_on": published_on.isoformat(), "effective_on": decree.effective_on.isoformat()},
        reason=reason,
    )
    transaction.on_commit(lambda: decree_published.send(sender=Decree, decree=decree))
    return decree
