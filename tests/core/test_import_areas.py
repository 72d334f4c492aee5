import copy
import json
from importlib import resources
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samordna.core import area_import
from samordna.core.area_import import AreaImportError, collection_features, guess_crs
from samordna.core.geo import SWEREF99TM, WGS84, to_sweref
from samordna.core.models import Area, AuditEvent
from samordna.core.services import municipality_create

BOW_TIE = {
    "type": "Feature",
    "properties": {"name": "Fjärilen", "code": "ORE-FJARILEN"},
    "geometry": {
        "type": "Polygon",
        "coordinates": [[[15.3, 59.2], [15.31, 59.21], [15.31, 59.2], [15.3, 59.21], [15.3, 59.2]]],
    },
}


def demo_collection():
    text = resources.files("samordna.core").joinpath("demo/orebro_areas.geojson").read_text("utf-8")
    return json.loads(text)


def in_sweref(collection):
    result = copy.deepcopy(collection)
    for feature in result["features"]:
        ring = np.array(feature["geometry"]["coordinates"][0])
        x, y = to_sweref(ring[:, 0], ring[:, 1])
        feature["geometry"]["coordinates"] = [np.column_stack([x, y]).tolist()]
    return result


@pytest.fixture
def orebro(db):
    return municipality_create(actor=None, name="Örebro", slug="orebro", code="1880")


@pytest.fixture
def write(tmp_path):
    def write_file(content, name="areas.geojson"):
        path = tmp_path / name
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write_file


def run(path, *args, municipality="orebro", kind="est", name_field="name"):
    out = StringIO()
    call_command(
        "import_areas",
        path,
        f"--municipality={municipality}",
        f"--kind={kind}",
        f"--name-field={name_field}",
        *args,
        stdout=out,
    )
    return out.getvalue().strip()


def area_events():
    return AuditEvent.objects.filter(action__startswith="area.")


def test_import_creates_every_area_with_its_code_and_one_audit_event_each(orebro, write):
    # given the demo file
    path = write(demo_collection())
    # when imported
    summary = run(path, "--code-field=code")
    # then six EST areas exist with codes and areas in m², each created under audit
    assert summary == "6 områden: 6 nya, 0 uppdaterade, 0 oförändrade"
    areas = Area.objects.filter(municipality=orebro, kind="est")
    assert areas.count() == 6
    assert areas.get(name="Vivalla").code == "ORE-VIVALLA"
    assert all(1_000_000 < a.area_m2 < 2_000_000 for a in areas)
    assert area_events().filter(action="area.create", municipality=orebro).count() == 6


def test_importing_the_same_file_twice_changes_nothing_the_second_time(orebro, write):
    # given the demo file already imported
    path = write(demo_collection())
    run(path, "--code-field=code")
    before = list(Area.objects.values().order_by("pk"))
    events = AuditEvent.objects.count()
    # when imported again
    summary = run(path, "--code-field=code")
    # then no row and no event was added or altered
    assert summary == "6 områden: 0 nya, 0 uppdaterade, 6 oförändrade"
    assert list(Area.objects.values().order_by("pk")) == before
    assert AuditEvent.objects.count() == events


def test_a_changed_border_updates_the_area_in_place_under_audit(orebro, write):
    # given the demo areas imported, then Vivalla's border moved 0.001° east
    collection = demo_collection()
    run(write(collection), "--code-field=code")
    vivalla = Area.objects.get(name="Vivalla")
    ring = collection["features"][0]["geometry"]["coordinates"][0]
    collection["features"][0]["geometry"]["coordinates"] = [[[x + 0.001, y] for x, y in ring]]
    # when imported again
    summary = run(write(collection, "moved.geojson"), "--code-field=code")
    # then the same row carries the new border, and one update event says so
    assert summary == "6 områden: 0 nya, 1 uppdaterade, 5 oförändrade"
    vivalla.refresh_from_db()
    assert vivalla.geometry["coordinates"][0][0][0] == pytest.approx(ring[0][0] + 0.001)
    assert Area.objects.filter(municipality__slug="orebro").count() == 6
    update = area_events().get(action="area.update_geometry")
    assert update.target_id == str(vivalla.pk)
    assert set(update.changes) == {"area_m2", "geometry"}


def test_a_changed_code_alone_is_an_update(orebro, write):
    # given the demo areas imported, then one code changed
    collection = demo_collection()
    run(write(collection), "--code-field=code")
    collection["features"][1]["properties"]["code"] = "ORE-BARON"
    # when imported again
    summary = run(write(collection, "recoded.geojson"), "--code-field=code")
    # then the code is updated and the audit shows old and new
    assert summary == "6 områden: 0 nya, 1 uppdaterade, 5 oförändrade"
    assert Area.objects.get(name="Baronbackarna").code == "ORE-BARON"
    update = area_events().get(action="area.update_geometry")
    assert update.changes == {"code": ["ORE-BARONBACKARNA", "ORE-BARON"]}


def test_a_bad_last_feature_leaves_no_rows_and_no_audit_events(orebro, write):
    # given the demo areas followed by a self-intersecting one
    collection = demo_collection()
    collection["features"].append(BOW_TIE)
    events = AuditEvent.objects.count()
    # when imported
    with pytest.raises(CommandError) as raised:
        run(write(collection), "--code-field=code")
    # then the problem is named by number and name, and nothing was written
    assert "Objekt 7 (Fjärilen): Geometrin är ogiltig: Self-intersection" in str(raised.value)
    assert Area.objects.filter(municipality__slug="orebro").count() == 0
    assert AuditEvent.objects.count() == events


def test_every_problem_is_reported_at_once(orebro, write):
    # given a file with a nameless feature, a point, a duplicate name and a missing geometry
    collection = demo_collection()
    features = collection["features"]
    del features[1]["properties"]["name"]
    features[3]["geometry"] = {"type": "Point", "coordinates": [15.21, 59.29]}
    features[4]["properties"]["name"] = "Vivalla"
    features[5]["geometry"] = None
    # when imported
    with pytest.raises(CommandError) as raised:
        run(write(collection))
    # then each problem has its own line, and nothing was written
    lines = str(raised.value).splitlines()
    assert lines == [
        "Inget importerades.",
        "Objekt 2: Egenskapen 'name' saknas eller är tom.",
        "Objekt 4 (Oxhagen): Geometrin måste vara en polygon, inte Point.",
        "Objekt 5 (Vivalla): Samma namn som objekt 1; varje område får finnas en gång i filen.",
        "Objekt 6 (Örebro centrum): Geometri saknas.",
    ]
    assert Area.objects.filter(municipality__slug="orebro").count() == 0


def test_a_missing_code_field_is_reported_per_feature(orebro, write):
    with pytest.raises(CommandError, match="Objekt 1 \\(Vivalla\\): Egenskapen 'kod' saknas"):
        run(write(demo_collection()), "--code-field=kod")
    assert Area.objects.filter(municipality__slug="orebro").count() == 0


def test_an_epsg_3006_file_gives_the_same_areas_as_the_wgs84_one(orebro, write):
    # given the demo file in SWEREF 99 TM, declared in its crs member
    collection = in_sweref(demo_collection())
    collection["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}}
    # when imported
    run(write(collection), "--code-field=code")
    # then the stored WGS84 borders match the original within 1e-6 degrees
    original = demo_collection()["features"][0]["geometry"]["coordinates"][0]
    stored = Area.objects.get(name="Vivalla").geometry["coordinates"][0]
    assert np.allclose(stored, original, rtol=0, atol=1e-6)
    assert Area.objects.filter(municipality__slug="orebro").count() == 6


def test_an_undeclared_epsg_3006_file_is_recognised_by_its_coordinates(orebro, write):
    # given the demo file in SWEREF 99 TM without a crs member
    path = write(in_sweref(demo_collection()))
    # when imported
    summary = run(path)
    # then the areas are in Örebro, not refused as lying outside Sweden
    assert summary.startswith("6 områden: 6 nya")
    lon, lat = np.array(Area.objects.get(name="Oxhagen").geometry["coordinates"][0]).mean(axis=0)
    assert lon == pytest.approx(15.21, abs=0.01)
    assert lat == pytest.approx(59.29, abs=0.01)


def test_a_forced_crs_overrides_the_file(orebro, write):
    # given SWEREF metres wrongly forced to be read as degrees
    path = write(in_sweref(demo_collection()))
    # when imported, then every feature is refused as lying outside Sweden
    with pytest.raises(CommandError, match="Objekt 1 \\(Vivalla\\): Geometrin ligger utanför"):
        run(path, "--crs=EPSG:4326")
    assert Area.objects.filter(municipality__slug="orebro").count() == 0


def test_a_dry_run_counts_but_writes_nothing(orebro, write):
    events = AuditEvent.objects.count()
    summary = run(write(demo_collection()), "--dry-run")
    assert summary == "6 områden: 6 nya, 0 uppdaterade, 0 oförändrade (provkörning, inget sparades)"
    assert Area.objects.filter(municipality__slug="orebro").count() == 0
    assert AuditEvent.objects.count() == events


def test_a_new_vintage_and_another_municipality_get_their_own_rows(orebro, write):
    # given the demo areas imported as DeSO 2018 in Örebro
    other = municipality_create(actor=None, name="Kumla", slug="kumla", code="1881")
    path = write(demo_collection())
    run(path, "--vintage=2018", kind="deso")
    # when imported as vintage 2025, and into Kumla
    run(path, "--vintage=2025", kind="deso")
    run(path, municipality="kumla", kind="deso")
    # then each import made its own six areas
    assert Area.objects.filter(municipality=orebro, vintage="2018").count() == 6
    assert Area.objects.filter(municipality=orebro, vintage="2025").count() == 6
    assert Area.objects.filter(municipality=other).count() == 6


@pytest.mark.parametrize(
    ("content", "options", "message"),
    [
        ("{", {}, "är inte giltig JSON"),
        ('{"type": "Feature"}', {}, "ingen GeoJSON FeatureCollection"),
        ('{"type": "FeatureCollection", "features": []}', {}, "inga områden"),
        ("demo", {"municipality": "atlantis"}, "ingen kommun med kortnamnet 'atlantis'"),
        ("demo", {"kind": "stadsdel"}, "Okänd områdestyp 'stadsdel'"),
        ("demo", {"name_field": "namn"}, "Objekt 1: Egenskapen 'namn' saknas"),
    ],
)
def test_bad_input_is_refused_in_swedish_and_writes_nothing(
    orebro, write, content, options, message
):
    # given a broken file or a wrong option
    path = write(demo_collection() if content == "demo" else content)
    events = AuditEvent.objects.count()
    # when imported, then a clear error and no change
    with pytest.raises(CommandError, match=message):
        run(path, **options)
    assert Area.objects.filter(municipality__slug="orebro").count() == 0
    assert AuditEvent.objects.count() == events


def test_a_missing_file_is_refused(orebro, tmp_path):
    with pytest.raises(CommandError, match="finns inte"):
        run(str(tmp_path / "saknas.geojson"))


def test_an_unsupported_declared_crs_is_refused():
    collection = demo_collection()
    collection["crs"] = {"type": "name", "properties": {"name": "EPSG:3857"}}
    with pytest.raises(AreaImportError, match="'EPSG:3857' stöds inte"):
        collection_features(collection)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("urn:ogc:def:crs:EPSG::3006", SWEREF99TM),
        ("EPSG:3006", SWEREF99TM),
        ("3006", SWEREF99TM),
        ("urn:ogc:def:crs:OGC:1.3:CRS84", WGS84),
        ("epsg:4326", WGS84),
    ],
)
def test_declared_crs_names_are_understood(name, expected):
    collection = {**demo_collection(), "crs": {"type": "name", "properties": {"name": name}}}
    _, crs = collection_features(collection)
    assert crs == expected


def test_coordinates_that_are_neither_degrees_nor_swedish_metres_need_a_crs():
    # given web-mercator-like metres
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [1.69e6, 8.2e6]}}
    with pytest.raises(AreaImportError, match="--crs"):
        guess_crs([feature])


def test_a_failure_while_writing_rolls_back_the_areas_already_written(orebro, write, monkeypatch):
    # given an import whose fourth write fails, after three areas were saved and audited
    real_create = area_import.area_create
    calls = []

    def failing_create(**kwargs):
        calls.append(kwargs["name"])
        if len(calls) == 4:
            raise RuntimeError("disk full")
        return real_create(**kwargs)

    monkeypatch.setattr(area_import, "area_create", failing_create)
    events = AuditEvent.objects.count()
    # when imported
    with pytest.raises(RuntimeError, match="disk full"):
        run(write(demo_collection()))
    # then none of the three survives, nor their audit events
    assert len(calls) == 4
    assert Area.objects.filter(municipality__slug="orebro").count() == 0
    assert AuditEvent.objects.count() == events
