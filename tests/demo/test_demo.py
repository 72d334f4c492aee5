"""The demo municipality: the synthetic generator, `load_demo` and `demo`."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from datetime import date, datetime, time, timedelta
from io import StringIO
from typing import Any

import numpy as np
import pytest
import shapely
from django.core.management import CommandError, call_command
from shapely.geometry import shape

from samordna.analysis.periods import STOCKHOLM, iso_week, tertial
from samordna.core import services
from samordna.core.demo import cast
from samordna.core.geo import to_sweref
from samordna.core.models import Area, AuditEvent, Membership, Municipality, Place, User
from samordna.demo import loader, observations, profiles
from samordna.demo.generator import (
    DayBatch,
    Generator,
    SyntheticObservation,
    read_areas,
    time_band,
)
from samordna.demo.loader import DemoError, load_demo
from samordna.demo.management.commands import demo as demo_command
from samordna.reports import taxonomy
from samordna.reports.models import Category, Observation, Report

TODAY = date(2026, 3, 10)
AREAS = read_areas()


def _columns(batch: DayBatch) -> list[np.ndarray]:
    return [batch.seconds, batch.longitude, batch.latitude, batch.category, batch.phrase]


def _same(a: list[DayBatch], b: list[DayBatch]) -> bool:
    return len(a) == len(b) and all(
        np.array_equal(x, y)
        for p, q in zip(a, b, strict=True)
        for x, y in zip(_columns(p), _columns(q), strict=True)
    )


@pytest.fixture(scope="module")
def two_years() -> list[SyntheticObservation]:
    generator = Generator(AREAS, seed=1880)
    start = TODAY - timedelta(days=2 * 365)
    return [r for batch in generator.days(start, TODAY, today=TODAY) for r in batch.records()]


def _local(record: SyntheticObservation) -> Any:
    return record.occurred_at.astimezone(STOCKHOLM)


# --- the generator ------------------------------------------------------------------


def test_the_generator_imports_no_django() -> None:
    # given a fresh interpreter that imports only the generator
    code = "import sys, samordna.demo.generator; print('django' in sys.modules)"
    # when it runs
    # A fixed command line of our own, no outside input.
    output = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    # then Django was never loaded
    assert output.stdout.strip() == "False"


def test_same_seed_same_output_other_seed_other_output() -> None:
    # given three generators, two with the same seed
    start, end = date(2025, 6, 1), date(2025, 6, 8)
    first = list(Generator(AREAS, seed=7).days(start, end, today=TODAY))
    again = list(Generator(AREAS, seed=7).days(start, end, today=TODAY))
    other = list(Generator(AREAS, seed=8).days(start, end, today=TODAY))
    # then the same seed gives identical data and another seed does not
    assert sum(len(b) for b in first) > 0
    assert _same(first, again)
    assert not _same(first, other)


def test_a_day_is_the_same_whichever_range_it_is_generated_in() -> None:
    # given a day generated alone and as part of a longer range
    generator = Generator(AREAS, seed=7)
    day = date(2025, 9, 5)
    alone = generator.day(day, today=TODAY)
    in_range = list(generator.days(day - timedelta(days=3), day + timedelta(days=3), today=TODAY))
    # then it is identical, so a top-up can generate only the new days
    assert _same([alone], [in_range[3]])


def test_volume_is_a_realistic_week_and_scale_multiplies_it() -> None:
    # given four weeks at scale 1 and at scale 5
    start = date(2025, 10, 6)
    normal = sum(
        len(b) for b in Generator(AREAS, seed=3).days(start, start + timedelta(28), today=TODAY)
    )
    scaled = sum(
        len(b)
        for b in Generator(AREAS, seed=3, scale=5).days(start, start + timedelta(28), today=TODAY)
    )
    # then a week holds 60–120 observations, and scale 5 gives about five times as many
    assert 60 <= normal / 4 <= 120
    assert 4.3 <= scaled / normal <= 5.7


def test_more_on_friday_and_saturday_than_on_tuesday(two_years: list[SyntheticObservation]) -> None:
    # given two years of observations counted by local weekday
    weekdays = Counter(_local(r).weekday() for r in two_years)
    # then Friday and Saturday each clearly outnumber Tuesday
    assert weekdays[4] > 1.3 * weekdays[1]
    assert weekdays[5] > 1.3 * weekdays[1]


def test_more_in_the_evening_than_in_the_morning(two_years: list[SyntheticObservation]) -> None:
    # given the time bands, and the local hours they were derived from
    bands = Counter(r.time_band for r in two_years)
    # then evenings outnumber mornings, and every band matches its local hour
    assert bands["evening"] > 2 * bands["morning"]
    assert all(r.time_band == time_band(_local(r).hour) for r in two_years[:2000])


def test_seasons_differ_by_category(two_years: list[SyntheticObservation]) -> None:
    # given broken lighting (dark season) and gatherings (summer)
    def count(code: str, months: set[int]) -> int:
        return sum(1 for r in two_years if r.category == code and _local(r).month in months)

    dark, summer = {10, 11, 12, 1}, {5, 6, 7, 8}
    # then lighting is reported more in the dark months and gatherings more in summer
    assert count("miljo-trasig-belysning", dark) > 1.5 * count("miljo-trasig-belysning", summer)
    assert count("folksamlingar-otrygghet", summer) > 1.3 * count("folksamlingar-otrygghet", dark)


def test_the_growing_problem_grows(two_years: list[SyntheticObservation]) -> None:
    # given moped reports in Varberga
    mopeds = [
        _local(r).date()
        for r in two_years
        if r.area == profiles.GROWTH_AREA and r.category == profiles.GROWTH_CATEGORY
    ]
    recent = sum(1 for d in mopeds if d >= TODAY - timedelta(days=91))
    year_before = sum(
        1 for d in mopeds if TODAY - timedelta(days=365 + 91) <= d < TODAY - timedelta(days=365)
    )
    # then the last three months hold far more than the same months a year earlier
    assert recent > 2 * max(year_before, 1)


def test_every_point_lies_inside_its_area(two_years: list[SyntheticObservation]) -> None:
    # given the area polygons
    polygons = {name: shape(geometry) for name, geometry in AREAS}
    # then each observation's point is inside the area it names
    for name, polygon in polygons.items():
        points = [(r.longitude, r.latitude) for r in two_years if r.area == name]
        lon, lat = np.array(points).T
        assert shapely.contains_xy(polygon, lon, lat).all(), name


def test_hot_spot_points_cluster_around_their_place(two_years: list[SyntheticObservation]) -> None:
    # given the observations placed at a hot spot
    places = {p.name: p for p in cast.PLACES}
    clustered = [r for r in two_years if r.place is not None]
    x, y = to_sweref(
        np.array([r.longitude for r in clustered]), np.array([r.latitude for r in clustered])
    )
    px, py = to_sweref(
        np.array([places[r.place].longitude for r in clustered]),
        np.array([places[r.place].latitude for r in clustered]),
    )
    distance = np.hypot(x - px, y - py)
    # then a good share of all reports sit at hot spots, all within 200 m, most within 150 m
    assert len(clustered) > 0.1 * len(two_years)
    assert distance.max() <= 200.5
    assert np.median(distance) < 150


def test_free_text_names_no_numbers_that_could_identify_anyone(
    two_years: list[SyntheticObservation],
) -> None:
    # given every phrase and every generated free text
    phrases = [text for p in profiles.PROFILES for text in p.phrases]
    texts = {r.free_text for r in two_years} | set(phrases)
    personal_number = re.compile(r"\b(\d{2})?\d{6}[-+]?\d{4}\b")
    phone_number = re.compile(r"(\+46|\b0)[\d\s-]{6,}")
    # then none holds a digit at all, let alone a personal or phone number
    assert texts
    assert not [t for t in texts if re.search(r"\d", t)]
    assert not [t for t in texts if personal_number.search(t) or phone_number.search(t)]


def test_generated_values_are_valid_choices(two_years: list[SyntheticObservation]) -> None:
    # given the model's choices and the leaf categories of the taxonomy
    fields = {
        "certainty": Observation.Certainty.values,
        "place_type": Observation.PlaceType.values,
        "reported_to_police": Observation.PoliceReported.values,
        "time_band": Observation.TimeBand.values,
    }
    # then every generated value is allowed, and every leaf category is used
    for name, allowed in fields.items():
        assert {getattr(r, name) for r in two_years} <= set(allowed), name
    assert {r.unsafety for r in two_years} == {1, 2, 3}
    assert {r.category for r in two_years} == set(taxonomy.leaf_codes())
    assert {r.reporter for r in two_years} <= {o.slug for o in cast.ORGANISATIONS}
    assert all(r.occurred_at.utcoffset() == timedelta(0) for r in two_years[:100])


# --- load_demo ----------------------------------------------------------------------


def _counts() -> dict[str, int]:
    models = (Municipality, Area, Place, User, Membership, Report, Observation, AuditEvent)
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def loaded(db: None) -> loader.LoadResult:
    return load_demo(today=TODAY, days=14)


def test_load_demo_twice_changes_nothing(loaded: loader.LoadResult) -> None:
    # given a loaded demo
    before = _counts()
    # when it is loaded again on the same day
    again = load_demo(today=TODAY, days=14)
    # then no row and no audit event was added
    assert before["Observation"] > 100
    assert _counts() == before
    assert again.created == {}


def test_load_demo_builds_the_municipality(loaded: loader.LoadResult) -> None:
    # given the loaded demo
    orebro = Municipality.objects.get(slug="orebro")
    # then Örebro is a demo tenant with its areas, places in their areas, and organisations
    assert (orebro.name, orebro.code, orebro.is_demo) == ("Örebro", "1880", True)
    assert sorted(
        Area.objects.filter(municipality=orebro).values_list("name", flat=True)
    ) == sorted(name for name, _ in AREAS)
    places = Place.objects.filter(municipality=orebro).select_related("area")
    assert {p.name: p.area.name for p in places} == {p.name: p.area for p in cast.PLACES}
    assert orebro.organisations.count() == len(cast.ORGANISATIONS)


def test_load_demo_creates_one_user_per_role_and_a_switcher(loaded: loader.LoadResult) -> None:
    # given the demo users
    roles = set(
        Membership.objects.filter(municipality=loaded.municipality).values_list("role", flat=True)
    )
    polis = User.objects.get(username="polis")
    # then every role is present, e-mail is on example.invalid, and polis holds two memberships
    assert roles == {"reporter", "coordinator", "analyst", "partner", "management", "admin"}
    assert all(u.email.endswith("@example.invalid") for u in User.objects.all())
    assert sorted(polis.memberships.values_list("role", flat=True)) == ["partner", "reporter"]
    assert User.objects.get(username="samordnare").check_password(cast.DEMO_PASSWORD)
    assert {x.username for x in loaded.logins} == {u.username for u in cast.USERS} | {"drift"}


def test_load_demo_creates_the_operator(loaded: loader.LoadResult) -> None:
    # then `drift` is the installation's operator, in no municipality, with the demo password
    drift = User.objects.get(username="drift")
    assert drift.is_operator
    assert not drift.memberships.exists()
    assert drift.check_password(cast.DEMO_PASSWORD)
    assert AuditEvent.objects.filter(action="user.operator", target_id=str(drift.pk)).exists()


def test_loaded_observations_are_complete_and_consistent(loaded: loader.LoadResult) -> None:
    # given the loaded observations
    rows = list(Observation.objects.select_related("report", "area"))
    # then they are synthetic, keyed by Stockholm week, projected, and reviewed once old
    assert {o.week_key for o in rows} == {iso_week(o.occurred_from) for o in rows}
    assert all(o.week_key == iso_week(o.occurred_from) for o in rows)
    assert all(o.tertial_key == tertial(o.occurred_from) for o in rows)
    assert all(o.is_synthetic and o.report.is_synthetic and o.report.source == "demo" for o in rows)
    assert all(o.organisation_id == o.report.organisation_id for o in rows)
    x, y = to_sweref(np.array([o.longitude for o in rows]), np.array([o.latitude for o in rows]))
    assert np.allclose(x, [o.x for o in rows])
    assert np.allclose(y, [o.y for o in rows])
    old = [o for o in rows if o.occurred_from.astimezone(STOCKHOLM).date() < TODAY - timedelta(14)]
    assert all(o.status == Observation.Status.REVIEWED for o in old)
    assert max(o.occurred_from.astimezone(STOCKHOLM).date() for o in rows) < TODAY


def test_reports_group_a_few_observations_of_one_reporter(loaded: loader.LoadResult) -> None:
    # given the demo reports
    sizes = Counter(Observation.objects.values_list("report_id", flat=True))
    obo = Report.objects.filter(organisation__slug=cast.OBO).select_related("reporter")
    # then each holds one to three observations, and ÖBO's carry the demo reporter
    assert set(sizes.values()) <= {1, 2, 3}
    assert len(sizes) == Report.objects.count()
    assert obo
    assert all(r.reporter.username == "rapportor" for r in obo)


def test_one_audit_event_per_load_step_not_per_row(loaded: loader.LoadResult) -> None:
    # given the audit log after a load
    events = AuditEvent.objects.filter(action=observations.LOAD_ACTION)
    # then the observations are one event with their counts
    assert events.count() == 1
    changes = events.get().changes
    assert changes["observations"] == Observation.objects.count()
    assert changes["reports"] == Report.objects.count()
    # and the whole load (people, areas, meetings, surveys, the EST story's problems,
    # analyses, interventions and plan through their services) is a bounded number of
    # events, never one per observation: count the demo municipality's own, not the
    # test cast's.
    demo_events = AuditEvent.objects.filter(municipality=loaded.municipality).count()
    assert demo_events < 250


def test_a_later_run_adds_only_the_new_days(loaded: loader.LoadResult) -> None:
    # given the demo loaded up to TODAY, and what the generator makes of the next three days
    before = Observation.objects.count()
    generator = Generator(AREAS, seed=loader.SEED)
    expected = sum(
        len(b) for b in generator.days(TODAY, TODAY + timedelta(3), today=TODAY + timedelta(3))
    )
    # when it is topped up three days later
    load_demo(today=TODAY + timedelta(days=3), days=14)
    # then exactly those days were added, and nothing before TODAY changed
    new = Observation.objects.filter(
        occurred_from__gte=datetime.combine(TODAY, time(0), tzinfo=STOCKHOLM)
    )
    assert Observation.objects.count() == before + expected
    assert new.count() == expected
    assert AuditEvent.objects.filter(action=observations.LOAD_ACTION).count() == 2


def test_scale_adds_a_separate_stream_and_keeps_the_demo(loaded: loader.LoadResult) -> None:
    # given the normal demo
    normal = Observation.objects.count()
    # when the scaled volume is added, twice
    load_demo(today=TODAY, days=14, scale=3)
    after_first = _counts()
    load_demo(today=TODAY, days=14, scale=3)
    # then about twice the normal volume was added once, as its own stream
    added = Observation.objects.count() - normal
    assert 1.5 * normal <= added <= 2.5 * normal
    assert _counts() == after_first
    streams = AuditEvent.objects.filter(action=observations.LOAD_ACTION).values_list(
        "changes__stream", flat=True
    )
    assert sorted(streams) == ["demo", "skala-3"]


@pytest.mark.django_db
def test_refuses_a_real_municipality_called_orebro_and_changes_nothing() -> None:
    # given a real (not demo) municipality with the demo's slug
    services.municipality_create(actor=None, name="Örebro", slug="orebro", code="1880")
    before = _counts()
    # when the demo is loaded
    with pytest.raises(DemoError, match="ingen demokommun"):
        load_demo(today=TODAY, days=3)
    # then nothing was written
    assert _counts() == before


@pytest.mark.django_db
def test_leaves_somebody_elses_admin_account_alone() -> None:
    # given an existing account called admin that is not a demo user
    admin = services.user_create(actor=None, username="admin", email="it@kommun.example")
    # when the demo is loaded
    result = load_demo(today=TODAY, days=2)
    # then the account got no demo role, the run says so, and the logins leave it out
    assert not Membership.objects.filter(user=admin).exists()
    assert result.warnings == [
        "Användaren ”admin” finns redan och är ingen demoanvändare; den lämnas orörd."
    ]
    assert "admin" not in {x.username for x in result.logins}


@pytest.mark.django_db
def test_bad_scale_is_refused_in_swedish_and_changes_nothing() -> None:
    # given an empty database
    before = _counts()
    # when load_demo is asked for scale 0
    with pytest.raises(CommandError, match="Skalan måste vara ett heltal"):
        call_command("load_demo", scale=0, stdout=StringIO())
    # then nothing was written
    assert _counts() == before


@pytest.mark.django_db
def test_load_demo_command_prints_logins_then_reports_nothing_to_do() -> None:
    # given the command run twice
    first, second = StringIO(), StringIO()
    call_command("load_demo", days=2, stdout=first, stderr=StringIO())
    call_command("load_demo", days=2, stdout=second, stderr=StringIO())
    # then the first loads and prints the logins table; the second only has nothing to do
    assert "Demokommunen Örebro är inläst" in first.getvalue()
    assert "Demokommunen Lekeberg är inläst" in first.getvalue()
    assert re.search(r"samordnare\s+Samordnare\s+Kommunledningsförvaltningen", first.getvalue())
    assert cast.DEMO_PASSWORD in first.getvalue()
    assert "redan aktuell" in second.getvalue()


@pytest.mark.django_db
def test_demo_migrates_loads_prints_and_serves_on_localhost(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given a demo command whose migrate and runserver are recorded, not run
    calls: list[tuple[Any, ...]] = []

    def record(*args: Any, **kwargs: Any) -> None:
        calls.append((*args, kwargs))

    monkeypatch.setattr(demo_command, "call_command", record)
    monkeypatch.setattr(loader, "HISTORY_DAYS", 2)
    out = StringIO()
    # when it runs on port 8123
    call_command("demo", port=8123, stdout=out, stderr=StringIO())
    # then it migrated, loaded the demo, printed logins and URL, and served without reloader
    assert calls[0][0] == "migrate"
    assert calls[-1] == ("runserver", "127.0.0.1:8123", {"use_reloader": False})
    assert Municipality.objects.filter(slug="orebro", is_demo=True).exists()
    assert re.search(r"polis\s+Rapportör\s+Polisen lokalpolisområde Örebro", out.getvalue())
    assert "http://127.0.0.1:8123/" in out.getvalue()


@pytest.mark.django_db
def test_a_failure_late_in_the_load_leaves_nothing_behind() -> None:
    # given a database whose national categories are gone (the load needs them last)
    taxonomy.uninstall(Category)
    before = _counts()
    # when the demo is loaded
    with pytest.raises(DemoError, match="kategorierna saknas"):
        load_demo(today=TODAY, days=3)
    # then the municipality, users and areas made before the failure were rolled back too
    assert _counts() == before
