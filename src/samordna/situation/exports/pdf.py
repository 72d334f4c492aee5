"""The PDF export: situation/pdf.html (the same table includes as the web page, the
same SVG charts) laid out by WeasyPrint on A4."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.template.loader import render_to_string


def render_html(document: Mapping[str, Any]) -> str:
    """The HTML the PDF is made from (useful for a print preview and for tests)."""
    return render_to_string("situation/pdf.html", {"document": document})


def render(document: Mapping[str, Any]) -> bytes:
    # Imported here: WeasyPrint needs pango, and a machine without it must still start.
    from weasyprint import HTML

    pdf: bytes = HTML(string=render_html(document)).write_pdf()
    return pdf
