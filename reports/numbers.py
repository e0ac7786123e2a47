"""Numbers in the page's locale for the presenters: scoring writes them with a decimal point
unless it is handed this formatter (scoring.model.NumberFormat)."""

from __future__ import annotations

from flask_babel import format_decimal


def locale_number(value: float, decimals: int) -> str:
    """`value` to `decimals` places in the current locale: 0.44 in English, 0,44 in German."""
    return str(format_decimal(value, format="#,##0." + "0" * decimals if decimals else "#,##0"))
