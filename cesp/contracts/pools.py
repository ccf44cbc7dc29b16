"""Quota pools: the bucket of a decree an offer and a signature draw from, and its row lock.

Concurrency: each bucket of the quota has one ``QuotaPool`` row that offers, declines, lapses and
signatures lock first (SELECT … FOR UPDATE, PostgreSQL; SQLite serialises writers anyway), then the
offer row; so two signatures never both take the last contract, and a lapse and a signature racing for
the same offer cannot both win.
"""

from datetime import date

from cesp.contracts.models import QuotaPool
from cesp.decrees.selectors import quota_in_force


def pool_for(*, academic_year, faculty, region, discipline: str, category: str) -> QuotaPool:
    if faculty is not None:
        pool, _ = QuotaPool.objects.get_or_create(
            academic_year=academic_year,
            faculty=faculty,
            discipline=discipline,
            category=category,
            defaults={"region": faculty.region},
        )
    else:
        pool, _ = QuotaPool.objects.get_or_create(
            academic_year=academic_year, faculty=None, region=region, discipline=discipline, category=category
        )
    return pool


def pool_lock(pool: QuotaPool) -> QuotaPool:
    """The pool's row, locked until the end of the transaction: take it before the offer's row."""
    return QuotaPool.objects.select_for_update().get(pk=pool.pk)


def pool_quota(pool: QuotaPool, on: date) -> int:
    """The contracts the decrees in force on ``on`` give this pool."""
    return quota_in_force(
        academic_year=pool.academic_year,
        on=on,
        faculty=pool.faculty,
        region=pool.region,
        discipline=pool.discipline,
        category=pool.category,
    )
