"""Export of the filtered work queue as CSV or XLSX, with the columns the agent ticks.

Rows are read in chunks with their joins (constant queries per chunk). Text cells that a spreadsheet
would read as a formula (``=``, ``+``, ``-``, ``@`` first) are prefixed with an apostrophe.
"""

import csv
import io

from django.utils import timezone

from cesp.rules import formatting


def _when(value):
    return formatting.datetime_short(timezone.localtime(value), "fr") if value else ""


def _yes(value) -> str:
    return "oui" if value else "non"


COLUMNS = {
    "reference": ("N° de dossier", lambda a: a.reference),
    "last_name": ("Nom", lambda a: a.candidate.last_name),
    "first_name": ("Prénom", lambda a: a.candidate.first_name),
    "email": ("E-mail", lambda a: a.candidate.email),
    "campaign": ("Campagne", lambda a: str(a.campaign)),
    "discipline": ("Discipline", lambda a: a.campaign.get_discipline_display()),
    "status_at_signature": ("Situation", lambda a: a.get_status_at_signature_display()),
    "cycle": ("Cycle", lambda a: a.get_cycle_display() if a.cycle else ""),
    "current_year": ("Année d'études", lambda a: a.current_year or ""),
    "national_exam_rank": ("Rang ECN/EDN", lambda a: a.national_exam_rank or ""),
    "status": ("État", lambda a: a.get_status_display()),
    "submitted_at": ("Déposé le", lambda a: _when(a.submitted_at)),
    "practice_mode": ("Mode d'exercice", lambda a: a.get_practice_mode_display()),
    "intended_region": ("Région envisagée", lambda a: str(a.intended_region or "")),
    "intended_place": ("Lieu envisagé", lambda a: a.intended_place),
    "target_specialty": ("Spécialité visée", lambda a: str(a.target_specialty or "")),
    "has_scholarship": ("Boursier", lambda a: _yes(a.has_scholarship)),
    "scholarship_level": ("Échelon", lambda a: a.scholarship_level),
    "dependants": ("Personnes à charge", lambda a: a.dependants),
    "has_student_job": ("Emploi étudiant", lambda a: _yes(a.has_student_job)),
    "student_job_hours": ("Heures par semaine", lambda a: a.student_job_hours or ""),
    "decision_reason": ("Motif de la décision", lambda a: a.decision_reason),
}
DEFAULT_COLUMNS = [
    "reference",
    "last_name",
    "first_name",
    "email",
    "status_at_signature",
    "status",
    "submitted_at",
]


def _safe(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def rows(applications, columns):
    queryset = applications.select_related("intended_region", "target_specialty")
    getters = [COLUMNS[c][1] for c in columns]
    for application in queryset.iterator(chunk_size=2000):
        yield [_safe(getter(application)) for getter in getters]


def header(columns):
    return [COLUMNS[c][0] for c in columns]


def to_csv(applications, columns) -> bytes:
    """UTF-8 with a byte order mark and semicolons, as French spreadsheets expect."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header(columns))
    writer.writerows(rows(applications, columns))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(applications, columns) -> bytes:
    # Imported here: openpyxl (and the numpy it loads) cost 0.3 s at start-up to every process, for
    # the one page that exports a spreadsheet (issue #12).
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Dossiers")
    sheet.append(header(columns))
    for row in rows(applications, columns):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
