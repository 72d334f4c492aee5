"""The fixed cast every test can use: two municipalities, three organisations, a user
per role in each, and a few objects owned by municipality A / organisation A1."""

from __future__ import annotations

import copy
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches

from samordna.core import services
from samordna.core.geo import area_geometry
from samordna.core.models import (
    Area,
    CountyMembership,
    Municipality,
    Organisation,
    ParentOrganisation,
    Place,
    User,
)
from samordna.core.roles import Role
from samordna.county.models import CountySharing
from samordna.groups.models import GroupMember, MunicipalityGroup
from samordna.reports import form_lists
from tests.browser import demo_folder, demo_server  # noqa: F401  (fixtures for the browser tests)

PASSWORD = "korrekt-hast-batteri-häftstift"

# A small square in Örebro and one in Västerås (WGS84).
SQUARE_A = {
    "type": "Polygon",
    "coordinates": [
        [[15.20, 59.27], [15.22, 59.27], [15.22, 59.28], [15.20, 59.28], [15.20, 59.27]]
    ],
}
SQUARE_B = {
    "type": "Polygon",
    "coordinates": [
        [[16.54, 59.61], [16.56, 59.61], [16.56, 59.62], [16.54, 59.62], [16.54, 59.61]]
    ],
}

RELATIONS = ("own_org", "other_org", "other_municipality")
# The actors beyond a role in one organisation (issue 19), as (role, relation): the
# installation's operator; a county officer of A's county and one of another county; a
# member of the police area that works in A and B (its branches A2 and B2) in both, and one
# in B's branch only.
EXTRA_ACTORS = (
    ("operator", "platform"),
    ("county", "county_of_a"),
    ("county", "other_county"),
    ("reporter", "spanning_both"),
    ("coordinator", "spanning_b_only"),
)


@dataclass
class World:
    a: Municipality
    b: Municipality
    a1: Organisation
    a2: Organisation
    b1: Organisation
    area_a: Area
    area_b: Area
    place_a: Place
    users: dict[tuple[str, str], User] = field(default_factory=dict)

    def user(self, role: str, relation: str = "own_org") -> User:
        return self.users[(role, relation)]


def build_world() -> World:
    a = services.municipality_create(actor=None, name="Alfastad", slug="alfa", code="9901")
    b = services.municipality_create(actor=None, name="Betaby", slug="beta", code="9902")
    a1 = services.organisation_create(
        actor=None, municipality=a, name="Alfa bostäder", slug="alfa-bostader", kind="housing"
    )
    a2 = services.organisation_create(
        actor=None, municipality=a, name="Alfa polis", slug="alfa-polis", kind="police"
    )
    b1 = services.organisation_create(
        actor=None, municipality=b, name="Beta kommun", slug="beta-kommun", kind="municipal"
    )
    area_a = services.area_create(
        actor=None,
        municipality=a,
        name="Hemligområdet Alfa",
        kind="est",
        geometry=area_geometry(SQUARE_A),
    )
    area_b = services.area_create(
        actor=None,
        municipality=b,
        name="Hemligområdet Beta",
        kind="est",
        geometry=area_geometry(SQUARE_B),
    )
    place_a = services.place_create(
        actor=None,
        municipality=a,
        name="Alfatorget",
        kind="square",
        longitude=15.21,
        latitude=59.275,
        managing_organisation=a1,
    )
    world = World(a=a, b=b, a1=a1, a2=a2, b1=b1, area_a=area_a, area_b=area_b, place_a=place_a)
    orgs = {"own_org": a1, "other_org": a2, "other_municipality": b1}
    for role in Role:
        for relation, org in orgs.items():
            user = services.user_create(
                actor=None,
                username=f"{role.value}-{relation}",
                email=f"{role.value}-{relation}@example.invalid",
                password=PASSWORD,
            )
            services.membership_create(actor=None, user=user, organisation=org, role=role)
            world.users[(role.value, relation)] = user
    _build_extra_actors(world)
    return world


def _build_extra_actors(world: World) -> None:
    """The operator, two county officers and the members of an organisation that spans
    A and B (see EXTRA_ACTORS)."""
    parent = ParentOrganisation.objects.create(
        name="Polisområde Alfa–Beta", slug="polisomrade-alfa-beta", kind="police"
    )
    b2 = services.organisation_create(
        actor=None, municipality=world.b, name="Beta polis", slug="beta-polis", kind="police"
    )
    Organisation.objects.filter(pk__in=[world.a2.pk, b2.pk]).update(parent=parent)
    for role, relation in EXTRA_ACTORS:
        user = services.user_create(
            actor=None,
            username=f"{role}-{relation}",
            email=f"{role}-{relation}@example.invalid",
            password=PASSWORD,
        )
        world.users[(role, relation)] = user
    User.objects.filter(username="operator-platform").update(is_operator=True)
    CountyMembership.objects.create(
        user=world.users[("county", "county_of_a")], county_code=world.a.code[:2]
    )
    CountyMembership.objects.create(user=world.users[("county", "other_county")], county_code="98")
    # A shares with its county (the county app); B does not.
    CountySharing.objects.create(municipality=world.a)
    both = world.users[("reporter", "spanning_both")]
    services.membership_create(actor=None, user=both, organisation=world.a2, role=Role.REPORTER)
    services.membership_create(actor=None, user=both, organisation=b2, role=Role.REPORTER)
    services.membership_create(
        actor=None,
        user=world.users[("coordinator", "spanning_b_only")],
        organisation=b2,
        role=Role.COORDINATOR,
    )
    _build_group(world)


def _build_group(world: World) -> None:
    """A group of A and B, both consenting (samordna.groups; tests/groups/endpoints.py)."""
    group = MunicipalityGroup.objects.create(name="Polisområde Alfa–Beta", slug="alfa-beta")
    for municipality in (world.a, world.b):
        GroupMember.objects.create(
            group=group, municipality=municipality, consent_given_at=group.created_at
        )


_WORLD_KEYS: dict[str, int] = {}

# Tests that serve the demo from a SQLite file of their own (tests/browser.py).
_OWN_SQLITE_FIXTURES = {"demo_folder", "demo_server", "est_demo_server"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the tests that never touch the suite's database as `own_sqlite`. CI runs the
    suite twice, on SQLite and on PostgreSQL; with SAMORDNA_TESTS_OWN_SQLITE_ONCE=1 (its
    PostgreSQL run) they are skipped there, since they would repeat the very same work."""
    once = os.environ.get("SAMORDNA_TESTS_OWN_SQLITE_ONCE") == "1"
    skip = pytest.mark.skip(reason="own SQLite demo, not DATABASE_URL: run in the SQLite suite")
    for item in items:
        if _OWN_SQLITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.own_sqlite)
        if once and item.get_closest_marker("own_sqlite"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _no_cached_pages() -> None:
    """Every test starts with no cached picture page (situation.page_cache) and nothing
    in the per-process cache (the form's most used categories, the public pages): the
    test database is rolled back between tests, a cache is not."""
    caches["pages"].clear()
    caches["default"].clear()
    form_lists.forget_in_process()


@pytest.fixture(scope="session", autouse=True)
def _var_dir_per_worker(worker_id: str) -> None:
    """Each test process (pytest-xdist worker) keeps its exports and pending uploads
    in a folder of its own, so that no test sees another process's files."""
    if worker_id != "master":
        settings.VAR_DIR = Path(settings.VAR_DIR) / worker_id
        # Nor another's cached picture pages (its database has the same ids).
        pages = settings.CACHES["pages"]
        pages["LOCATION"] = Path(pages["LOCATION"]) / worker_id
        caches["pages"].close()
        del caches["pages"]


@pytest.fixture(autouse=True)
def _no_rendered_pictures_from_other_tests() -> None:
    """Stored picture files are named by picture id and content; a rolled-back test
    leaves its ids to the next one, so it must not leave its files either."""
    shutil.rmtree(Path(settings.VAR_DIR) / "pictures", ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """A `replica` alias that mirrors the test database (TEST MIRROR, as with
    DATABASE_REPLICA_URL), so the replica's routing is testable: nothing reads from it
    unless a test installs the router (tests/core/test_db_router.py)."""
    default = settings.DATABASES["default"]
    test = {**default.get("TEST", {}), "MIRROR": "default"}
    settings.DATABASES.setdefault("replica", {**copy.deepcopy(default), "TEST": test})


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the cast once; every test runs in a transaction that is rolled back."""
    with django_db_blocker.unblock():
        world = build_world()
    _WORLD_KEYS.update(
        {
            name: getattr(world, name).pk
            for name in ("a", "b", "a1", "a2", "b1", "area_a", "area_b", "place_a")
        }
    )


@pytest.fixture
def world(db: None) -> World:
    """Fresh instances of the cast, so a test may change them freely (a query per model:
    the matrix asks for the world thousands of times)."""
    municipalities = Municipality.objects.in_bulk([_WORLD_KEYS["a"], _WORLD_KEYS["b"]])
    organisations = Organisation.objects.in_bulk([_WORLD_KEYS[n] for n in ("a1", "a2", "b1")])
    areas = Area.objects.in_bulk([_WORLD_KEYS["area_a"], _WORLD_KEYS["area_b"]])
    names = {
        f"{role.value}-{relation}": (role.value, relation)
        for role in Role
        for relation in RELATIONS
    }
    names.update({f"{role}-{relation}": (role, relation) for role, relation in EXTRA_ACTORS})
    users = {names[user.username]: user for user in User.objects.filter(username__in=names)}
    return World(
        a=municipalities[_WORLD_KEYS["a"]],
        b=municipalities[_WORLD_KEYS["b"]],
        a1=organisations[_WORLD_KEYS["a1"]],
        a2=organisations[_WORLD_KEYS["a2"]],
        b1=organisations[_WORLD_KEYS["b1"]],
        area_a=areas[_WORLD_KEYS["area_a"]],
        area_b=areas[_WORLD_KEYS["area_b"]],
        place_a=Place.objects.get(pk=_WORLD_KEYS["place_a"]),
        users=users,
    )
