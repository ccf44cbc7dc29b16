"""One way to say a figure (cesp.rules.formatting), read as tables a proof-reader can check.

French follows the Imprimerie nationale: groups of three digits split by a narrow no-break space
(U+202F), a decimal comma, a no-break space (U+00A0) before € and %, "1er" for the first of a month and
"1re" for a feminine first. Runs without Django.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cesp.rules import explain, formatting
from cesp.rules.formatting import (
    clock,
    date_long,
    date_short,
    datetime_long,
    datetime_short,
    locale_of,
    money,
    month_year,
    months,
    number,
    ordinal,
    percent,
    year_of_study,
)

NB, NNB = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    "amount, fr, en",
    [
        ("1200", f"1{NNB}200,00{NB}€", "€1,200.00"),
        (Decimal("68400.00"), f"68{NNB}400,00{NB}€", "€68,400.00"),
        (0, f"0,00{NB}€", "€0.00"),
        ("999.995", f"1{NNB}000,00{NB}€", "€1,000.00"),  # half-up to the cent
        ("0.125", f"0,13{NB}€", "€0.13"),  # half-up, not half-even
        ("-2000", f"-2{NNB}000,00{NB}€", "-€2,000.00"),
        ("-0.004", f"0,00{NB}€", "€0.00"),  # a zero has no sign
        ("1234567.891", f"1{NNB}234{NNB}567,89{NB}€", "€1,234,567.89"),
    ],
)
def test_money(amount, fr, en):
    assert money(amount, "fr") == fr
    assert money(amount, "en") == en


@pytest.mark.parametrize(
    "value, fr, en",
    [
        (57, "57", "57"),
        (Decimal("57.0"), "57", "57"),
        (Decimal("12.50"), "12,5", "12.5"),
        (Decimal("18.75"), "18,75", "18.75"),
        (Decimal("0.5"), "0,5", "0.5"),
        (Decimal("-3.25"), "-3,25", "-3.25"),
        (Decimal("-0.00"), "0", "0"),
        (2026, "2026", "2026"),  # counts are not grouped: a year stays a year
        (Decimal("1E+2"), "100", "100"),
    ],
)
def test_number_and_months(value, fr, en):
    assert number(value, "fr") == months(value, "fr") == fr
    assert number(value, "en") == months(value, "en") == en


@pytest.mark.parametrize(
    "rate, fr, en",
    [
        (Decimal("0.092"), f"9,2{NB}%", "9.2%"),
        (Decimal("0.005"), f"0,5{NB}%", "0.5%"),
        (Decimal("0.9825"), f"98,25{NB}%", "98.25%"),
        (Decimal("0.6412"), f"64,12{NB}%", "64.12%"),  # the rate the rules applied, not a rounded one
        (Decimal("0.5"), f"50{NB}%", "50%"),
        (Decimal("1"), f"100{NB}%", "100%"),
        (Decimal("0"), f"0{NB}%", "0%"),
    ],
)
def test_percent(rate, fr, en):
    assert percent(rate, "fr") == fr
    assert percent(rate, "en") == en


@pytest.mark.parametrize(
    "d, fr, en",
    [
        (date(2026, 12, 3), "3 décembre 2026", "3 December 2026"),
        (date(2026, 10, 1), "1er octobre 2026", "1 October 2026"),
        (date(2025, 2, 28), "28 février 2025", "28 February 2025"),
        (date(2027, 8, 15), "15 août 2027", "15 August 2027"),
    ],
)
def test_long_dates(d, fr, en):
    assert date_long(d, "fr") == fr
    assert date_long(d, "en") == en


def test_short_dates_weekdays_months_and_times():
    assert date_short(date(2026, 12, 3), "fr") == date_short(date(2026, 12, 3), "en") == "03/12/2026"
    assert date_long(date(2027, 5, 4), "fr", weekday=True) == "mardi 4 mai 2027"
    assert date_long(date(2027, 5, 4), "en", weekday=True) == "Tuesday 4 May 2027"
    assert month_year(date(2026, 10, 1), "fr") == "octobre 2026"
    assert month_year(date(2026, 2, 1), "fr", short=True) == "févr. 2026"
    assert month_year(date(2026, 2, 1), "en", short=True) == "Feb 2026"
    assert clock(time(9, 5), "fr") == "09:05"
    at = datetime(2026, 11, 1, 10, 5, 7)
    assert datetime_long(at, "fr") == "1er novembre 2026 à 10:05"
    assert datetime_long(at, "en", seconds=True) == "1 November 2026 at 10:05:07"
    assert datetime_long(at, "fr", weekday=True) == "dimanche 1er novembre 2026 à 10:05"
    assert datetime_short(at, "fr") == "01/11/2026 10:05"


@pytest.mark.parametrize(
    "n, fr, fr_feminine, en",
    [
        (1, "1er", "1re", "1st"),
        (2, "2e", "2e", "2nd"),
        (3, "3e", "3e", "3rd"),
        (4, "4e", "4e", "4th"),
        (11, "11e", "11e", "11th"),
        (12, "12e", "12e", "12th"),
        (21, "21e", "21e", "21st"),
    ],
)
def test_ordinals(n, fr, fr_feminine, en):
    assert ordinal(n, "fr") == fr
    assert ordinal(n, "fr", feminine=True) == fr_feminine
    assert ordinal(n, "en") == en


def test_years_of_study():
    assert year_of_study(1, "fr") == "1re année"
    assert year_of_study(4, "fr") == "4e année"
    assert year_of_study(1, "en") == "1st year"
    assert year_of_study(2, "en") == "2nd year"


def test_locales():
    assert locale_of("fr") == locale_of(None) == locale_of("de") == "fr"
    assert locale_of("en") == locale_of("en-GB") == "en"
    with pytest.raises(ValueError, match="unknown locale"):
        money(1, "de")


def test_floats_and_non_finite_numbers_are_refused():
    with pytest.raises(TypeError):
        money(0.1, "fr")  # money is never a float
    with pytest.raises(ValueError):
        number(Decimal("NaN"), "fr")
    with pytest.raises(TypeError):
        ordinal(True, "fr")


def test_the_sentences_of_the_rules_say_figures_as_the_screens_do():
    """explain.py delegates: the same French as formatting, including the typography it fixed (a
    no-break space before € and %, where today's sentences had a plain space; no "-0,00 €")."""
    assert explain.euros(Decimal("1200")) == f"1{NNB}200,00{NB}€"
    assert explain.euros(Decimal("-0.001")) == f"0,00{NB}€"
    assert explain.percent(Decimal("0.092")) == f"9,2{NB}%"
    assert explain.number(Decimal("12.50")) == "12,5"
    assert explain.day(date(2024, 10, 1)) == "01/10/2024"


decimals = st.decimals(
    allow_nan=False, allow_infinity=False, min_value=-(10**15), max_value=10**15, places=None
)
many_places = st.builds(
    lambda n, k: Decimal(n).scaleb(-k), st.integers(-(10**30), 10**30), st.integers(0, 30)
)


@given(st.one_of(decimals, many_places))
def test_money_is_the_amount_rounded_half_up_to_the_cent(amount):
    text = money(amount, "en")
    negative = text.startswith("-")
    digits = text.removeprefix("-").removeprefix("€").replace(",", "")
    with localcontext(prec=100):
        cents = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert Decimal(digits) * (-1 if negative else 1) == cents
    assert negative == (cents < 0)  # never "-€0.00"
    french = money(amount, "fr")
    assert french.endswith(f"{NB}€") and french.count(",") == 1
    assert french.removesuffix(f"{NB}€").replace(NNB, "").replace(",", ".") == text.replace("€", "").replace(
        ",", ""
    )


@given(st.one_of(decimals, many_places))
def test_number_keeps_every_significant_digit(value):
    text = number(value, "en")
    assert Decimal(text) == value
    assert not ("." in text and text.endswith("0"))  # no trailing zeros
    assert number(value, "fr") == text.replace(".", ",")
    assert explain.number(value) == number(value, "fr")
    with localcontext(prec=100):
        hundredfold = value * 100
    assert formatting.percent(value, "en") == number(hundredfold, "en") + "%"
