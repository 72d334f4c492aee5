"""The import service and `samordna import_polisen`: all or nothing, once per police id."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from samordna.core.models import AuditEvent
from samordna.integrations.models import ExternalEvent
from samordna.integrations.polisen.importer import PolisenImportError, polisen_events_import
from tests.integrations.conftest import polisen_record


def _records():
    """Kävlinge (A) twice, Malmö (B) once, an unregistered municipality, a county summary."""
    return [
        polisen_record(1),
        polisen_record(2, name="22 augusti 10.56, Misshandel, Kävlinge", type="Misshandel"),
        polisen_record(3, name="22 augusti 10.57, Misshandel, Malmö", type="Misshandel"),
        polisen_record(
            4, location="Örebro", name="22 augusti 05.43, Stöld, Örebro", gps="59.274,15.213"
        ),
        polisen_record(
            5,
            location="Örebro län",
            name="22 augusti 07.30, Sammanfattning natt, Örebro län",
            type="Sammanfattning natt",
            gps="59.535788,15.007706",
        ),
    ]


def _import(**options):
    return polisen_events_import(actor=None, records=_records(), **options)


def test_events_are_stored_with_their_municipality(swedish_world):
    result = _import()
    assert (result.total, result.created, result.unchanged) == (5, 5, 0)
    assert (result.in_registered, result.summaries, result.county_only) == (3, 1, 1)
    kavlinge = ExternalEvent.objects.get(external_id="1")
    assert kavlinge.source == "polisen"
    assert kavlinge.municipality == swedish_world.a
    assert kavlinge.municipality_name == "Kävlinge"
    assert kavlinge.county == "Skåne län"
    assert kavlinge.location_name == "Skåne län"
    assert kavlinge.occurred_at == datetime(2026, 8, 22, 17, 51, 41, tzinfo=UTC)
    assert (kavlinge.week_key, kavlinge.tertial_key) == ("2026-W34", "2026-T2")
    assert (
        kavlinge.url
        == "https://polisen.se/aktuellt/handelser/2026/augusti/22/22-augusti-17.59-brand-kavlinge/"
    )
    assert (kavlinge.area_centre_lat, kavlinge.area_centre_lon) == (55.990257, 13.595769)
    orebro = ExternalEvent.objects.get(external_id="4")
    assert orebro.municipality is None  # Örebro is not registered in this world
    assert orebro.municipality_name == "Örebro"
    summary = ExternalEvent.objects.get(external_id="5")
    assert summary.is_summary
    assert (summary.municipality_name, summary.county) == ("", "Örebro län")


def test_one_audit_event_per_affected_municipality(swedish_world):
    _import()
    events = AuditEvent.objects.filter(action="polisen.import")
    assert {event.municipality for event in events} == {swedish_world.a, swedish_world.b}
    of_a = events.get(municipality=swedish_world.a)
    assert of_a.changes == {
        "created": 2,
        "updated": 0,
        "import": {"events": 5, "created": 5, "updated": 0},
    }


def test_an_import_for_no_registered_municipality_is_audited_without_one(world):
    polisen_events_import(actor=None, records=_records())
    event = AuditEvent.objects.get(action="polisen.import")
    assert event.municipality is None
    assert event.changes["import"]["created"] == 5


def test_a_second_import_adds_nothing_and_writes_no_audit(swedish_world):
    _import()
    rows = list(ExternalEvent.objects.order_by("pk").values_list())
    audits = AuditEvent.objects.count()
    result = _import()
    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)
    assert list(ExternalEvent.objects.order_by("pk").values_list()) == rows
    assert AuditEvent.objects.count() == audits


def test_a_changed_event_is_updated_in_place(swedish_world):
    _import()
    changed = [*_records()[:4], {**_records()[4], "summary": "Lugn natt."}]
    result = polisen_events_import(actor=None, records=changed)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 4)
    assert ExternalEvent.objects.get(external_id="5").summary == "Lugn natt."
    assert ExternalEvent.objects.count() == 5


def test_events_of_a_municipality_registered_later_are_linked_on_the_next_import(world):
    polisen_events_import(actor=None, records=_records())
    assert ExternalEvent.objects.filter(municipality__isnull=False).count() == 0
    world.a.__class__.objects.filter(pk=world.a.pk).update(name="Kävlinge", code="1261")
    result = polisen_events_import(actor=None, records=_records())
    assert result.updated == 2
    assert ExternalEvent.objects.filter(municipality=world.a).count() == 2


def test_the_same_id_twice_in_one_input_is_stored_once(swedish_world):
    records = [*_records(), {**_records()[0], "summary": "Senare version."}]
    result = polisen_events_import(actor=None, records=records)
    assert (result.total, result.duplicates) == (5, 1)
    assert ExternalEvent.objects.get(external_id="1").summary == "Senare version."


def test_a_bad_last_record_leaves_nothing(swedish_world):
    audits = AuditEvent.objects.count()
    records = [*_records(), polisen_record(6, datetime="2026-08-22 25:00:00 +02:00")]
    with pytest.raises(PolisenImportError) as raised:
        polisen_events_import(actor=None, records=records)
    assert raised.value.problems[0] == "1 av 6 poster går inte att läsa:"
    assert raised.value.problems[1].startswith("Post 6 (id 6), fältet 'datetime'")
    assert ExternalEvent.objects.count() == 0
    assert AuditEvent.objects.count() == audits


def test_many_problems_are_listed_up_to_a_limit(world):
    records = [polisen_record(n, type="") for n in range(1, 121)]
    with pytest.raises(PolisenImportError) as raised:
        polisen_events_import(actor=None, records=records)
    assert len(raised.value.problems) == 1 + 50 + 1
    assert raised.value.problems[-1] == "… och 70 fel till."


def test_the_municipality_option_limits_the_import(swedish_world):
    result = _import(municipality=swedish_world.a)
    assert (result.total, result.created) == (2, 2)
    assert set(ExternalEvent.objects.values_list("external_id", flat=True)) == {"1", "2"}
    assert list(
        AuditEvent.objects.filter(action="polisen.import").values_list("municipality", flat=True)
    ) == [swedish_world.a.pk]


def test_a_dry_run_counts_but_writes_nothing(swedish_world):
    audits = AuditEvent.objects.count()
    result = _import(dry_run=True)
    assert (result.total, result.created) == (5, 5)
    assert result.summary().endswith("(provkörning, inget sparades)")
    assert ExternalEvent.objects.count() == 0
    assert AuditEvent.objects.count() == audits


def test_the_command_reads_gzip_and_prints_the_summary(swedish_world, tmp_path, capsys):
    path = tmp_path / "events.json.gz"
    path.write_bytes(gzip.compress(json.dumps(_records()).encode()))
    call_command("import_polisen", str(path))
    assert capsys.readouterr().out.strip() == (
        "5 händelser: 5 nya, 0 fanns redan; "
        "3 i registrerade kommuner, 1 sammanfattningar, 1 bara län"
    )
    call_command("import_polisen", str(path))
    assert capsys.readouterr().out.startswith("5 händelser: 0 nya, 5 fanns redan;")


def test_the_command_with_a_municipality_and_a_dry_run(swedish_world, tmp_path, capsys):
    path = tmp_path / "events.json"
    path.write_text(json.dumps(_records()), "utf-8")
    call_command("import_polisen", str(path), "--municipality", "beta", "--dry-run")
    assert capsys.readouterr().out.startswith("1 händelser: 1 nya, 0 fanns redan; 1 i registrerade")
    assert ExternalEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", r"är inte giltig JSON \(rad 1"),
        (b'{"id": 1}', "ska innehålla en lista med händelser"),
        (b"\xff\xfe", "är inte"),
    ],
)
def test_the_command_refuses_unreadable_files(world, tmp_path, content, message):
    path = tmp_path / "events.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_polisen", str(path))


def test_the_command_refuses_a_broken_gzip_file_and_a_missing_file(world, tmp_path):
    broken = tmp_path / "events.json.gz"
    broken.write_bytes(b"not gzip at all")
    with pytest.raises(CommandError, match="kan inte läsas"):
        call_command("import_polisen", str(broken))
    with pytest.raises(CommandError, match="finns inte"):
        call_command("import_polisen", str(tmp_path / "saknas.json"))


def test_the_command_refuses_an_unknown_municipality_and_bad_records(world, tmp_path):
    path = tmp_path / "events.json"
    path.write_text(json.dumps([polisen_record(1, url="ftp://x")]), "utf-8")
    with pytest.raises(CommandError, match="ingen kommun med kortnamnet 'nope'"):
        call_command("import_polisen", str(path), "--municipality", "nope")
    with pytest.raises(CommandError, match=r"Inget importerades\.\n1 av 1 poster"):
        call_command("import_polisen", str(path))
    assert ExternalEvent.objects.count() == 0
