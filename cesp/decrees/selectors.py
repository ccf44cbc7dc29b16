"""Reads on decrees. Published decrees are public acts: everyone sees them; drafts only the DGOS."""

from datetime import date

from django.db.models import Q, QuerySet, Sum

from cesp.accounts import roles
from cesp.decrees.models import Decree, DecreeStatus, QuotaLine
from cesp.decrees.workflows import DECREE_WORKFLOW


def decree_list(*, scope) -> QuerySet[Decree]:
    decrees = Decree.objects.select_related("academic_year")
    if roles.can_manage_decrees(scope):
        return decrees
    return decrees.published()


def can_edit_decree(scope, decree: Decree) -> bool:
    """Whether the page offers to edit the decree: its workflow allows this scope's role to edit it."""
    return DECREE_WORKFLOW.allowed(state=decree.status, event="edit", actor=scope.role)


def decree_lines(*, decree: Decree) -> QuerySet[QuotaLine]:
    return decree.lines.select_related("faculty", "region")


def decree_line(*, decree: Decree, pk) -> QuotaLine | None:
    """One line of ``decree`` (itself fetched through ``decree_list``), or None."""
    return decree.lines.filter(pk=pk).first()


def quota_lines_published() -> QuerySet[QuotaLine]:
    """Every line of every published decree: the buckets the offers are dispatched from."""
    return QuotaLine.objects.filter(decree__status=DecreeStatus.PUBLISHED).select_related(
        "decree__academic_year", "faculty", "region"
    )


def quota_in_force(
    *, academic_year, on: date, faculty=None, region=None, discipline: str, category: str
) -> int:
    """Contracts offered for one UFR (or PADHUE region), discipline and category, by the decrees of
    ``academic_year`` published and effective on ``on`` (redistribution lines are signed deltas)."""
    place = Q(faculty=faculty) if faculty is not None else Q(faculty__isnull=True, region=region)
    total = (
        QuotaLine.objects.filter(place, discipline=discipline, category=category)
        .filter(decree__in=Decree.objects.in_force(on).filter(academic_year=academic_year))
        .aggregate(total=Sum("count"))["total"]
    )
    return max(total or 0, 0)


def decree_totals(*, decree: Decree) -> list[dict]:
    """Totals of a decree by discipline and category, for its summary table."""
    return list(
        decree.lines.values("discipline", "category")
        .annotate(total=Sum("count"))
        .order_by("discipline", "category")
    )
