"""The tertial analysis as sections of tables, and as PDF (WeasyPrint, A4) and XLSX.

`sections(compilation, analysis)` is the one layout of the analysis: the page, the PDF
and the XLSX (one sheet per section) are all written from it, so they carry the same
numbers as the compilation (problems.tertial). Charts are server-side SVG (the
situation picture's house style), always with their table beside them.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from samordna.problems.models import TertialAnalysis
from samordna.situation import presentation

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_NBSP = "\u00a0"


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[Any]]
    empty: str = ""
    # Columns of numbers that are names (a year): shown without a thousands space.
    plain: frozenset[int] = frozenset()

    def display(self) -> list[list[dict[str, Any]]]:
        """The rows as cells for a template: {"text", "num"} (numbers right-aligned)."""
        return [
            [
                {"text": str(v), "num": True} if n in self.plain and v is not None else _cell(v)
                for n, v in enumerate(row)
            ]
            for row in self.rows
        ]


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


def _cell(value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"text": _("ja") if value else _("nej"), "num": False}
    if isinstance(value, int):
        return {"text": f"{value:,}".replace(",", _NBSP), "num": True}
    if isinstance(value, float):
        return {"text": f"{value:,.1f}".replace(",", _NBSP).replace(".", ","), "num": True}
    if value is None or value == "":
        return {"text": "–", "num": False}
    return {"text": str(value), "num": False}


def _yes(value: bool) -> str:
    return _("ja") if value else _("nej")


def _area_table(caption: str, rows: Sequence[Mapping[str, Any]]) -> Table:
    return Table(
        caption,
        [
            _("Plats"),
            _("Område"),
            _("Antal"),
            _("Föregående period"),
            _("Förändring"),
            _("Förändring %"),
            _("Förra året"),
            _("Snitt 4 perioder"),
            _("Flaggad ökning"),
        ],
        [
            [
                r["rank"],
                r["name"],
                r["count"],
                r["previous"],
                r["change"],
                r["change_pct"],
                r["last_year"],
                r["recent_mean"],
                _yes(r["flagged"]),
            ]
            for r in rows
        ],
        _("Kommunen har inga områden."),
    )


def goal_labels() -> dict[str, str]:
    """Swedish headers for the goals module's fields; any other field keeps its name."""
    return {
        "goal": _("Mål"),
        "indicator": _("Indikator"),
        "source": _("Källa"),
        "unit": _("Enhet"),
        "baseline_period": _("Utgångsperiod"),
        "baseline_value": _("Utgångsvärde"),
        "target_period": _("Målperiod"),
        "target_value": _("Målvärde"),
        "latest_period": _("Senaste period"),
        "latest_value": _("Senaste värde"),
        "on_track": _("I fas"),
        "status": _("Status"),
        "survey": _("Mätning"),
        "item": _("Fråga"),
        "year": _("År"),
        "area": _("Område"),
        "group": _("Grupp"),
        "value": _("Värde"),
        "ci_low": _("Intervall, lägst"),
        "ci_high": _("Intervall, högst"),
        "respondents": _("Svarande"),
        "suppressed": _("Dold (för få svar)"),
    }


def _generic(caption: str, rows: Sequence[Mapping[str, Any]], empty: str) -> Table:
    """A table of plain dicts (the goals module's rows), rendered generically: their
    fields as columns, with a Swedish header where one is known."""
    keys = list(rows[0]) if rows else []
    labels = goal_labels()
    values = [[_plain(r.get(k)) for k in keys] for r in rows]
    years = frozenset(n for n, k in enumerate(keys) if k == "year")
    return Table(caption, [labels.get(k, k) for k in keys], values, empty, plain=years)


def _plain(value: Any) -> Any:
    if isinstance(value, list | dict):
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return value


def sections(compilation: Mapping[str, Any], analysis: TertialAnalysis | None) -> list[Section]:
    c = compilation
    police = c["police"]
    interventions = c["interventions"]
    result = [
        Section(
            "sammanfattning",
            _("Sammanfattning"),
            _("Sammanfattning"),
            [_summary(c, analysis)],
            chart="trend",
        ),
        Section(
            "omraden",
            _("Områden efter antal"),
            _("Områden efter antal"),
            [_area_table(_("Områden, flest iakttagelser först"), c["areas_by_count"])],
            chart="areas",
        ),
        Section(
            "forandring",
            _("Områden efter förändring"),
            _("Områden efter förändring"),
            [
                _area_table(
                    _("Områden, största ökningen mot föregående period först"), c["areas_by_change"]
                )
            ],
        ),
        Section(
            "fel-hall",
            _("Utveckling åt fel håll"),
            _("Utveckling åt fel håll"),
            [_wrong_table(c["wrong_direction"])],
            note=_(
                "Ökningar som är större än slumpen (Poissontest, Benjamini–Hochbergs FDR) mot "
                "föregående period eller samma period förra året, eller som lägesbilden "
                "flaggade mot snittet av de fyra perioderna före."
            ),
        ),
        Section(
            "tider",
            _("Tider"),
            _("Tider"),
            [
                _weekday_table(c["time_patterns"]),
                _hour_table(c["time_patterns"]),
                _peaks_table(c["time_patterns"]),
            ],
            chart="hour_weekday",
        ),
        Section(
            "polisen",
            _("Polisen och egna iakttagelser"),
            _("Polisens statistik och egna iakttagelser"),
            [_own_table(police), _police_table(police)],
            note=police["source_note"],
        ),
        Section(
            "insatser",
            _("Insatser"),
            _("Insatsernas status och kostnad"),
            [
                _intervention_table(interventions["rows"]),
                _sum_table(
                    _("Per organisation"),
                    _("Organisation"),
                    "organisation",
                    interventions["by_organisation"],
                    interventions["totals"],
                ),
                _sum_table(
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
            [_problem_table(c["problems"])],
        ),
    ]
    goals = c.get("goals")
    if goals is not None:
        result.append(
            Section(
                "mal",
                _("Mål och trygghetsmätningar"),
                _("Målens indikatorer och trygghetsmätningar"),
                [
                    _generic(
                        _("Indikatorer"), goals["indicators"], _("Inga indikatorer för perioden.")
                    ),
                    _generic(
                        _("Trygghetsmätningar"), goals["surveys"], _("Inga mätningar för perioden.")
                    ),
                ],
            )
        )
    if analysis is not None:
        result += [
            Section(
                "urval",
                _("Urval för orsaksanalys"),
                _("Problem valda för orsaksanalys"),
                [_selection_table(analysis)],
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
    return result


def _summary(c: Mapping[str, Any], analysis: TertialAnalysis | None) -> Table:
    picture, totals, police = c["picture"], c["totals"], c["police"]["police"]
    status = presentation.status_labels().get(picture["status"], picture["status"])
    rows: list[list[Any]] = [
        [_("Kommun"), c["municipality"]["name"]],
        [_("Period"), c["period"]["label"]],
        [_("Första dag"), c["period"]["start"]],
        [_("Sista dag"), c["period"]["end"]],
        [_("Lägesbild"), f"{status}, version {picture['version']}"],
        [_("Tertialanalys"), analysis.get_status_display() if analysis else _("inte startad")],
        [_("Egna iakttagelser"), totals["count"]],
        [_("Egna iakttagelser, föregående period"), totals["previous"]],
        [_("Egna iakttagelser, förra året"), totals["last_year"]],
        [_("Polisens händelser"), police["count"]],
        [_("Polisens händelser, föregående period"), police["previous"]],
        [_("Polisens händelser, förra året"), police["last_year"]],
        [_("Utveckling åt fel håll, antal"), len(c["wrong_direction"])],
        [_("Insatser under perioden"), c["interventions"]["totals"]["count"]],
        [_("Insatsernas kostnad (kr)"), c["interventions"]["totals"]["cost_sek"]],
        [_("Insatsernas arbetstid (timmar)"), c["interventions"]["totals"]["hours"]],
        [_("Öppna problem"), len(c["problems"])],
    ]
    return Table(_("Perioden i siffror"), [_("Uppgift"), _("Värde")], rows)


def trend_table(c: Mapping[str, Any]) -> Table:
    trend = c["trend"]
    return Table(
        _("Utveckling, tolv perioder"),
        [_("Period"), _("Egna iakttagelser"), _("Polisens händelser")],
        [list(row) for row in zip(trend["periods"], trend["own"], trend["police"], strict=True)],
    )


def _wrong_table(rows: Sequence[Mapping[str, Any]]) -> Table:
    return Table(
        _("Utveckling åt fel håll, mest flaggat först"),
        [
            _("Område"),
            _("Kategori"),
            _("Antal"),
            _("Föregående period"),
            _("Förändring"),
            _("Förändring %"),
            _("Förra året"),
            _("Flaggad mot föregående"),
            _("Flaggad mot förra året"),
            _("Flaggad mot snittet"),
        ],
        [
            [
                r["area_name"],
                r["category_name"] or _("alla kategorier"),
                r["count"],
                r["previous"],
                r["change"],
                r["change_pct"],
                r["last_year"],
                _yes(r["flagged_previous"]),
                _yes(r["flagged_last_year"]),
                _yes(r["flagged_recent"]),
            ]
            for r in rows
        ],
        _("Ingen utveckling åt fel håll som är större än slumpen."),
    )


def _weekday_table(t: Mapping[str, Any]) -> Table:
    return Table(
        _("Iakttagelser per veckodag"),
        [_("Veckodag"), _("Antal")],
        [[r["weekday"].capitalize(), r["count"]] for r in t["by_weekday"]],
    )


def _hour_table(t: Mapping[str, Any]) -> Table:
    return Table(
        _("Iakttagelser per timme (svensk tid)"),
        [_("Timme"), _("Antal")],
        [[f"{r['hour']:02d}", r["count"]] for r in t["by_hour"]],
    )


def _peaks_table(t: Mapping[str, Any]) -> Table:
    return Table(
        _("Flest iakttagelser: veckodag och timme"),
        [_("Veckodag"), _("Timme"), _("Antal")],
        [[r["weekday"].capitalize(), f"{r['hour']:02d}", r["count"]] for r in t["peaks"]],
        _("Inga iakttagelser under perioden."),
    )


def _own_table(police: Mapping[str, Any]) -> Table:
    return Table(
        _("Egna iakttagelser per kategori"),
        [
            _("Kategori"),
            _("Antal"),
            _("Föregående period"),
            _("Förra året"),
            _("Polisens händelser"),
        ],
        [
            [r["name"], r["count"], r["previous"], r["last_year"], r["police_events"]]
            for r in police["own_by_category"]
        ],
        _("Inga iakttagelser under perioden."),
    )


def _police_table(police: Mapping[str, Any]) -> Table:
    return Table(
        _("Polisens händelser per typ"),
        [_("Händelsetyp"), _("Antal"), _("Föregående period")],
        [[r["type"], r["count"], r["previous"]] for r in police["police_by_type"]],
        _("Inga polishändelser under perioden."),
    )


def _intervention_table(rows: Sequence[Mapping[str, Any]]) -> Table:
    return Table(
        _("Insatser under perioden"),
        [
            _("Insats"),
            _("Ansvarig organisation"),
            _("Typ"),
            _("Status"),
            _("Läge"),
            _("Klart senast"),
            _("Kostnad (kr)"),
            _("Arbetstid (timmar)"),
            _("Problem"),
        ],
        [
            [
                r["title"],
                r["organisation"],
                r["kind_label"],
                r["status_label"],
                r["rag_label"],
                r["deadline"],
                r["cost_sek"],
                r["hours"],
                r["problem"],
            ]
            for r in rows
        ],
        _("Inga insatser under perioden."),
    )


def _sum_table(
    caption: str,
    label: str,
    key: str,
    rows: Sequence[Mapping[str, Any]],
    totals: Mapping[str, Any],
) -> Table:
    header = [
        label,
        _("Insatser"),
        _("Kostnad (kr)"),
        _("Arbetstid (timmar)"),
        _("Röda"),
        _("Gula"),
        _("Gröna"),
        _("Pågående"),
    ]

    def line(name: str, r: Mapping[str, Any]) -> list[Any]:
        return [
            name,
            r["count"],
            r["cost_sek"],
            r["hours"],
            r["red"],
            r["amber"],
            r["green"],
            r["open"],
        ]

    body = [line(r[key] or _("ej angiven"), r) for r in rows]
    if rows:
        body.append(line(_("Summa"), totals))
    return Table(caption, header, body, _("Inga insatser under perioden."))


def _problem_table(rows: Sequence[Mapping[str, Any]]) -> Table:
    return Table(
        _("Problem som är öppna nu"),
        [
            _("Problem"),
            _("Status"),
            _("Prioritet"),
            _("Ansvarig"),
            _("Områden"),
            _("Kategorier"),
            _("Kopplade iakttagelser"),
        ],
        [
            [
                r["title"],
                r["status_label"],
                r["priority_label"],
                r["owner"],
                ", ".join(r["areas"]),
                ", ".join(r["categories"]),
                r["observations"],
            ]
            for r in rows
        ],
        _("Inga öppna problem."),
    )


def _selection_table(analysis: TertialAnalysis) -> Table:
    rows = analysis.selections.select_related("problem", "selected_by").order_by(
        "selected_at", "id"
    )
    return Table(
        _("Problem valda för orsaksanalys"),
        [_("Problem"), _("Motivering"), _("Vald"), _("Vald av")],
        [
            [
                s.problem.title,
                s.justification,
                timezone.localtime(s.selected_at).strftime("%Y-%m-%d"),
                (s.selected_by.get_full_name() or s.selected_by.username) if s.selected_by else "",
            ]
            for s in rows
        ],
        _("Inga problem valda ännu."),
    )


# --- Charts ---------------------------------------------------------------------------


def tertial_charts(c: Mapping[str, Any]) -> dict[str, SafeString]:
    """The analysis's charts as SVG: "trend", "areas" and "hour_weekday"."""
    from samordna.situation.chart_svg import safe_svgs
    from samordna.situation.charts import hour_weekday_svg, trend_svg

    trend = c["trend"]
    return safe_svgs(
        {
            "trend": trend_svg(
                trend["periods"],
                {_("Egna iakttagelser"): trend["own"], _("Polisens händelser"): trend["police"]},
                title=_("Utveckling, tolv perioder"),
            ),
            "areas": areas_svg(c["areas_by_count"]),
            "hour_weekday": hour_weekday_svg(
                c["time_patterns"]["matrix"], c["time_patterns"]["weekdays"]
            ),
        }
    )


AREAS_IN_CHART = 12


def areas_svg(rows: Sequence[Mapping[str, Any]]) -> str:
    """Horizontal bars: this period and the previous one for the largest areas."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    from samordna.situation.chart_svg import INK, chart_style, empty_svg, to_svg

    title = _("Områden: perioden och föregående period")
    shown = [r for r in rows if r["count"] or r["previous"]][:AREAS_IN_CHART]
    if not shown:
        return empty_svg(key="areas", title=title, message=_("Inga iakttagelser under perioden."))
    with chart_style("areas"):
        height = 1.0 + 0.32 * len(shown)
        figure = Figure(figsize=(7, height), layout="constrained")
        axes = figure.add_subplot()
        positions = list(range(len(shown)))[::-1]
        axes.barh(
            [p + 0.2 for p in positions],
            [r["count"] for r in shown],
            height=0.4,
            color="#0072B2",
            label=_("Perioden"),
        )
        axes.barh(
            [p - 0.2 for p in positions],
            [r["previous"] for r in shown],
            height=0.4,
            color="#E69F00",
            hatch="//",
            label=_("Föregående period"),
        )
        axes.set_yticks(positions, [r["name"] for r in shown])
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_xlabel(_("Antal iakttagelser"))
        axes.spines[["top", "right"]].set_visible(False)
        axes.set_title(title, loc="left", fontsize=10, color=INK)
        axes.legend(
            frameon=False, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2, fontsize=8
        )
        return to_svg(figure, key="areas", title=title)


# --- Files ----------------------------------------------------------------------------


def filename(c: Mapping[str, Any], fmt: str) -> str:
    return f"tertialanalys-{c['municipality']['slug']}-{c['period']['key']}.{fmt}"


def render(c: Mapping[str, Any], analysis: TertialAnalysis | None, fmt: str) -> bytes:
    if fmt == "pdf":
        return render_pdf(c, analysis)
    if fmt == "xlsx":
        return render_xlsx(c, analysis)
    raise ValueError(f"unknown format {fmt!r}")


def render_html(c: Mapping[str, Any], analysis: TertialAnalysis | None) -> str:
    return render_to_string(
        "problems/tertial/pdf.html",
        {
            "c": c,
            "analysis": analysis,
            "sections": with_charts(sections(c, analysis), tertial_charts(c)),
            "trend": trend_table(c),
        },
    )


def render_pdf(c: Mapping[str, Any], analysis: TertialAnalysis | None) -> bytes:
    from weasyprint import HTML  # needs pango: imported only when a PDF is made

    pdf: bytes = HTML(string=render_html(c, analysis)).write_pdf()
    return pdf


def xlsx_tables(
    c: Mapping[str, Any], analysis: TertialAnalysis | None
) -> list[tuple[str, list[tuple[str, list[str], list[list[Any]]]]]]:
    """(sheet name, [(table title, header, rows)]) per section, as the XLSX holds them."""
    sheets = []
    for section in sections(c, analysis):
        tables = [(t.caption, t.header, t.rows) for t in section.tables]
        if section.id == "sammanfattning":
            trend = trend_table(c)
            tables.append((trend.caption, trend.header, trend.rows))
        if section.texts:
            tables.append(
                (section.title, [_("Rubrik"), _("Text")], [[h, t] for h, t in section.texts])
            )
        sheets.append((section.sheet[:31], tables))
    return sheets


def render_xlsx(c: Mapping[str, Any], analysis: TertialAnalysis | None) -> bytes:
    from openpyxl import Workbook

    from samordna.situation.exports.xlsx import _stable, _widths, _write_row

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, tables in xlsx_tables(c, analysis):
        sheet = workbook.create_sheet(name)
        row_number, written = 1, []
        for title, header, rows in tables:
            _write_row(sheet, row_number, [title], bold=True)
            _write_row(sheet, row_number + 1, header, bold=True)
            row_number += 2
            for row in rows:
                _write_row(sheet, row_number, [_plain(v) for v in row])
                row_number += 1
            written += [header, *rows]
            row_number += 1
        _widths(sheet, written)
    workbook.properties.creator = "Samordna"
    workbook.properties.title = f"{c['municipality']['name']}, {c['period']['label']}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    generated = c["picture"].get("generated_at")
    stamp = datetime.fromisoformat(generated).astimezone(UTC) if generated else datetime.now(UTC)
    return _stable(buffer.getvalue(), stamp)
