"""The tertial analysis's tables, one builder per table, from the compilation
(tertial.compile): the page, the PDF and the XLSX all show these (tertial.sections)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.situation import presentation
from samordna.tertial.models import TertialAnalysis

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


def plain(value: Any) -> Any:
    if isinstance(value, list | dict):
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return value


def area_table(caption: str, rows: Sequence[Mapping[str, Any]]) -> Table:
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


def generic_table(caption: str, rows: Sequence[Mapping[str, Any]], empty: str) -> Table:
    """A table of plain dicts (the goals module's rows), rendered generically: their
    fields as columns, with a Swedish header where one is known."""
    keys = list(rows[0]) if rows else []
    labels = goal_labels()
    values = [[plain(r.get(k)) for k in keys] for r in rows]
    years = frozenset(n for n, k in enumerate(keys) if k == "year")
    return Table(caption, [labels.get(k, k) for k in keys], values, empty, plain=years)


def summary_table(c: Mapping[str, Any], analysis: TertialAnalysis | None) -> Table:
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


def wrong_table(rows: Sequence[Mapping[str, Any]]) -> Table:
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


def weekday_table(t: Mapping[str, Any]) -> Table:
    return Table(
        _("Iakttagelser per veckodag"),
        [_("Veckodag"), _("Antal")],
        [[r["weekday"].capitalize(), r["count"]] for r in t["by_weekday"]],
    )


def hour_table(t: Mapping[str, Any]) -> Table:
    return Table(
        _("Iakttagelser per timme (svensk tid)"),
        [_("Timme"), _("Antal")],
        [[f"{r['hour']:02d}", r["count"]] for r in t["by_hour"]],
    )


def peaks_table(t: Mapping[str, Any]) -> Table:
    return Table(
        _("Flest iakttagelser: veckodag och timme"),
        [_("Veckodag"), _("Timme"), _("Antal")],
        [[r["weekday"].capitalize(), f"{r['hour']:02d}", r["count"]] for r in t["peaks"]],
        _("Inga iakttagelser under perioden."),
    )


def own_table(police: Mapping[str, Any]) -> Table:
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


def police_table(police: Mapping[str, Any]) -> Table:
    return Table(
        _("Polisens händelser per typ"),
        [_("Händelsetyp"), _("Antal"), _("Föregående period")],
        [[r["type"], r["count"], r["previous"]] for r in police["police_by_type"]],
        _("Inga polishändelser under perioden."),
    )


def intervention_table(rows: Sequence[Mapping[str, Any]]) -> Table:
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


def sum_table(
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


def problem_table(rows: Sequence[Mapping[str, Any]]) -> Table:
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


def selection_table(analysis: TertialAnalysis) -> Table:
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
