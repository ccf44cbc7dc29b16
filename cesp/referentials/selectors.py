"""Reads of referential data. Referentials are public knowledge (no scoping by user), but reads still
go through here so that callers share one vocabulary."""

from datetime import date

from cesp.referentials.models import Commune, Faculty, Zoning


def zoning_in_force(*, commune: Commune, profession: str, on: date) -> Zoning | None:
    """The zoning of ``commune`` for ``profession`` on the date ``on``, or None (outside the zoning).

    Periods of one commune and profession never overlap, so there is at most one.
    """
    return Zoning.objects.in_force(on).filter(commune=commune, profession=profession).first()


def faculties_for_label(*, label: str, discipline: str | None = None) -> list[Faculty]:
    """The faculties a quota decree designates by ``label`` (as spelt in the decree).

    A label may designate several faculties when the decree groups them ("Lyon": Lyon Est and Lyon
    Sud); the caller decides what to do then.
    """
    candidates = Faculty.objects.filter(source_labels__contains=label).select_related("region")
    if discipline is not None:
        candidates = candidates.filter(discipline=discipline)
    return [faculty for faculty in candidates.order_by("code") if label in faculty.label_list]
