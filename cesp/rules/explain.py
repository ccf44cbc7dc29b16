"""Explanations and number formatting.

Every figure of a result carries an explanation: the figure's path in the result, the rule as a
plain French sentence with the numbers of the case, and its legal source. The JSON forms of amounts
are made here; the sentences say their figures through ``formatting``, as the screens do, so that a
figure reads the same in an explanation and on a page.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from . import formatting

CENT = Decimal("0.01")


def round_cents(amount: Decimal) -> Decimal:
    """Half-up to the cent, the rounding of French public accounting."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def money(amount: Decimal) -> str:
    """JSON form of an amount: ``"1200.00"``."""
    return str(round_cents(amount))


def months(value: Decimal | int) -> str:
    """JSON form of months of obligation: two decimals, ``"18.75"`` (``obligation.py`` decides how a
    figure with more decimals is brought to two, so that owed = served + remaining stays exact)."""
    return str(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP))


def euros(amount: Decimal) -> str:
    """French form of an amount for sentences: ``"1 200,00 €"`` (see ``formatting.money``)."""
    return formatting.money(amount, "fr")


def number(value: Decimal | int) -> str:
    """French form of a count or a decimal: ``"57"``, ``"12,5"`` (see ``formatting.number``)."""
    return formatting.number(value, "fr")


def percent(rate: Decimal) -> str:
    """``Decimal("0.092")`` -> ``"9,2 %"`` (see ``formatting.percent``)."""
    return formatting.percent(rate, "fr")


def day(d: date) -> str:
    """``date(2024, 10, 1)`` -> ``"01/10/2024"`` (see ``formatting.date_short``)."""
    return formatting.date_short(d, "fr")


def explanation(figure: str, rule: str, source: str) -> dict[str, str]:
    return {"figure": figure, "rule": rule, "source": source}
