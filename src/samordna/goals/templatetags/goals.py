"""Numbers on the goal pages, the Swedish way."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

_NBSP = "\N{NO-BREAK SPACE}"


@register.filter
def value(number: Any) -> str:
    """12.0 -> "12", 3.456 -> "3,46", None -> "–" (decimal comma, a real minus sign)."""
    if number is None or number == "":
        return "–"
    x = float(number)
    text = f"{x:,.0f}" if x == round(x) else f"{x:,.2f}".rstrip("0")
    return text.replace(",", _NBSP).replace(".", ",").replace("-", "−")
