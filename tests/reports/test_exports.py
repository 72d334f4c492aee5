"""Exports of observations: exactly the filtered rows, a manifest that counts them,
Swedish headers the import reads back, Stockholm time, inert formulas, bounded queries."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, datetime

import pytest
from django.core import mail
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from samordna.core.models import AuditEvent, Organisation
from samordna.reports import exports
from samordna.reports.imports import detect_mapping, reports_import
from samordna.reports.imports.mapping import FIELDS, field_for
from samordna.reports.models import Category, Observation, Report
from samordna.tabular.readers import read_table
from tests.permissions import ACTORS, Actor, Endpoint, database_state, sign_in
from tests.reports.endpoints import EXPORT_ENDPOINTS
from tests.reports.factories import SECRET_TEXT, category, file_observation

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- reading what was downloaded ---------------------------------------------------------


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(data: bytes) -> tuple[list[list[str]], dict]:
    """The CSV's lines (header first) and the manifest, from the downloaded ZIP."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["iakttagelser.csv", "manifest.json"]
        raw = archive.read("iakttagelser.csv")
        manifest = json.loads(archive.read("manifest.json"))
    assert raw.startswith(b"\xef\xbb\xbf"), "Swedish Excel needs the BOM to read UTF-8"
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    return lines, manifest


def xlsx_rows(data: bytes) -> tuple[list[tuple], dict]:
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Iakttagelser", "Om exporten"]
    rows = list(workbook["Iakttagelser"].iter_rows(values_only=True))
    about = {r[0]: r[1] for r in workbook["Om exporten"].iter_rows(values_only=True)}
    return rows, about


def exported_ids(lines) -> set[int]:
    return {int(str(line[0]).removeprefix("samordna-")) for line in lines[1:]}


def export(client, user, path):
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, body(response)[:500]
    return response


# --- a small, varied set of observations -------------------------------------------------


@pytest.fixture
def filed(world):
    """Two klotter and one brand of A1, one klotter each of A2 and of B1."""
    klotter_a1 = file_observation(world)
    other_kind = file_observation(world, category=category("anlagd-brand"))
    klotter_a1b = file_observation(world, free_text="Nytt klotter på skolan.")
    a2 = file_observation(world, world.a2, free_text="A2:s iakttagelse.")
    b1 = file_observation(world, world.b1, free_text="Betas iakttagelse.", address="Betagatan 1")
    return {"a1": [klotter_a1, klotter_a1b], "brand": other_kind, "a2": a2, "b1": b1}


def test_the_api_export_holds_exactly_the_filtered_list(client, world, filed):
    # given a coordinator of A and a category filter
    path = "/api/v1/observations/export/?format=csv&category=skadegorelse-klotter"
    # when they export it
    lines, manifest = csv_rows(body(export(client, world.user("coordinator"), path)))
    # then the file holds A's klotter (both organisations) and nothing of B or other kinds
    expected = {o.pk for o in filed["a1"]} | {filed["a2"].pk}
    assert exported_ids(lines) == expected
    listed = client.get("/api/v1/observations/?category=skadegorelse-klotter").json()
    assert {o["id"] for o in listed["results"]} == expected
    assert manifest["rows"] == len(lines) - 1 == 3
    assert {"filter": "Kategori (kod)", "value": "skadegorelse-klotter"} in manifest["filters"]


def test_a_reporter_exports_only_their_own_organisations_rows(client, world, filed):
    # given A1's reporter and no filter
    response = export(client, world.user("reporter"), "/api/v1/observations/export/?format=xlsx")
    rows, about = xlsx_rows(body(response))
    # then A1's rows only: not A2's (same municipality) nor B1's
    assert exported_ids(rows) == {o.pk for o in filed["a1"]} | {filed["brand"].pk}
    assert about["Antal rader"] == len(rows) - 1 == 3
    assert about["Exporterad av"] == "reporter-own_org"
    assert response["Content-Type"] == XLSX


def test_the_web_export_is_the_current_municipality_and_my_reports_filter(client, world, filed):
    # given B's coordinator on the web, and A1's reporter on "my reports"
    b_lines, _ = csv_rows(
        body(
            export(
                client, world.user("coordinator", "other_municipality"), "/export/iakttagelser.csv"
            )
        )
    )
    mine, about = xlsx_rows(
        body(
            export(
                client, world.user("reporter"), "/export/iakttagelser.xlsx?mina=1&status=submitted"
            )
        )
    )
    # then B sees B's only, the reporter their organisation's, with the filter in words
    assert exported_ids(b_lines) == {filed["b1"].pk}
    assert SECRET_TEXT not in repr(b_lines)
    assert exported_ids(mine) == {o.pk for o in filed["a1"]} | {filed["brand"].pk}
    assert about["Mina rapporter"] == world.a1.name
    assert about["Status"] == "Inskickad"


def test_my_reports_page_links_to_its_own_filter(client, world, filed):
    client.force_login(world.user("reporter"))
    page = client.get("/mina-rapporter/?visa=organisationen&status=submitted").content.decode()
    assert 'href="/export/iakttagelser.csv?mina=1&amp;status=submitted"' in page
    assert 'href="/export/iakttagelser.xlsx?mina=1&amp;status=submitted"' in page


def test_the_export_is_audited_with_filter_and_count(client, world, filed):
    # given a coordinator of A exporting one week
    week = filed["a1"][0].week_key
    export(client, world.user("coordinator"), f"/export/iakttagelser.xlsx?week={week}")
    # then one event in A's log says who, which filter and how many rows
    event = AuditEvent.objects.get(action="observation.export")
    assert event.actor == world.user("coordinator")
    assert event.municipality == world.a
    assert event.changes["rows"] == event.changes["rows_in_file"] == 4
    assert event.changes["format"] == "xlsx"
    assert event.changes["filters"]["Vecka"] == week


def test_a_too_large_filter_is_refused_with_advice_and_nothing_recorded(
    client, world, filed, settings
):
    # given a limit below the size of the list
    settings.SAMORDNA_EXPORT_SYNC_LIMIT = 2
    client.force_login(world.user("coordinator"))
    # when the API and the web are asked for it
    api = client.get("/api/v1/observations/export/?format=csv")
    web = client.get("/export/iakttagelser.csv")
    # then both say so in Swedish, how to narrow it, and nothing is exported or recorded
    assert api.status_code == web.status_code == 400
    message = api.json()["non_field_errors"][0]
    assert "högst 2 kan exporteras" in message
    assert "week=2026-W47" in message
    assert "exportera hela urvalet i bakgrunden" in web.content.decode()
    assert not AuditEvent.objects.filter(action="observation.export").exists()


@pytest.mark.parametrize(
    ("query", "field"),
    [("format=pdf", "format"), ("", "format"), ("format=csv&week=2026-W99", "week")],
)
def test_bad_requests_get_json_errors(client, world, query, field):
    client.force_login(world.user("analyst"))
    response = client.get(f"/api/v1/observations/export/?{query}")
    assert response.status_code == 400
    assert field in response.json()


def test_any_typed_filter_value_makes_a_valid_file(client, world):
    # given a filter value with a control character and a formula (typed into the URL)
    path = "/api/v1/observations/export/?format=xlsx&organisation=%3Dx%0By"
    # then the file opens and its manifest shows the value, inert
    _, about = xlsx_rows(body(export(client, world.user("analyst"), path)))
    assert about["Organisation (kortnamn)"] == "'=x\ufffdy"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_queries_do_not_grow_with_the_rows(client, world, kind):
    client.force_login(world.user("coordinator"))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            body(client.get(f"/api/v1/observations/export/?format={kind}"))
        return len(queries)

    file_observation(world)
    few = count()
    for _ in range(6):
        file_observation(world, world.a2)
    assert count() == few


# --- the file itself, without HTTP ---------------------------------------------------------


def unsaved(**overrides) -> Observation:
    """An observation with its related rows in memory: the writers need no database."""
    values = {
        "pk": 7,
        "category": Category(code="skadegorelse-klotter", name="Klotter"),
        "organisation": Organisation(name="Alfa bostäder"),
        "report": Report(submitted_at=datetime(2026, 1, 5, 12, tzinfo=UTC)),
        "occurred_from": datetime(2026, 1, 5, 9, tzinfo=UTC),
        "unsafety": 2,
        "certainty": "observed",
        "week_key": "2026-W02",
    } | overrides
    return Observation(**values)


INFO = exports.ExportInfo("iakttagelser.csv", [], "analys", datetime(2026, 1, 5, tzinfo=UTC))


def test_the_headers_are_the_imports_own_swedish_names():
    # every import field the export writes is named as the import names it...
    for header in exports.HEADERS:
        code = field_for(header)
        assert code is None or FIELDS[code][0] == header
    mapped = {field_for(h) for h in exports.HEADERS} - {None}
    assert {"id", "category", "from", "to", "unsafety", "certainty", "free_text"} <= mapped
    # ...and the extra columns feed no field, so they never clash on import
    assert detect_mapping(exports.HEADERS).unknown == (
        "kategorinamn",
        "organisation",
        "status",
        "vecka",
        "inskickad",
    )


def test_times_are_stockholm_wall_time_across_daylight_saving():
    moments = [
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC),  # 01:30 winter time
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC),  # 03:30 summer time (02:xx never happens)
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # the first 02:30 (summer time)
        datetime(2026, 10, 25, 1, 30, tzinfo=UTC),  # the second 02:30 (winter time)
        datetime(2026, 7, 1, 21, 59, 59, 999_999, tzinfo=UTC),
    ]
    out = io.StringIO(newline="")
    exports.write_csv([unsaved(occurred_from=m) for m in moments], out)
    column = exports.HEADERS.index("från")
    shown = [line[column] for line in csv.reader(io.StringIO(out.getvalue()), delimiter=";")][1:]
    assert shown == [
        "2026-03-29 01:30:00",
        "2026-03-29 03:30:00",
        # The hour that happens twice carries its offset, so it reads back exactly.
        "2026-10-25 02:30:00+02:00",
        "2026-10-25 02:30:00+01:00",
        "2026-07-01 23:59:59",
    ]


DANGEROUS = {
    "free_text": '=HYPERLINK("http://example.invalid","klicka")',
    "address": "+46 lurendrejeri",
    "immediate_action": "-1+1",
    "category": Category(code="annat", name="@SUMMA(A1)"),
}


def test_formulas_are_neutralised_in_csv():
    out = io.StringIO(newline="")
    exports.write_csv([unsaved(**DANGEROUS)], out)
    line = next(
        r for i, r in enumerate(csv.reader(io.StringIO(out.getvalue()), delimiter=";")) if i == 1
    )
    for header, expected in [
        ("fritext", "'=HYPERLINK"),
        ("adress", "'+46"),
        ("åtgärd", "'-1+1"),
        ("kategorinamn", "'@SUMMA"),
    ]:
        assert line[exports.HEADERS.index(header)].startswith(expected), header
    assert line[exports.HEADERS.index("kategori")] == "annat"


def test_formulas_are_neutralised_in_xlsx_and_the_file_is_readable():
    out = io.BytesIO()
    manifest = exports.write_xlsx(
        [unsaved(**DANGEROUS), unsaved(pk=8, free_text="tab\x0bbed", longitude=15.5)], out, INFO
    )
    workbook = load_workbook(io.BytesIO(out.getvalue()))
    sheet = workbook["Iakttagelser"]
    cells = {h: sheet.cell(row=2, column=i + 1) for i, h in enumerate(exports.HEADERS)}
    assert cells["fritext"].data_type == "s"
    assert cells["fritext"].value.startswith("'=")
    assert cells["kategorinamn"].value == "'@SUMMA(A1)"
    assert sheet.cell(row=3, column=exports.HEADERS.index("longitud") + 1).value == 15.5
    assert manifest.rows == sheet.max_row - 1 == 2


def test_the_manifest_counts_the_rows_written():
    for n in (0, 1, 1001):
        out = io.BytesIO()
        manifest = exports.write_csv_zip((unsaved(pk=i) for i in range(n)), out, INFO)
        lines, written = csv_rows(out.getvalue())
        assert manifest.rows == written["rows"] == len(lines) - 1 == n
        assert lines[0] == exports.HEADERS
        assert written["exported_by"] == "analys"
        assert written["exported_at"] == "2026-01-05T01:00:00+01:00"


# --- round trip through the import --------------------------------------------------------

_COMPARED = (
    "category_id", "time_band", "longitude", "latitude", "place_id", "address", "area_id",
    "place_type", "people_count", "unsafety", "certainty", "reported_to_police",
    "immediate_action", "free_text",
)  # fmt: skip


def _as_imported(o: Observation) -> tuple:
    times = (o.occurred_from.replace(microsecond=0), o.occurred_to)
    return (*times, *(getattr(o, f) for f in _COMPARED))


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_export_imports_again_unchanged(client, world, kind):
    # given A1's observations of several kinds, exported by A1's reporter
    originals = [
        file_observation(world),
        file_observation(
            world,
            category=category("anlagd-brand"),
            longitude=None,
            latitude=None,
            place=world.place_a,
            time_band="evening",
            occurred_from=datetime(2025, 10, 25, 16, tzinfo=UTC),
            occurred_to=datetime(2025, 10, 25, 20, tzinfo=UTC),
            place_type="semi_public",
            people_count=4,
            reported_to_police="yes",
            immediate_action="Ringde fastighetsjouren.",
        ),
    ]
    data = body(export(client, world.user("reporter"), f"/export/iakttagelser.{kind}"))
    if kind == "csv":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            data = archive.read("iakttagelser.csv")
    # when the file is imported for A2
    table = read_table(f"export.{kind}", data)
    result = reports_import(
        actor=None, organisation=world.a2, rows=table.rows, mapping=detect_mapping(table.columns)
    )
    again = reports_import(
        actor=None, organisation=world.a2, rows=table.rows, mapping=detect_mapping(table.columns)
    )
    # then every observation comes back as it was, and a second import adds nothing
    assert (result.created, again.created, again.existing) == (2, 0, 2)
    imported = Observation.objects.filter(report=result.report)
    assert sorted(map(_as_imported, imported)) == sorted(map(_as_imported, originals))


# --- the permission matrix for downloads ----------------------------------------------------


def _content(response) -> str:
    """Everything in the answer as text: a ZIP's (or XLSX's) members unpacked."""
    data = body(response)
    if data[:2] != b"PK":
        return data.decode("utf-8", errors="replace")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(n).decode("utf-8-sig") for n in archive.namelist())


def _check(client, endpoint: Endpoint, actor: Actor, world) -> None:
    if actor.role is not None:
        sign_in(client, world.user(actor.role, actor.relation or "own_org"))
    before, mails = database_state(), len(mail.outbox)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.get(endpoint.path(world))
        content = _content(response)
    headers = "\n".join(f"{k}: {v}" for k, v in response.items())
    allowed = actor.role is not None and endpoint.allowed(actor)
    if allowed:
        assert response.status_code == 200, (endpoint.name, actor.id, response.status_code)
        assert response["Content-Type"] in ("application/zip", XLSX)
    else:
        if endpoint.api:
            assert response["Content-Type"].startswith("application/json"), endpoint.name
        expected = endpoint.expected_anonymous() if actor.role is None else (403,)
        assert response.status_code in expected, (endpoint.name, actor.id, response.status_code)
        assert database_state() == before, f"{endpoint.name}: denied {actor.id} changed data"
        assert len(mail.outbox) == mails
    if not allowed or not actor.is_member_of_a:
        for secret in endpoint.secrets(world):
            assert secret not in content, f"{endpoint.name}: {actor.id} saw {secret!r}"
            assert secret not in headers


@pytest.mark.parametrize("endpoint", EXPORT_ENDPOINTS, ids=lambda e: e.name)
@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.id)
def test_export_endpoints_in_the_matrix(client, world, endpoint: Endpoint, actor: Actor) -> None:
    # the secrets are there to be found: a member of A who may see them finds them
    file_observation(world)
    _check(client, endpoint, actor, world)


def test_the_matrix_would_see_a_leak(client, world):
    # given an export that does hold the secret, then the check's reading finds it
    file_observation(world)
    response = export(client, world.user("coordinator"), "/export/iakttagelser.csv")
    assert SECRET_TEXT in _content(response)


def test_my_own_reports_export_leaves_out_colleagues_reports(client, world, filed):
    # given one of A1's reports filed by someone else than A1's reporter
    colleagues = filed["brand"]
    Report.objects.filter(pk=colleagues.report_id).update(reporter=None)
    # when the reporter downloads the default tab of "Mina rapporter"
    rows, about = xlsx_rows(
        body(export(client, world.user("reporter"), "/export/iakttagelser.xlsx?mina=1&egna=1"))
    )
    # then only their own rows, and the filter says so
    assert exported_ids(rows) == {o.pk for o in filed["a1"]}
    assert about["Bara egna rapporter"] == "Ja"
