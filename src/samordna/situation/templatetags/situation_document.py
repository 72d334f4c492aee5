"""Template helpers for a situation document (docs/situation-format.md).

`{% situation_view document as view %}` gives the rows of every table
(presentation.view); `{% situation_charts document as charts %}` the three SVG charts
(charts.document_charts), safe to insert. Filters format numbers the Swedish way.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from samordna.situation import charts, presentation
from samordna.situation.chart_svg import safe_svgs

register = template.Library()

_NBSP = "\N{NO-BREAK SPACE}"


@register.simple_tag
def situation_view(document: Mapping[str, Any]) -> dict[str, Any]:
    return presentation.view(document)


@register.simple_tag
def situation_charts(document: Mapping[str, Any]) -> dict[str, SafeString]:
    return safe_svgs(charts.document_charts(document))


@register.filter
def num(value: Any, decimals: int = 1) -> str:
    """1234 -> "1 234", 2.25 -> "2,3" (decimal comma, no-break thousands space)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", _NBSP)
    text = f"{float(value):,.{int(decimals)}f}"
    return text.replace(",", _NBSP).replace(".", ",")


@register.filter
def pvalue(value: Any) -> str:
    """A p- or q-value: three decimals, or "< 0,001" when smaller."""
    if value is None:
        return "–"
    if float(value) < 0.001:
        return "<" + _NBSP + "0,001"
    return f"{float(value):.3f}".replace(".", ",")


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.DOTALL)


@register.filter
def svg_img(svg: str) -> SafeString:
    """A chart as `<img src="data:image/svg+xml;base64,…" alt="its title">`. The PDF
    uses this: WeasyPrint draws an SVG image with its own SVG renderer, while inline
    SVG would have its style attributes parsed as HTML CSS (warnings, lost fills)."""
    match = _TITLE.search(svg)
    alt = html.unescape(match.group(1)) if match else ""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return format_html('<img class="chart" src="data:image/svg+xml;base64,{}" alt="{}">', data, alt)
