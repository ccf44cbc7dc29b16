"""One way to say a figure: money, months, rates and dates, in French and in English.

Every screen, PDF, e-mail and explanation sentence says a figure through these functions: the
sentences of ``explain.py`` call them with ``"fr"``, the template filters of
``cesp.core.templatetags.cesp_format`` (and ``cesp.core.figures`` for Django code) with the active
language. The locale is always an explicit argument, ``"fr"`` or ``"en"``: this module is pure Python
and knows nothing of requests.

A figure is rounded once, here, at display: money half-up to the cent (the rounding of French public
accounting); counts, months and rates are shown exactly as the rules give them (the rules already
bring them to their places, so the screen never rounds a second time).

French follows the Imprimerie nationale's rules: digits grouped by three with a narrow no-break space
(U+202F), a decimal comma, a no-break space (U+00A0) before ``€`` and ``%``, "1er" for the first day of
a month and "1re" for a feminine first ("1re année"). Digits take no elision in French ("de 11 mois"),
so no figure needs one. English: ``€1,200.00``, ``12.5``, ``9.2%``, ``3 December 2026``.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, ROUND_HALF_UP, Decimal, localcontext
from typing import Literal

Locale = Literal["fr", "en"]
LOCALES: tuple[Locale, ...] = ("fr", "en")

NBSP = "\u00a0"  # before € and % in French
NNBSP = "\u202f"  # between groups of three digits in French
CENT = Decimal("0.01")

MONTHS = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
SHORT_MONTHS = {
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
WEEKDAYS = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_SEPARATORS = {"fr": (NNBSP, ","), "en": (",", ".")}  # thousands, decimals
_AT = {"fr": "à", "en": "at"}


def locale_of(language: str | None) -> Locale:
    """The locale of a language code: ``"en-gb"`` -> ``"en"``; French for anything else or none."""
    return "en" if (language or "").lower().split("-")[0] == "en" else "fr"


def _locale(locale: str) -> Locale:
    if locale not in LOCALES:
        raise ValueError(f"unknown locale {locale!r}: expected one of {LOCALES}")
    return locale  # type: ignore[return-value]


def _decimal(value: Decimal | int | str) -> Decimal:
    """A finite Decimal from a Decimal, an int or a decimal string; never a float (money is exact)."""
    if isinstance(value, bool | float):
        raise TypeError(f"a figure is a Decimal, an int or a decimal string, not {type(value).__name__}")
    result = Decimal(value)
    if not result.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return result


def _digits(value: Decimal, locale: Locale, *, group: bool) -> str:
    """The digits of a non-negative Decimal in fixed point, with the locale's separators."""
    thousands, decimals = _SEPARATORS[locale]
    whole, _, fraction = format(value, "f").partition(".")
    if group:
        whole = thousands.join(whole[max(i - 3, 0) : i] for i in range(len(whole), 0, -3)[::-1])
    return whole + (decimals + fraction if fraction else "")


def _exact():
    """A decimal context that never rounds (no division happens here, so every result is finite)."""
    return localcontext(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)


def round_money(amount: Decimal | int | str) -> Decimal:
    """Half-up to the cent, whatever the size of the amount; ``-0.00`` becomes ``0.00``."""
    with _exact():
        cents = _decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    return cents if cents else cents.copy_abs()


def money(amount: Decimal | int | str, locale: Locale) -> str:
    """``Decimal("1200")`` -> ``"1 200,00 €"`` (fr) or ``"€1,200.00"`` (en); negatives keep their sign."""
    locale = _locale(locale)
    cents = round_money(amount)
    sign = "-" if cents < 0 else ""
    digits = _digits(cents.copy_abs(), locale, group=True)
    return f"{sign}{digits}{NBSP}€" if locale == "fr" else f"{sign}€{digits}"


def number(value: Decimal | int | str, locale: Locale) -> str:
    """A count or a decimal as exact as given, without trailing zeros: ``"57"``, ``"12,5"`` / ``"12.5"``.

    Digits are not grouped: counts of months and quotities stay short, and a year stays ``2026``."""
    locale = _locale(locale)
    with _exact():
        figure = _decimal(value).normalize()
    sign = "-" if figure < 0 else ""  # a zero, even "-0.00", is shown as "0"
    return sign + _digits(figure.copy_abs(), locale, group=False)


def months(value: Decimal | int | str, locale: Locale) -> str:
    """Months (of allowance or of obligation) as the rules give them: ``"57"``, ``"18,75"``."""
    return number(value, locale)


def percent(rate: Decimal | int | str, locale: Locale) -> str:
    """A rate written as a fraction, shown exactly: ``Decimal("0.092")`` -> ``"9,2 %"`` / ``"9.2%"``."""
    with _exact():
        text = number(_decimal(rate).scaleb(2), locale)
    return f"{text}{NBSP}%" if locale == "fr" else f"{text}%"


def ordinal(n: int, locale: Locale, *, feminine: bool = False) -> str:
    """``1`` -> ``"1er"`` (``"1re"`` feminine), ``2`` -> ``"2e"``; English ``"1st"``, ``"11th"``."""
    locale = _locale(locale)
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"an ordinal is an int, not {type(n).__name__}")
    if locale == "fr":
        return f"{n}{('re' if feminine else 'er') if n == 1 else 'e'}"
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def year_of_study(n: int, locale: Locale) -> str:
    """``1`` -> ``"1re année"``, ``4`` -> ``"4e année"``; English ``"1st year"``."""
    return f"{ordinal(n, locale, feminine=True)} année" if locale == "fr" else f"{ordinal(n, locale)} year"


def date_long(d: date, locale: Locale, *, weekday: bool = False) -> str:
    """``"3 décembre 2026"``, ``"1er octobre 2026"``, with ``weekday`` ``"jeudi 3 décembre 2026"``;
    English ``"3 December 2026"``, ``"Thursday 3 December 2026"``."""
    locale = _locale(locale)
    first = ordinal(d.day, locale) if locale == "fr" and d.day == 1 else str(d.day)
    text = f"{first} {MONTHS[locale][d.month - 1]} {d.year}"
    return f"{WEEKDAYS[locale][d.weekday()]} {text}" if weekday else text


def date_short(d: date, locale: Locale) -> str:
    """``"03/12/2026"`` in both locales (day first, as the British write it too)."""
    _locale(locale)
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def clock(t: time | datetime, locale: Locale, *, seconds: bool = False) -> str:
    """``"14:30"`` (``"14:30:05"`` with seconds), in both locales."""
    _locale(locale)
    return f"{t.hour:02d}:{t.minute:02d}" + (f":{t.second:02d}" if seconds else "")


def datetime_long(moment: datetime, locale: Locale, *, weekday: bool = False, seconds: bool = False) -> str:
    """``"1er octobre 2026 à 14:30"`` / ``"1 October 2026 at 14:30"``, in the time zone it is given in."""
    when = date_long(moment.date(), locale, weekday=weekday)
    return f"{when} {_AT[locale]} {clock(moment, locale, seconds=seconds)}"


def datetime_short(moment: datetime, locale: Locale) -> str:
    """``"03/12/2026 14:30"``, in the time zone it is given in."""
    return f"{date_short(moment.date(), locale)} {clock(moment, locale)}"


def month_year(d: date, locale: Locale, *, short: bool = False) -> str:
    """``"octobre 2026"`` (short ``"oct. 2026"``) / ``"October 2026"`` (short ``"Oct 2026"``)."""
    locale = _locale(locale)
    names = SHORT_MONTHS if short else MONTHS
    return f"{names[locale][d.month - 1]} {d.year}"
