"""Importing observations from files: every format, all or nothing, idempotent,
row-level errors a person can fix, Stockholm wall time across daylight saving."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, time

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from samordna.core.models import AuditEvent
from samordna.reports.imports import detect_mapping, reports_import
from samordna.reports.models import Observation, Report
from samordna.tabular.problems import ImportRefused, problems_csv
from samordna.tabular.readers import read_table

SWEDISH = (
    "kategori;datum;tid;longitud;latitud;otrygghet;säkerhet;polisanmält;fritext\n"
    "skadegorelse-klotter;2025-11-03;14:30;15,21;59,275;2;sett;nej;Klotter på busskuren.\n"
    "Skadegörelse och klotter;2025-11-04;22:05;15,215;59,276;3;misstänkt;ja;Krossad ruta.\n"
)
ENGLISH = (
    "category,date,time,lon,lat,unsafety,certainty,free_text\n"
    "skadegorelse-klotter,2025-11-03,14:30,15.21,59.275,2,observed,Graffiti on the shelter.\n"
)
DST_HEADER = "kategori;datum;tid;adress;otrygghet;säkerhet\n"


def _import(world, content, name="rapporter.csv", *, overrides="", dry_run=False, actor=None):
    data = content.encode("utf-8") if isinstance(content, str) else content
    table = read_table(name, data)
    return reports_import(
        actor=actor or world.user("reporter"),
        organisation=world.a1,
        rows=table.rows,
        mapping=detect_mapping(table.columns, overrides),
        dry_run=dry_run,
    )


def _counts():
    return Observation.objects.count(), Report.objects.count(), AuditEvent.objects.count()


def test_a_swedish_excel_csv_with_bom_and_decimal_commas_is_imported(world):
    result = _import(world, "\ufeff" + SWEDISH)

    assert (result.created, result.existing) == (2, 0)
    first, second = Observation.objects.filter(report=result.report).order_by("occurred_from")
    assert first.occurred_from == datetime(2025, 11, 3, 13, 30, tzinfo=UTC)  # CET = UTC+1
    assert (first.certainty, first.reported_to_police, first.unsafety) == ("observed", "no", 2)
    assert second.category == first.category  # by name as well as by code
    assert (second.certainty, second.reported_to_police) == ("suspected", "yes")
    assert first.area == world.area_a  # located from the point
    assert first.x == pytest.approx(511_800, abs=2_000)
    assert (first.week_key, first.tertial_key) == ("2025-W45", "2025-T3")
    assert first.organisation == world.a1
    assert first.import_key.startswith("h:")
    assert result.report.source == Report.Source.IMPORT
    event = AuditEvent.objects.get(action="report.import")
    assert event.changes == {"created": 2, "existing": 0}


def test_english_headers_and_comma_delimiter(world):
    result = _import(world, ENGLISH)

    observation = Observation.objects.get(report=result.report)
    assert observation.free_text == "Graffiti on the shelter."
    assert observation.longitude == 15.21


def test_xlsx_with_real_dates_and_times(world):
    book = Workbook()
    sheet = book.active
    sheet.append(["Kategori", "Datum", "Tid", "Plats", "Otrygghet", "Säkerhet", "Fritext"])
    sheet.append(["skadegorelse-klotter", date(2025, 7, 1), time(9, 15), "alfatorget", 1, "hört"])
    buffer = io.BytesIO()
    book.save(buffer)

    result = _import(world, buffer.getvalue(), "rapporter.xlsx")

    observation = Observation.objects.get(report=result.report)
    assert observation.occurred_from == datetime(2025, 7, 1, 7, 15, tzinfo=UTC)  # CEST
    assert observation.place == world.place_a
    assert observation.certainty == "heard"


def test_json_array_of_objects_with_time_band(world):
    rows = [
        {
            "category": "skadegorelse-klotter",
            "date": "2025-11-03",
            "time_band": "kväll",
            "area": world.area_a.name,
            "unsafety": 2,
            "certainty": "suspected",
        }
    ]

    result = _import(world, json.dumps(rows), "rapporter.json")

    observation = Observation.objects.get(report=result.report)
    assert observation.time_band == "evening"
    assert observation.occurred_from == datetime(2025, 11, 3, 16, 0, tzinfo=UTC)  # 17:00 local
    assert observation.occurred_to == datetime(2025, 11, 3, 21, 0, tzinfo=UTC)  # 22:00 local
    assert observation.area == world.area_a


def test_a_mapping_override_names_a_column_and_unknown_columns_are_listed():
    columns = ("Händelse", "datum", "Väder", "Gammal kategori")

    mapping = detect_mapping(columns, "Händelse=kategori, Gammal kategori=-")

    assert mapping.column("category") == "Händelse"
    assert mapping.unknown == ("Väder",)
    with pytest.raises(ImportRefused, match="Okänt fält"):
        detect_mapping(columns, "Händelse=väder")
    with pytest.raises(ImportRefused, match="båda"):
        detect_mapping(("kategori", "category"))


def test_a_bad_last_row_imports_nothing_and_names_row_column_value_reason(world):
    before = _counts()
    bad = SWEDISH + "skadegorelse-klotter;2025-11-05;25:00;15,21;59,275;7;sett;nej;\n"

    with pytest.raises(ImportRefused) as error:
        _import(world, bad)

    assert _counts() == before
    problems = {(p.row, p.column, p.value): p.reason for p in error.value.problems}
    assert "TT:MM" in problems[(4, "tid", "25:00")]
    report = problems_csv(error.value.problems)
    assert report.startswith("rad;kolumn;värde;fel\r\n")
    assert "4;tid;25:00;" in report


def test_check_observation_problems_are_placed_at_their_columns(world):
    rows = SWEDISH.splitlines()[0] + "\nokänd;2025-11-03;14:30;15,21;59,275;5;kanske;nej;\n"

    with pytest.raises(ImportRefused) as error:
        _import(world, rows)

    by_column = {p.column: p for p in error.value.problems}
    assert by_column["kategori"].value == "okänd"
    assert by_column["kategori"].row == 2
    assert "Kategorin finns inte" in by_column["kategori"].reason


def test_valid_rows_are_checked_by_intake_with_swedish_messages(world):
    rows = (
        SWEDISH.splitlines()[0]
        + "\nskadegorelse-klotter;2025-11-03;14:30;15,21;59,275;5;kanske;nej;\n"
    )

    with pytest.raises(ImportRefused) as error:
        _import(world, rows)

    by_column = {p.column: p.reason for p in error.value.problems}
    assert "1 (lite) till 3" in by_column["otrygghet"]
    assert "hur säker" in by_column["säkerhet"]


def test_personal_data_in_free_text_is_refused_with_its_row(world):
    before = _counts()
    rows = (
        SWEDISH
        + "skadegorelse-klotter;2025-11-05;10:00;15,21;59,275;1;sett;nej;Ring 070-123 45 67\n"
    )

    with pytest.raises(ImportRefused) as error:
        _import(world, rows)

    (problem,) = error.value.problems
    assert (problem.row, problem.column) == (4, "fritext")
    assert "telefonnummer" in problem.reason
    assert _counts() == before


def test_importing_the_same_file_again_adds_nothing(world):
    _import(world, SWEDISH)
    before = _counts()

    again = _import(world, SWEDISH)

    assert (again.created, again.existing) == (0, 2)
    assert again.summary() == "0 nya, 2 fanns redan"
    assert _counts() == before


def test_the_same_rows_in_another_format_are_recognised(world):
    _import(world, ENGLISH)
    rows = [
        {
            "kategori": "skadegorelse-klotter",
            "från": "2025-11-03 14:30",
            "longitud": 15.21,
            "latitud": 59.275,
            "otrygghet": 2,
            "säkerhet": "sett",
            "fritext": "Graffiti on the shelter.",
        }
    ]

    assert _import(world, json.dumps(rows), "igen.json").existing == 1


def test_an_id_column_is_the_natural_key_and_must_be_unique_in_the_file(world):
    header = "id;kategori;datum;tid;adress;otrygghet;säkerhet\n"
    first = _import(
        world, header + "A-1;skadegorelse-klotter;2025-11-03;14:30;Storgatan 1;2;sett\n"
    )
    assert Observation.objects.get(report=first.report).import_key == "id:A-1"

    changed = _import(
        world, header + "A-1;skadegorelse-klotter;2025-11-03;15:00;Storgatan 1;2;sett\n"
    )
    assert (changed.created, changed.existing) == (0, 1)

    twice = "B-1;skadegorelse-klotter;2025-11-03;14:30;Storgatan 1;2;sett\n"
    with pytest.raises(ImportRefused, match="Samma id som rad 2"):
        _import(world, header + twice + twice)


def test_a_dry_run_writes_nothing(world):
    before = _counts()

    result = _import(world, SWEDISH, dry_run=True)

    assert (result.created, result.dry_run) == (2, True)
    assert "provkörning" in result.summary()
    assert _counts() == before


@pytest.mark.parametrize(
    ("day", "clock", "utc"),
    [
        ("2025-03-30", "01:30", datetime(2025, 3, 30, 0, 30, tzinfo=UTC)),  # before: CET
        ("2025-03-30", "03:30", datetime(2025, 3, 30, 1, 30, tzinfo=UTC)),  # after: CEST
        ("2025-10-26", "02:30", datetime(2025, 10, 26, 0, 30, tzinfo=UTC)),  # twice: the first
        ("2025-10-26", "03:30", datetime(2025, 10, 26, 2, 30, tzinfo=UTC)),  # after: CET
    ],
)
def test_stockholm_wall_time_across_daylight_saving(world, day, clock, utc):
    rows = f"{DST_HEADER}anlagd-brand;{day};{clock};Torget;1;sett\n"

    result = _import(world, rows)

    assert Observation.objects.get(report=result.report).occurred_from == utc


def test_a_time_that_does_not_exist_in_stockholm_is_refused(world):
    rows = f"{DST_HEADER}anlagd-brand;2025-03-30;02:30;Torget;1;sett\n"

    with pytest.raises(ImportRefused) as error:
        _import(world, rows)

    assert "sommartid" in error.value.problems[0].reason


def test_a_person_who_may_not_report_for_the_organisation_changes_nothing(world):
    before = _counts()

    with pytest.raises(PermissionDenied):
        _import(world, SWEDISH, actor=world.user("reporter", "other_org"))
    with pytest.raises(PermissionDenied):
        _import(world, SWEDISH, actor=world.user("analyst"))

    assert _counts() == before


def test_the_command_imports_and_reports_errors_to_a_csv(world, tmp_path):
    good = tmp_path / "rapporter.csv"
    good.write_text(SWEDISH, encoding="utf-8")
    out = io.StringIO()

    call_command(
        "import_reports", str(good), municipality="alfa", organisation="alfa-bostader", stdout=out
    )

    assert "2 nya, 0 fanns redan" in out.getvalue()
    bad = tmp_path / "fel.csv"
    bad.write_text(SWEDISH + "anlagd-brand;2025-11-05;10:00;15,21;59,275;9;sett;nej;\n", "utf-8")
    before = _counts()
    with pytest.raises(CommandError, match="Inget importerades: 1 fel") as error:
        call_command(
            "import_reports",
            str(bad),
            municipality="alfa",
            organisation="alfa-bostader",
            errors=str(tmp_path / "rapport.csv"),
        )
    assert "Rad 4, kolumn ”otrygghet”" in str(error.value)
    assert "4;otrygghet;9;" in (tmp_path / "rapport.csv").read_text("utf-8-sig")
    assert _counts() == before
