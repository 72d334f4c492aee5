"""The XLSX export's sheets as plain tables: (sheet name, header, rows).

Rows hold Python values (int, float, date, datetime, str, bool as "ja"/"nej"), so
numbers stay numbers and dates dates in the workbook; xlsx.py writes them. Names and
labels come from situation.presentation, the same words as the PDF and the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from samordna.situation import presentation as p

Table = tuple[str, list[str], list[list[Any]]]


def _yes(value: bool) -> str:
    return _("ja") if value else _("nej")


def _figure_headers() -> list[str]:
    return [_("Antal"), _("Föregående period"), _("Snitt 4 perioder"), _("Förra året")]


def _figures(row: Mapping[str, Any]) -> list[Any]:
    return [row["count"], row["previous"], row["recent_mean"], row["last_year"]]


def _direction(row: Mapping[str, Any]) -> str:
    return p.direction_labels().get(row["direction"], str(row["direction"]))


def _judged(row: Mapping[str, Any]) -> list[str]:
    return [_direction(row), _yes(row["flagged"])]


def summary(document: Mapping[str, Any]) -> Table:
    picture, period, totals = document["picture"], document["period"], document["totals"]
    police = document["police"]
    rows: list[list[Any]] = [
        [_("Kommun"), document["municipality"]["name"]],
        [_("Period"), period["label"]],
        [_("Periodnyckel"), period["key"]],
        [_("Första dag"), p.local_date(period["start"])],
        [_("Sista dag"), p.local_date(period["end"])],
        [_("Status"), p.status_labels().get(picture["status"], picture["status"])],
        [_("Version"), picture["version"]],
        [_("Fastställd"), p.local_time(picture["confirmed_at"])],
        [_("Fastställd av"), picture["confirmed_by"]],
        [_("Rättelse"), picture["correction_reason"]],
        [_("Sammanfattning"), picture.get("summary", "")],
        [_("Innehållssumma (SHA-256)"), picture["content_hash"]],
        [_("Sammanställd"), p.local_time(picture["generated_at"])],
        [_("Format"), document["format"]],
        [_("Egna iakttagelser, antal"), totals["count"]],
        [_("Egna iakttagelser, föregående period"), totals["previous"]],
        [_("Egna iakttagelser, snitt 4 perioder"), totals["recent_mean"]],
        [_("Egna iakttagelser, förra året"), totals["last_year"]],
        [_("Egna iakttagelser, riktning"), _direction(totals)],
        [_("Polisens händelser, antal"), totals["police_events"]],
        [_("Polisens händelser, föregående period"), police["previous"]],
        [_("Polisens händelser, snitt 4 perioder"), police["recent_mean"]],
        [_("Polisens händelser, förra året"), police["last_year"]],
    ]
    return _("Sammanfattning"), [_("Uppgift"), _("Värde")], rows


def trend(document: Mapping[str, Any]) -> Table:
    rows = [
        [key, own, police]
        for key, own, police in zip(
            document["comparisons"]["trend"],
            document["totals"]["trend"],
            document["police"]["trend"],
            strict=False,
        )
    ]
    return _("Utveckling"), [_("Period"), _("Egna iakttagelser"), _("Polisens händelser")], rows


def areas(document: Mapping[str, Any]) -> Table:
    keys = document["comparisons"]["trend"]
    header = [_("Kod"), _("Område"), _("EST-område"), *_figure_headers()]
    header += [_("Riktning"), _("Flaggad ökning"), *keys]
    rows = [
        [a["code"], a["name"], _yes(a["is_est"]), *_figures(a), *_judged(a), *a["trend"]]
        for a in document["areas"]
    ]
    return _("Områden"), header, rows


def categories(document: Mapping[str, Any]) -> Table:
    keys = document["comparisons"]["trend"]
    header = [_("Kod"), _("Kategori"), _("Positiv"), *_figure_headers(), _("Riktning")]
    header += [_("Polisens händelser"), _("Flaggad ökning"), *keys]
    rows = [
        [
            c["code"],
            c["name"],
            _yes(c["is_positive"]),
            *_figures(c),
            _direction(c),
            c["police_events"],
            _yes(c["flagged"]),
            *c["trend"],
        ]
        for c in document["categories"]
    ]
    return _("Kategorier"), header, rows


def cells(document: Mapping[str, Any]) -> Table:
    names = p.Names(document)
    keys = document["comparisons"]["trend"]
    header = [_("Områdeskod"), _("Område"), _("Kategorikod"), _("Kategori")]
    header += [*_figure_headers(), _("Riktning"), "p", "q", _("Flaggad"), *keys]
    rows = [
        [
            c["area"],
            names.area(c["area"]),
            c["category"],
            names.category(c["category"]),
            *_figures(c),
            _direction(c),
            c["p"],
            c["q"],
            _yes(c["flagged"]),
            *c["trend"],
        ]
        for c in document["cells"]
    ]
    return _("Område x kategori"), header, rows


def police(document: Mapping[str, Any]) -> Table:
    rows: list[list[Any]] = [
        [t["type"], t["count"], t["previous"]] for t in document["police"]["by_type"]
    ]
    rows.append([_("Totalt"), document["police"]["count"], document["police"]["previous"]])
    return _("Polisen"), [_("Händelsetyp"), _("Antal"), _("Föregående period")], rows


def hour_weekday(document: Mapping[str, Any]) -> Table:
    data = document["hour_weekday"]
    header = [_("Veckodag"), *(f"{hour:02d}" for hour in range(24)), _("Totalt")]
    rows = [
        [day.capitalize(), *row, sum(row)]
        for day, row in zip(data["weekdays"], data["matrix"], strict=False)
    ]
    return _("Veckodag x timme"), header, rows


def hotspots(document: Mapping[str, Any]) -> Table:
    header = ["x (SWEREF 99 TM)", "y (SWEREF 99 TM)", _("Longitud"), _("Latitud")]
    header += [_("Antal"), "z", "q"]
    rows = [
        [c["x"], c["y"], c["lon"], c["lat"], c["count"], c["z"], c["q"]]
        for c in document["hotspots"]["cells"]
    ]
    return _("Hot spots"), header, rows


def top_unsafe(document: Mapping[str, Any]) -> Table:
    names, places = p.Names(document), p.place_type_labels()
    header = [_("Id"), _("Tid"), _("Kategori"), _("Område"), _("Otrygghet (1–3)")]
    header += [_("Antal personer"), _("Platstyp")]
    rows = [
        [
            o["id"],
            p.local_time(o["occurred_from"]),
            names.category(o["category"]),
            names.area(o["area"]),
            o["unsafety"],
            o["people_count"],
            places.get(o["place_type"], ""),
        ]
        for o in document["top_unsafe"]
    ]
    return _("Högst otrygghet"), header, rows


def new_since_previous(document: Mapping[str, Any]) -> Table:
    names = p.Names(document)
    header = [_("Områdeskod"), _("Område"), _("Kategorikod"), _("Kategori"), _("Antal")]
    rows = [
        [n["area"], names.area(n["area"]), n["category"], names.category(n["category"]), n["count"]]
        for n in document["new_since_previous"]
    ]
    return _("Nytt sedan föregående"), header, rows


def observations(document: Mapping[str, Any]) -> Table:
    names = p.Names(document)
    header = [_("Id"), _("Tid"), _("Kategorikod"), _("Kategori"), _("Områdeskod"), _("Område")]
    header += [_("Longitud"), _("Latitud"), _("Otrygghet (1–3)")]
    rows = [
        [
            o["id"],
            p.local_time(o["occurred_from"]),
            o["category"],
            names.category(o["category"]),
            o["area"],
            names.area(o["area"]),
            o["lon"],
            o["lat"],
            o["unsafety"],
        ]
        for o in document["observations"]
    ]
    return _("Iakttagelser"), header, rows


def meeting(document: Mapping[str, Any]) -> list[Table]:
    """The meeting as several tables on one sheet ("Möte"), one after the other."""
    data = document["meeting"]
    if data is None:
        return [(_("Möte"), [_("Möte")], [[_("Inget möte har fastställt bilden.")]])]
    names, labels = p.Names(document), p.assessment_labels()
    about: list[list[Any]] = [
        [_("Mötet hölls"), p.local_time(data["held_at"])],
        [_("Fokusområden"), ", ".join(names.area(code) for code in data["focus_areas"])],
        [_("Fokus kommande period"), data["focus_text"]],
    ]
    attendance = [
        [a["function"], a["organisation"], _yes(a["present"])] for a in data["attendance"]
    ]
    assessments = [
        [names.area(a["area"]), labels.get(a["assessment"], a["assessment"]), a["text"]]
        for a in data["assessments"]
    ]
    decisions = [
        [d["title"], d["organisation"], d["person"], p.local_date(d["deadline"])]
        for d in data["decisions"]
    ]
    return [
        (_("Möte"), [_("Uppgift"), _("Värde")], about),
        (_("Närvaro"), [_("Funktion"), _("Organisation"), _("Närvarande")], attendance),
        (_("Bedömning per område"), [_("Område"), _("Bedömning"), _("Kommentar")], assessments),
        (
            _("Beslut om omedelbara insatser"),
            [_("Insats"), _("Ansvarig organisation"), _("Ansvarig person"), _("Klart senast")],
            decisions,
        ),
    ]


def _on_track(value: bool | None) -> str:
    if value is None:
        return _("okänt")
    return _yes(value)


def indicators(document: Mapping[str, Any]) -> Table:
    """Tertial and year pictures: the indicators of the municipality's active goals."""
    header = [
        _("Mål"), _("Indikator"), _("Källa"), _("Enhet"), _("Utgångsläge, period"),
        _("Utgångsläge, värde"), _("Mål, period"), _("Mål, värde"), _("Senaste period"),
        _("Senaste värde"), _("I fas"), _("Bedömning"),
    ]  # fmt: skip
    keys = (
        "goal", "indicator", "source", "unit", "baseline_period", "baseline_value",
        "target_period", "target_value", "latest_period", "latest_value",
    )  # fmt: skip
    rows = [
        [*(r[k] for k in keys), _on_track(r["on_track"]), r["status"]]
        for r in document.get("indicators", [])
    ]
    return _("Indikatorer"), header, rows


def surveys(document: Mapping[str, Any]) -> Table:
    """Tertial and year pictures: the latest survey rounds; suppressed cells say so."""
    header = [
        _("Undersökning"), _("År"), _("Fråga"), _("Område"), _("Grupp"), _("Värde"),
        _("Enhet"), _("95 % intervall, lägst"), _("95 % intervall, högst"), _("Svarande"),
        _("Visas inte (för få svar)"),
    ]  # fmt: skip
    keys = (
        "survey", "year", "item", "area", "group", "value", "unit", "ci_low", "ci_high",
        "respondents",
    )  # fmt: skip
    rows = [[*(r[k] for k in keys), _yes(r["suppressed"])] for r in document.get("surveys", [])]
    return _("Trygghetsmätningar"), header, rows


def tables(document: Mapping[str, Any]) -> list[Table]:
    """Every one-table sheet, in the workbook's order (the meeting sheet comes last).
    Tertial and year documents add the indicator and survey sheets after the police."""
    builders = [
        summary, trend, areas, categories, cells, police, hour_weekday, hotspots,
        top_unsafe, new_since_previous, observations,
    ]  # fmt: skip
    extra = [build for build in (indicators, surveys) if build.__name__ in document]
    after = builders.index(police) + 1
    builders[after:after] = extra
    return [build(document) for build in builders]
