"""The demo's second municipality, Lekeberg (issue 19): its own small history, the police
area it shares with Örebro, a member of both, the county officer, and the confirmed
pictures and decided plan that the county's view reads."""

from __future__ import annotations

from datetime import date

import pytest
import shapely
from shapely.geometry import shape

from samordna.core.demo import lekeberg
from samordna.core.models import (
    Area,
    AuditEvent,
    CountyMembership,
    Membership,
    Municipality,
    Organisation,
    User,
)
from samordna.demo.lekeberg import load_lekeberg
from samordna.demo.loader import DemoError, load_demo
from samordna.plans.models import ActionPlan
from samordna.reports.destinations import destinations
from samordna.reports.models import Observation, Report
from samordna.situation.models import SituationPicture

TODAY = date(2026, 3, 10)


def _counts() -> dict[str, int]:
    models = (Municipality, Organisation, User, Membership, Report, Observation, AuditEvent)
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def loaded(db: None) -> None:
    load_demo(today=TODAY, days=60)
    load_lekeberg(today=TODAY, days=60)


def test_lekeberg_is_a_small_synthetic_demo_municipality(loaded: None) -> None:
    # given the loaded demo
    town = Municipality.objects.get(slug="lekeberg")
    rows = list(Observation.objects.filter(municipality=town).select_related("area", "report"))
    in_orebro = Observation.objects.filter(municipality__slug="orebro").count()
    # then Lekeberg (1814) is a demo tenant with its areas, and a history far smaller
    # than Örebro's, all synthetic and inside Lekeberg's own areas
    assert (town.name, town.code, town.is_demo) == ("Lekeberg", "1814", True)
    assert Area.objects.filter(municipality=town).count() == 4
    assert 0 < len(rows) < in_orebro / 5
    assert all(o.is_synthetic and o.report.is_synthetic for o in rows)
    assert all(o.area.municipality_id == town.pk for o in rows)
    assert all(
        shapely.contains_xy(shape(o.area.geometry), o.longitude, o.latitude) for o in rows[:200]
    )
    assert {o.organisation.municipality_id for o in rows} == {town.pk}


def test_the_police_area_spans_both_and_its_member_reports_in_both(loaded: None) -> None:
    # given the police area's branches and its demo member
    branches = Organisation.objects.filter(parent__slug=lekeberg.POLICE_AREA_SLUG)
    member = User.objects.get(username="polis-lpo")
    # then one branch in each municipality is linked, and the member reports in both
    assert sorted(branches.values_list("municipality__slug", flat=True)) == [
        "lekeberg",
        "orebro",
    ]
    assert branches.first().parent.name == "Lokalpolisområde Örebro"
    assert [d.municipality.slug for d in destinations(member)] == ["lekeberg", "orebro"]
    # and Lekeberg's police reports are the member's own
    police = Report.objects.filter(organisation__slug=lekeberg.POLISEN)
    assert police.exists()
    assert set(police.values_list("reporter__username", flat=True)) == {"polis-lpo"}


def test_the_county_officer_belongs_to_the_county_and_no_municipality(loaded: None) -> None:
    officer = User.objects.get(username="lansstyrelsen")
    assert list(
        CountyMembership.objects.filter(user=officer).values_list("county_code", flat=True)
    ) == ["18"]
    assert not Membership.objects.filter(user=officer).exists()


def test_confirmed_weekly_pictures_and_a_decided_plan_for_the_county(loaded: None) -> None:
    town = Municipality.objects.get(slug="lekeberg")
    weeks = SituationPicture.objects.filter(
        municipality=town, kind="week", status__in=["confirmed", "distributed"]
    )
    # Its own recent weeks, and the county's demo (county.demo) adds earlier ones.
    assert weeks.count() >= lekeberg.CONFIRMED_WEEKS
    plan = ActionPlan.objects.get(municipality=town)
    assert plan.title == lekeberg.ACTION_PLAN_TITLE
    assert plan.decided_on is not None
    assert plan.rows.count() == len(lekeberg.ACTION_PLAN_ROWS)


def test_loading_again_changes_nothing_and_scale_adds_its_own_stream(loaded: None) -> None:
    before = _counts()
    assert load_lekeberg(today=TODAY, days=60).created == {}
    assert _counts() == before
    # a scaled load adds Lekeberg's own extra stream, never touching Örebro's
    load_lekeberg(today=TODAY, days=60, scale=3)
    streams = AuditEvent.objects.filter(
        action="demo.load_observations", municipality__slug="lekeberg"
    ).values_list("changes__stream", flat=True)
    assert sorted(streams) == ["lekeberg-demo", "lekeberg-skala-3"]


@pytest.mark.django_db
def test_lekeberg_without_orebro_is_refused_and_nothing_written() -> None:
    before = _counts()
    with pytest.raises(DemoError, match="Örebro först"):
        load_lekeberg(today=TODAY, days=3)
    assert _counts() == before
