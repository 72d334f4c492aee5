"""`kolada_import`: values by gender, all or nothing, idempotent, one audit event."""

from __future__ import annotations

import pytest
import requests
import responses

from samordna.core.models import AuditEvent
from samordna.integrations.kolada.client import KoladaApiError
from samordna.integrations.kolada.importer import KoladaImportError, kolada_import
from samordna.integrations.models import KoladaKpi, KoladaValue
from tests.integrations.kolada_helpers import BASE, data_url, kpi, orebro, record, serve

YEARS = "2023,2024"


def _serve(data=None, kpis=None):
    serve(kpis or [kpi()], data or {"N07403": [record(period=2023), record(period=2024)]}, YEARS)


def _import(municipality, **options):
    options = {"kpi_ids": ["N07403"], "years": [2023, 2024], **options}
    return kolada_import(actor=None, municipality=municipality, **options)


def _snapshot():
    """Everything an import may touch, to show that a refused one changed nothing."""
    return (
        list(KoladaValue.objects.values_list("kpi_id", "year", "gender", "value", "count")),
        list(KoladaKpi.objects.values_list("id", "title")),
        AuditEvent.objects.filter(action="kolada.import").count(),
    )


@responses.activate
def test_values_are_stored_per_gender_with_one_audit_event(world):
    municipality = orebro(world)
    _serve()
    result = _import(municipality)
    assert (result.created, result.updated, result.unchanged, result.total) == (6, 0, 0, 6)
    stored = {
        (v.year, v.gender): (v.value, v.count, v.status)
        for v in KoladaValue.objects.filter(municipality=municipality)
    }
    assert stored[(2024, "T")] == (1200.5, 1, "")
    assert stored[(2024, "K")] == (900.0, 1, "")
    assert stored[(2024, "M")] == (None, 0, "Uppgift saknas")  # null stays null, never 0
    assert set(stored) == {(y, g) for y in (2023, 2024) for g in "TKM"}
    meta = KoladaKpi.objects.get(pk="N07403")
    assert (meta.title, meta.has_gender, meta.municipality_type) == (
        "Anmälda våldsbrott, antal/100 000 inv",
        True,
        "K",
    )
    event = AuditEvent.objects.get(action="kolada.import")
    assert event.municipality == municipality
    assert event.changes["created"] == 6
    assert event.changes["kpis"] == ["N07403"]
    assert "6 värden – 6 nya, 0 uppdaterade, 0 oförändrade" in result.summary()


@responses.activate
def test_a_second_identical_import_writes_nothing(world):
    municipality = orebro(world)
    _serve()
    _import(municipality)
    before = _snapshot()
    pks = sorted(KoladaValue.objects.values_list("pk", flat=True))
    result = _import(municipality)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 6)
    assert _snapshot() == before  # no new audit event either
    assert sorted(KoladaValue.objects.values_list("pk", flat=True)) == pks


@responses.activate
def test_a_revised_value_is_updated_in_place(world):
    municipality = orebro(world)
    _serve()
    _import(municipality)
    stored = KoladaValue.objects.get(year=2024, gender="T")
    responses.reset()
    revised = record(
        period=2024,
        values=[
            {"gender": "T", "value": 1300.0, "count": 1, "status": ""},
            {"gender": "K", "value": 900.0, "count": 1, "status": ""},
            {"gender": "M", "value": None, "count": 0, "status": "Uppgift saknas"},
        ],
    )
    _serve({"N07403": [record(period=2023), revised]})
    result = _import(municipality)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 5)
    stored.refresh_from_db()
    assert stored.value == 1300.0
    assert KoladaValue.objects.count() == 6
    assert AuditEvent.objects.filter(action="kolada.import").count() == 2


@responses.activate
def test_an_unknown_kpi_is_named_and_nothing_changes(world):
    municipality = orebro(world)
    _serve()
    _import(municipality)
    before = _snapshot()
    responses.reset()
    responses.get(f"{BASE}/kpi/N07403,N99999", json={"values": [kpi()]})
    with pytest.raises(KoladaImportError) as raised:
        _import(municipality, kpi_ids=["N07403", "n99999"])
    assert raised.value.problems == ["Nyckeltalet N99999 finns inte i Kolada."]
    assert _snapshot() == before
    assert len(responses.calls) == 1  # no values were even asked for


@responses.activate
def test_malformed_records_are_refused_row_by_row_and_nothing_changes(world):
    municipality = orebro(world)
    _serve()
    _import(municipality)
    before = _snapshot()
    responses.reset()
    bad = [
        record(period=2023, values=[{"gender": "X", "value": 1.0}]),
        record(period=2024, values=[{"gender": "T", "value": "many"}]),
        record(period="sometime"),
        record(period=2019),
        record(period=2024, municipality="0180"),
        "not a record",
    ]
    # A revised value in the same answer must not be written either.
    good = record(period=2024, values=[{"gender": "T", "value": 1.0}])
    _serve({"N07403": [good, *bad]})
    with pytest.raises(KoladaImportError) as raised:
        _import(municipality)
    assert raised.value.problems == [
        "Nyckeltal N07403, år 2023: kön 'X' är okänt (T, K eller M).",
        "Nyckeltal N07403, år 2024: värdet för kön T är inget tal: 'many'.",
        "Nyckeltal N07403, post 4: år (period) saknas eller är inget år: 'sometime'.",
        "Nyckeltal N07403, post 5: året 2019 efterfrågades inte.",
        "Nyckeltal N07403, post 6: posten gäller en annan kommun (0180).",
        "Nyckeltal N07403, post 7: posten är inget JSON-objekt.",
    ]
    assert _snapshot() == before


@responses.activate
def test_a_gender_twice_in_one_year_is_refused(world):
    municipality = orebro(world)
    twice = [{"gender": "T", "value": 1.0}, {"gender": "T", "value": 2.0}]
    _serve({"N07403": [record(period=2024, values=twice)]})
    with pytest.raises(KoladaImportError, match="kön T förekommer två gånger"):
        _import(municipality)
    assert KoladaValue.objects.count() == 0


@responses.activate
def test_a_bad_second_kpi_stops_the_first_from_being_written(world):
    municipality = orebro(world)
    second = kpi("U07452", title="Anmälda brott om skadegörelse per 1 000 inv")
    _serve(
        {"N07403": [record(period=2024)], "U07452": [record("U07452", 2024, values=None)]},
        kpis=[kpi(), second],
    )
    with pytest.raises(KoladaImportError, match="Nyckeltal U07452, post 1: värdelistan"):
        _import(municipality, kpi_ids=["N07403", "U07452"])
    assert (KoladaValue.objects.count(), KoladaKpi.objects.count()) == (0, 0)
    assert not AuditEvent.objects.filter(action="kolada.import").exists()


@pytest.mark.parametrize(
    ("kpi_ids", "years", "problem"),
    [
        (["N07403"], [1989, 2024], "Året 1989 ligger utanför 1990–"),
        (["N07403"], [2999], "Året 2999 ligger utanför"),
        (["N07403"], [], "Ange minst ett år."),
        (["vandalism"], [2024], "Nyckeltalet 'vandalism' är inget Kolada-id"),
        ([], [2024], "Ange minst ett nyckeltal."),
    ],
)
@responses.activate
def test_bad_input_is_refused_before_kolada_is_asked(world, kpi_ids, years, problem):
    with pytest.raises(KoladaImportError, match=problem):
        _import(orebro(world), kpi_ids=kpi_ids, years=years)
    assert len(responses.calls) == 0
    assert KoladaValue.objects.count() == 0


@responses.activate
def test_a_regions_only_kpi_is_refused(world):
    serve([kpi(municipality_type="L")], {}, YEARS)
    with pytest.raises(KoladaImportError, match="bara för regioner"):
        _import(orebro(world))


@responses.activate
def test_an_unreachable_service_changes_nothing(world):
    municipality = orebro(world)
    _serve()
    _import(municipality)
    before = _snapshot()
    responses.reset()
    responses.get(f"{BASE}/kpi/N07403", json={"values": [kpi(title="Ny titel")]})
    responses.get(data_url("N07403", YEARS), body=requests.ConnectionError("down"))
    with pytest.raises(KoladaApiError, match="Kolada går inte att nå"):
        _import(municipality)
    assert _snapshot() == before  # not even the new title


@responses.activate
def test_a_dry_run_counts_but_writes_nothing(world):
    _serve()
    result = _import(orebro(world), dry_run=True)
    assert (result.created, result.dry_run) == (6, True)
    assert "provkörning, inget sparades" in result.summary()
    assert (KoladaValue.objects.count(), KoladaKpi.objects.count()) == (0, 0)
    assert not AuditEvent.objects.filter(action="kolada.import").exists()


@responses.activate
def test_values_belong_to_the_municipality_imported_for(world):
    municipality = orebro(world)
    _serve()
    _import(municipality)
    assert not KoladaValue.objects.filter(municipality=world.b).exists()
    assert KoladaValue.objects.filter(municipality=municipality).count() == 6
