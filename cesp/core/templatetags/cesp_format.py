"""French display of the rules' figures: "1200.00" → "1 200,00 €", "57.0" → "57", ISO dates → dates."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()
NARROW_NBSP = "\u202f"


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None


@register.filter
def euros(value) -> str:
    amount = _decimal(value)
    if amount is None:
        return "—"
    text = f"{amount:,.2f}".replace(",", NARROW_NBSP).replace(".", ",")
    return f"{text}\u00a0€"


@register.filter
def months(value) -> str:
    amount = _decimal(value)
    if amount is None:
        return "—"
    text = f"{amount.normalize():f}" if amount == amount.to_integral() else f"{amount:f}".rstrip("0")
    return text.replace(".", ",")


@register.filter
def percent(value) -> str:
    amount = _decimal(value)
    if amount is None:
        return "—"
    return f"{(amount * 100).quantize(Decimal('0.1')):f}".replace(".0", "").replace(".", ",") + "\u00a0%"


@register.filter
def isodate(value):
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None
