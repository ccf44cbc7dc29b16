"""Explanations and number formatting.

Every figure of a result carries an explanation: the figure's path in the result, the rule as a
plain French sentence with the numbers of the case, and its legal source. Amounts are formatted
here too, so that the JSON and the sentences always show the same rounding.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

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
    """French form of an amount for sentences: ``"1 200,00 €"`` (narrow no-break space)."""
    whole, cents = money(amount).split(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return f"{sign}{'\u202f'.join(groups)},{cents} €"


def number(value: Decimal | int) -> str:
    """French form of a count or a decimal: ``"57"``, ``"12,5"``."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f").replace(".", ",")


def percent(rate: Decimal) -> str:
    """``Decimal("0.092")`` -> ``"9,2 %"``."""
    return f"{number((rate * 100).normalize())} %"


def day(d: date) -> str:
    """``date(2024, 10, 1)`` -> ``"01/10/2024"``."""
    return d.strftime("%d/%m/%Y")


def explanation(figure: str, rule: str, source: str) -> dict[str, str]:
    return {"figure": figure, "rule": rule, "source": source}
