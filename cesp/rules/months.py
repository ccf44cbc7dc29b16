"""Whole months as integer indices.

The rules count in whole months (a month is paid, or served, when the state holds on its first
day), so every date is mapped to a month index ``m = year * 12 + (month - 1)`` and periods become
half-open intervals ``[lo, hi)`` of indices. Counting is then subtraction, never a loop over days.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

Interval = tuple[int, int]  # [lo, hi) of month indices; empty when hi <= lo


def month_index(d: date) -> int:
    """Index of the month containing ``d``."""
    return d.year * 12 + (d.month - 1)


def month_start(m: int) -> date:
    """First day of month ``m``."""
    return date(m // 12, m % 12 + 1, 1)


_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """Days of a month (``calendar.monthrange`` also computes a weekday, which the rules never need)."""
    if month == 2 and calendar.isleap(year):
        return 29
    return _DAYS[month - 1]


def month_end(m: int) -> date:
    """Last day of month ``m``."""
    year, month = m // 12, m % 12 + 1
    return date(year, month, days_in_month(year, month))


@lru_cache(maxsize=4096)
def month_label(m: int) -> str:
    """``"2024-10"``."""
    return f"{m // 12:04d}-{m % 12 + 1:02d}"


def first_month_from(d: date) -> int:
    """The first month whose first day is on or after ``d``.

    A month whose first day is strictly before ``d`` is the same as a month ``< first_month_from(d)``:
    that is how "payments stop at a termination dated d" becomes an exclusive interval bound.
    """
    return month_index(d) + (0 if d.day == 1 else 1)


def is_month_start(d: date) -> bool:
    return d.day == 1


def is_month_end(d: date) -> bool:
    return (d + timedelta(days=1)).day == 1


def add_months(d: date, n: int) -> date:
    """``d`` moved by ``n`` calendar months, clamped to the last day of a shorter month."""
    m = month_index(d) + n
    year, month = m // 12, m % 12 + 1
    return date(year, month, min(d.day, days_in_month(year, month)))


def length(interval: Interval) -> int:
    lo, hi = interval
    return max(0, hi - lo)


def intersect(a: Interval, b: Interval) -> Interval:
    return (max(a[0], b[0]), min(a[1], b[1]))


def subtract(base: Interval, holes: Iterable[Interval]) -> list[Interval]:
    """The parts of ``base`` outside every hole, in order (holes may overlap or be empty)."""
    parts: list[Interval] = []
    cursor, hi = base
    for lo_h, hi_h in sorted(h for h in holes if h[1] > h[0]):
        if hi_h <= cursor:
            continue
        if lo_h >= hi:
            break
        if lo_h > cursor:
            parts.append((cursor, lo_h))
        cursor = max(cursor, hi_h)
    if cursor < hi:
        parts.append((cursor, hi))
    return parts


def total_length(intervals: Iterable[Interval]) -> int:
    return sum(length(i) for i in intervals)


def clip(intervals: Iterable[Interval], bound: Interval) -> list[Interval]:
    """Each interval cut to ``bound``, empty ones dropped."""
    out = []
    for interval in intervals:
        lo, hi = intersect(interval, bound)
        if hi > lo:
            out.append((lo, hi))
    return out
