"""Money helpers: euros as :class:`decimal.Decimal`, computed in whole cents (int), never float.
Implements no article of the Wth.

Rounding is half-up to the cent (the way invoices round), done once where an amount is derived.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


def to_cents(amount: Decimal | int | str) -> int:
    """Euros (Decimal, int or a plain string like ``"51.82"``) as whole cents, half-up.

    Raises:
        ValueError: not a finite number.
    """
    try:
        d = Decimal(str(amount)) if not isinstance(amount, Decimal) else amount
    except InvalidOperation as exc:
        raise ValueError(f"geen bedrag: {amount!r}") from exc
    if not d.is_finite():
        raise ValueError(f"geen bedrag: {amount!r}")
    return int((d * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_cents(cents: int) -> Decimal:
    """Whole cents as euros with two decimals (``5182`` -> ``Decimal('51.82')``)."""
    return (Decimal(int(cents)) / 100).quantize(CENT)


def pct_of(cents: int, percentage: Decimal) -> int:
    """``percentage`` % of ``cents`` (e.g. 21 % VAT), rounded half-up to the cent."""
    return int((Decimal(int(cents)) * percentage / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def mul_cents(cents: int, factor: Decimal | int) -> int:
    """``cents`` × ``factor`` rounded half-up to the cent (e.g. hours × hourly rate)."""
    return int((Decimal(int(cents)) * Decimal(factor)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def euro_text(cents: int) -> str:
    """Cents as Dutch users read money: ``€ 1.234,56`` (Babel, nl_NL)."""
    from babel.numbers import format_currency

    return format_currency(from_cents(cents), "EUR", locale="nl_NL")


def hours_text(hours) -> str:
    """Hours with a decimal comma: ``2,5 uur``."""
    from babel.numbers import format_decimal

    return f"{format_decimal(Decimal(str(hours)).quantize(Decimal('0.1')), format='#,##0.#', locale='nl_NL')} uur"
