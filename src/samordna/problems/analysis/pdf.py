"""The cause analysis as a PDF: problems/analysis/pdf.html laid out by WeasyPrint on A4
(the situation picture's page style and fonts), with the same drawings as the page."""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string

from samordna.problems.analysis import svg as analysis_svg
from samordna.problems.analysis.selectors import causes_of, reading
from samordna.problems.models import CauseAnalysis, Problem


def render_html(problem: Problem, analysis: CauseAnalysis, *, today: date) -> str:
    """The HTML the PDF is made from (useful for a print preview and for tests)."""
    view = reading(analysis)
    context = {
        "problem": problem,
        "analysis": analysis,
        "view": view,
        "causes": causes_of(analysis, active_only=True),
        "today": today,
        **analysis_svg.drawings(problem.title, view),
    }
    return render_to_string("problems/analysis/pdf.html", context)


def render(problem: Problem, analysis: CauseAnalysis, *, today: date) -> bytes:
    # Imported here: WeasyPrint needs pango, and a machine without it must still start.
    from weasyprint import HTML

    pdf: bytes = HTML(string=render_html(problem, analysis, today=today)).write_pdf()
    return pdf
