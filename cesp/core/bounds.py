"""Bounds of sanity on what people type: the years a date may fall in, the length of free text.

These are not legal facts (those are parameters with their reference, in ``cesp/rules/parameters``):
they keep a typing slip or an abusive request from reaching the database. Without them a date typed
as year 1 or 9999 overflowed the conversion to UTC (``OverflowError``, a 500) or was stored as is,
and a comment of 2.4 MB was accepted. Forms apply them (``max_length``, ``min``/``max`` of date
inputs, ``cesp.core.forms``) and services check them again (``check_text``, ``check_date``), so that a
client skipping the form is refused with the same French message and nothing is changed.
"""

from datetime import date, datetime

from django.utils import timezone

from cesp.rules import formatting

# Dates of the scheme's life. The CESP was created by the loi n° 2009-879 (HPST) of 21 July 2009: no
# campaign, decree, interview or contract the platform records can be older; 2100 leaves room for the
# longest obligation of a contract signed this century.
EARLIEST_YEAR = 2009
LATEST_YEAR = 2100

# How far a date may lie from the academic year it belongs to, in academic years. A campaign files
# and sits during its academic year or the one before it; a decree of quotas is signed, published and
# takes effect from the year before (annual decree) to the year after (the autumn redistributions).
CAMPAIGN_YEARS_BEFORE, CAMPAIGN_YEARS_AFTER = 1, 0
DECREE_YEARS_BEFORE, DECREE_YEARS_AFTER = 1, 1
# Zoning decrees (ZIP, ZAC and the « zones déficitaires » before them, from 2005) may predate the CESP.
ZONING_EARLIEST_YEAR = 2005

# What an uploaded document may expand to when it is inspected (cesp.core.uploads). A scan or a phone
# photo is at most a few tens of megapixels (an A4 page at 600 ppp: 35; a 50 MP camera: 50); a PDF's
# text, fonts and object streams decode to a few megabytes. Beyond these it is a decompression bomb.
UPLOAD_MAX_IMAGE_PIXELS = 80_000_000
UPLOAD_MAX_STREAM_BYTES = 64 * 1024 * 1024  # one decoded stream
UPLOAD_MAX_DECODED_BYTES = 256 * 1024 * 1024  # all the decoded streams of one PDF
UPLOAD_MAX_PDF_OBJECTS = 200_000

# Lengths of free text, in characters. Generous for what each field is for, small enough that no
# page, PDF or export is swamped by one field.
SHORT_TEXT = 300  # a title, a place, a one-line reason or comment
REASON_TEXT = 1000  # a motive written to a candidate or in the minutes
COMMENT_TEXT = 2000  # a commission member's appraisal of a file, a decision's motive
MESSAGE_TEXT = 4000  # a message between the UFR and the candidate
LONG_TEXT = 8000  # the candidate's motivation and professional project (about three pages)
PASSWORD_TEXT = 4096  # far above any real password, far below what makes hashing costly


def check_text(value: str | None, *, limit: int, label: str, error: type[Exception] = ValueError) -> str:
    """``value`` when at most ``limit`` characters long; else ``error`` in French."""
    value = value or ""
    if len(value) > limit:
        raise error(f"{label} : {limit} caractères au plus ({len(value)} saisis). Raccourcissez le texte.")
    return value


def _day(value: date) -> str:
    return formatting.date_short(value, "fr")


def _shift(value: date, years: int) -> date:
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February
        return value.replace(year=value.year + years, day=28)


def year_bounds() -> tuple[date, date]:
    return date(EARLIEST_YEAR, 1, 1), date(LATEST_YEAR, 12, 31)


def academic_window(academic_year, *, before: int, after: int) -> tuple[date, date]:
    """From the start of the academic year ``before`` years earlier to the end of the one ``after``
    years later (``academic_year`` has ``start`` and ``end`` dates)."""
    return _shift(academic_year.start, -before), _shift(academic_year.end, after)


def check_date(
    value: date | datetime | None,
    *,
    label: str,
    lowest: date | None = None,
    highest: date | None = None,
    error: type[Exception] = ValueError,
) -> None:
    """Refuse ``value`` (a date, or an aware datetime read in local time) outside [``lowest``,
    ``highest``] (by default the years of the scheme), with a French message naming the field and
    the range."""
    if value is None:
        return
    day = value
    if isinstance(value, datetime):
        try:
            day = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        except OverflowError:  # an instant at the edge of the calendar: its own date is out of range
            day = value.date()
    first, last = year_bounds()
    first, last = lowest or first, highest or last
    if not first <= day <= last:
        raise error(f"{label} : une date entre le {_day(first)} et le {_day(last)} est attendue.")
