"""`sections(compilation, analysis)` is the one layout of the tertial analysis: the page,
the PDF and the XLSX (one sheet per section) are all written from it, so they carry the
same numbers as the compilation (tertial.compile)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from samordna.tertial.models import TertialAnalysis
from samordna.tertial.tables import (
    Table,
    area_table,
    generic_table,
    hour_table,
    intervention_table,
    own_table,
    peaks_table,
    police_table,
    problem_table,
    selection_table,
    sum_table,
    summary_table,
    weekday_table,
    wrong_table,
)


@dataclass
class Section:
    id: str
    sheet: str  # the XLSX sheet's name (at most 31 characters)
    title: str
    tables: list[Table]
    chart: str = ""  # a key of tertial_charts()
    note: str = ""
    texts: list[tuple[str, str]] = field(default_factory=list)  # (heading, text)
    svg: SafeString | None = None  # the chart, set by with_charts()


def with_charts(rows: list[Section], charts: Mapping[str, SafeString]) -> list[Section]:
    """The sections with their chart's SVG attached (for the page and the PDF)."""
    for section in rows:
        section.svg = charts.get(section.chart) if section.chart else None
    return rows


def sections(compilation: Mapping[str, Any], analysis: TertialAnalysis | None) -> list[Section]:
    """The sections in the order the analysis reads: the period and its places, its times,
    the police, the interventions, the open problems; then the goals (when the goals app
    gives them) and the analysis group's own work (when the analysis is started)."""
    return [
        *_period_sections(compilation, analysis),
        *_work_sections(compilation),
        *_goal_sections(compilation),
        *_analysis_sections(analysis),
    ]


def _period_sections(c: Mapping[str, Any], analysis: TertialAnalysis | None) -> list[Section]:
    return [
        Section(
            "sammanfattning",
            _("Sammanfattning"),
            _("Sammanfattning"),
            [summary_table(c, analysis)],
            chart="trend",
        ),
        Section(
            "omraden",
            _("Områden efter antal"),
            _("Områden efter antal"),
            [area_table(_("Områden, flest iakttagelser först"), c["areas_by_count"])],
            chart="areas",
        ),
        Section(
            "forandring",
            _("Områden efter förändring"),
            _("Områden efter förändring"),
            [
                area_table(
                    _("Områden, största ökningen mot föregående period först"), c["areas_by_change"]
                )
            ],
        ),
        Section(
            "fel-hall",
            _("Utveckling åt fel håll"),
            _("Utveckling åt fel håll"),
            [wrong_table(c["wrong_direction"])],
            note=_(
                "Ökningar som är större än slumpen mot föregående period eller samma period "
                "förra året (ett test som räknar med att också jämförelseperioden är "
                "osäker; Benjamini–Hochbergs FDR), eller som lägesbilden flaggade som mer "
                "än vanligt mot de jämförbara perioderna före."
            ),
        ),
        Section(
            "tider",
            _("Tider"),
            _("Tider"),
            [
                weekday_table(c["time_patterns"]),
                hour_table(c["time_patterns"]),
                peaks_table(c["time_patterns"]),
            ],
            chart="hour_weekday",
        ),
    ]


def _work_sections(c: Mapping[str, Any]) -> list[Section]:
    police = c["police"]
    interventions = c["interventions"]
    return [
        Section(
            "polisen",
            _("Polisen och egna iakttagelser"),
            _("Polisens statistik och egna iakttagelser"),
            [own_table(police), police_table(police)],
            note=police["source_note"],
        ),
        Section(
            "insatser",
            _("Insatser"),
            _("Insatsernas status och kostnad"),
            [
                intervention_table(interventions["rows"]),
                sum_table(
                    _("Per organisation"),
                    _("Organisation"),
                    "organisation",
                    interventions["by_organisation"],
                    interventions["totals"],
                ),
                sum_table(
                    _("Per typ"),
                    _("Typ"),
                    "kind",
                    interventions["by_kind"],
                    interventions["totals"],
                ),
            ],
        ),
        Section(
            "problem",
            _("Öppna problem"),
            _("Problem som är öppna nu"),
            [problem_table(c["problems"])],
        ),
    ]


def _goal_sections(c: Mapping[str, Any]) -> list[Section]:
    goals = c.get("goals")
    if goals is None:
        return []
    return [
        Section(
            "mal",
            _("Mål och trygghetsmätningar"),
            _("Målens indikatorer och trygghetsmätningar"),
            [
                generic_table(
                    _("Indikatorer"), goals["indicators"], _("Inga indikatorer för perioden.")
                ),
                generic_table(
                    _("Trygghetsmätningar"), goals["surveys"], _("Inga mätningar för perioden.")
                ),
            ],
        )
    ]


def _analysis_sections(analysis: TertialAnalysis | None) -> list[Section]:
    if analysis is None:
        return []
    return [
        Section(
            "urval",
            _("Urval för orsaksanalys"),
            _("Problem valda för orsaksanalys"),
            [selection_table(analysis)],
        ),
        Section(
            "kallor",
            _("Källor och slutsatser"),
            _("Källor och slutsatser"),
            [],
            texts=[
                (_("Källor som använts"), analysis.sources_used),
                (_("Källor som inte använts, och varför"), analysis.sources_left_out),
                (_("Slutsatser"), analysis.conclusions),
            ],
        ),
    ]
