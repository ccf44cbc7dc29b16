"""The figures of ``cesp.rules.formatting`` said in the active language, for templates and Django code.

``cesp.rules.formatting`` is pure Python and takes the locale as an argument; this module supplies it
from the request (``get_language()``) and brings aware datetimes to local time first. The template
filters (``cesp.core.templatetags.cesp_format``) are these functions; Python code that writes a figure
into a translated message calls them too. A value that is not a figure (missing, not a number, a
malformed date) is shown as a dash rather than failing the page.
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import get_language

from cesp.rules import formatting

MISSING = "—"


def active_locale() -> formatting.Locale:
    """``"fr"`` or ``"en"``: the locale of the language activated for this request (French by default)."""
    return formatting.locale_of(get_language())


def _decimal(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        result = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return result if result.is_finite() else None


def _local(value) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return timezone.localtime(value) if timezone.is_aware(value) else value


def _date(value) -> date | None:
    """A date from a date, a datetime (its local day) or an ISO string ("2024-10-01"), else None."""
    if isinstance(value, datetime):
        return _local(value).date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _flags(options: str, *allowed: str) -> dict[str, bool]:
    """``"weekday,seconds"`` -> ``{"weekday": True, "seconds": True}``; an unknown option is a bug."""
    chosen = {o.strip() for o in (options or "").split(",") if o.strip()}
    if chosen - set(allowed):
        raise ValueError(f"unknown options {sorted(chosen - set(allowed))}: expected some of {list(allowed)}")
    return {name: name in chosen for name in allowed}


def _say(value, say, **flags) -> str:
    """``say(value, locale)`` in the active locale, or a dash when ``value`` could not be read."""
    return MISSING if value is None else say(value, active_locale(), **flags)


def euros(value) -> str:
    return _say(_decimal(value), formatting.money)


def number(value) -> str:
    return _say(_decimal(value), formatting.number)


def months(value) -> str:
    return _say(_decimal(value), formatting.months)


def percent(value) -> str:
    return _say(_decimal(value), formatting.percent)


def day(value, options: str = "") -> str:
    """A date in words: ``"1er octobre 2026"``; option ``"weekday"`` adds the day of the week."""
    return _say(_date(value), formatting.date_long, **_flags(options, "weekday"))


def day_short(value) -> str:
    return _say(_date(value), formatting.date_short)


def moment(value, options: str = "") -> str:
    """A date and time in local time: ``"1er octobre 2026 à 14:30"``; options ``"weekday"``, ``"seconds"``."""
    return _say(_local(value), formatting.datetime_long, **_flags(options, "weekday", "seconds"))


def moment_short(value) -> str:
    return _say(_local(value), formatting.datetime_short)


def clock(value, options: str = "") -> str:
    return _say(_local(value), formatting.clock, **_flags(options, "seconds"))


def month_year(value, options: str = "") -> str:
    """``"octobre 2026"`` from a date or a ``"2026-10"`` month; option ``"short"``: ``"oct. 2026"``."""
    month = f"{value}-01" if isinstance(value, str) and len(value) == 7 else value
    return _say(_date(month), formatting.month_year, **_flags(options, "short"))


def year_of_study(value) -> str:
    try:
        n = None if isinstance(value, bool) else int(value)
    except (TypeError, ValueError):
        n = None
    return _say(n, formatting.year_of_study)
