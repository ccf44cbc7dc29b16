"""Reads of referential data. Referentials are public knowledge (no scoping by user), but reads still
go through here so that callers share one vocabulary. The zoning page's statistics and list of imports
are the exception: an ARS referent sees those of their region (``scope.region_ids``), national agents
all of them."""

from datetime import date

from django.db.models import Count, Q, QuerySet

from cesp.referentials.models import Commune, Faculty, Zoning, ZoningImport

COMMUNE_SEARCH_MIN = 2  # characters of a query before the lookup runs
COMMUNE_SEARCH_LIMIT = 20
RECENT_IMPORTS = 10


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


def commune_search(*, query: str, on: date) -> list[Commune]:
    """Communes named like ``query``, or whose INSEE or postal code it is, each with ``zonings_today``:
    its zonings in force on ``on``. A query shorter than two characters finds nothing."""
    if len(query) < COMMUNE_SEARCH_MIN:
        return []
    communes = list(
        Commune.objects.filter(
            Q(name__icontains=query) | Q(insee_code=query) | Q(postal_codes__contains=query)
        )
        .select_related("department", "region")
        .order_by("name")[:COMMUNE_SEARCH_LIMIT]
    )
    in_force = {
        (z.commune_id, z.profession): z for z in Zoning.objects.in_force(on).filter(commune__in=communes)
    }
    for commune in communes:
        commune.zonings_today = [z for (cid, _), z in in_force.items() if cid == commune.pk]
    return communes


def zoning_stats(*, scope, on: date) -> QuerySet:
    """Communes in force on ``on`` by profession and zone type, in the scope's regions (all: national)."""
    zonings = Zoning.objects.in_force(on)
    if not scope.national:
        zonings = zonings.filter(commune__region_id__in=scope.region_ids)
    return (
        zonings.values("profession", "zone_type")
        .annotate(total=Count("pk"))
        .order_by("profession", "zone_type")
    )


def zoning_import_list(*, scope, limit: int = RECENT_IMPORTS) -> QuerySet[ZoningImport]:
    """The latest accepted zoning files: all of them for national agents, else those imported by a member
    of an organisation of the scope's regions."""
    if scope.national:
        return ZoningImport.objects.order_by("-pk")[:limit]
    return (
        ZoningImport.objects.filter(imported_by__memberships__organisation__region_id__in=scope.region_ids)
        .distinct()
        .order_by("-pk")[:limit]
    )
