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


def _options(options: str, allowed: set[str]) -> set[str]:
    chosen = {o.strip() for o in (options or "").split(",") if o.strip()}
    if chosen - allowed:
        raise ValueError(f"unknown options {sorted(chosen - allowed)}: expected some of {sorted(allowed)}")
    return chosen


def euros(value) -> str:
    amount = _decimal(value)
    return MISSING if amount is None else formatting.money(amount, active_locale())


def number(value) -> str:
    figure = _decimal(value)
    return MISSING if figure is None else formatting.number(figure, active_locale())


def months(value) -> str:
    figure = _decimal(value)
    return MISSING if figure is None else formatting.months(figure, active_locale())


def percent(value) -> str:
    rate = _decimal(value)
    return MISSING if rate is None else formatting.percent(rate, active_locale())


def day(value, options: str = "") -> str:
    """A date in words: ``"1er octobre 2026"``; ``options`` ``"weekday"`` adds the day of the week."""
    weekday = "weekday" in _options(options, {"weekday"})
    d = _date(value)
    return MISSING if d is None else formatting.date_long(d, active_locale(), weekday=weekday)


def day_short(value) -> str:
    d = _date(value)
    return MISSING if d is None else formatting.date_short(d, active_locale())


def moment(value, options: str = "") -> str:
    """A date and time in local time: ``"1er octobre 2026 à 14:30"``; options ``"weekday"``, ``"seconds"``."""
    chosen = _options(options, {"weekday", "seconds"})
    local = _local(value)
    if local is None:
        return MISSING
    return formatting.datetime_long(
        local, active_locale(), weekday="weekday" in chosen, seconds="seconds" in chosen
    )


def moment_short(value) -> str:
    local = _local(value)
    return MISSING if local is None else formatting.datetime_short(local, active_locale())


def clock(value, options: str = "") -> str:
    seconds = "seconds" in _options(options, {"seconds"})
    local = _local(value)
    return MISSING if local is None else formatting.clock(local, active_locale(), seconds=seconds)


def month_year(value, options: str = "") -> str:
    """``"octobre 2026"`` from a date or a ``"2026-10"`` month; ``options`` ``"short"``: ``"oct. 2026"``."""
    short = "short" in _options(options, {"short"})
    d = _date(f"{value}-01" if isinstance(value, str) and len(value) == 7 else value)
    return MISSING if d is None else formatting.month_year(d, active_locale(), short=short)


def year_of_study(value) -> str:
    if isinstance(value, bool):
        return MISSING
    try:
        n = int(value)
    except (TypeError, ValueError):
        return MISSING
    return formatting.year_of_study(n, active_locale())
