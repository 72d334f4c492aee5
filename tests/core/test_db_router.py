"""The optional read replica (samordna.core.db_router, samordna.core.replica).

The `replica` alias mirrors the test database (tests/conftest.py); here it shares the
primary's connection, so it sees the test's own rows, while each alias logs its own
queries: a query logged on `replica` was routed there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.db import connections, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from samordna.core import db_router
from samordna.core.db_router import PRIMARY, REPLICA, PrimaryReplicaRouter, replica_reads
from samordna.core.models import Membership, Municipality, User
from samordna.core.replica import PIN_COOKIE
from samordna.reports.models import Observation
from samordna.situation.models import SituationPicture
from tests.public.helpers import picture, publish, recent_week
from tests.situation.factories import observe

WEEK = "2026-W40"
MIDDLEWARE = "samordna.core.replica.ReplicaReadsMiddleware"


@pytest.fixture
def routed(settings, monkeypatch, db) -> Iterator[None]:
    """The settings DATABASE_REPLICA_URL gives: the router, and the middleware before
    the sessions'. The mirror shares the primary's open connection, inside the test's
    transaction; a test case refuses queries to any alias but its own, so that guard is
    lifted from the mirror (it is the same database) for the test."""
    settings.DATABASE_ROUTERS = [db_router.ROUTER]
    sessions = settings.MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware")
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:sessions],
        MIDDLEWARE,
        *settings.MIDDLEWARE[sessions:],
    ]
    primary, replica = connections[PRIMARY], connections[REPLICA]
    for name, _ in TestCase._disallowed_connection_methods:
        monkeypatch.delattr(replica, name, raising=False)
    primary.ensure_connection()
    replica.connection = primary.connection
    for name in ("default", "pages"):
        caches[name].clear()
    yield
    replica.connection = None


class Queries:
    """What each alias ran during a block."""

    def __enter__(self) -> Queries:
        self._contexts = [CaptureQueriesContext(connections[a]) for a in (PRIMARY, REPLICA)]
        for context in self._contexts:
            context.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        for context in self._contexts:
            context.__exit__(*exc)
        logs = ([q["sql"] for q in c.captured_queries] for c in self._contexts)
        self.primary, self.replica = logs

    def on(self, alias: str, table: str) -> list[str]:
        found = self.primary if alias == PRIMARY else self.replica
        return [sql for sql in found if f'"{table}"' in sql]


def _only_reads(statements: list[str]) -> bool:
    """SELECTs only (on PostgreSQL a streamed read comes as DECLARE … CURSOR FOR SELECT)."""
    cursor = re.compile(r'^DECLARE "\w+" NO SCROLL CURSOR (WITH HOLD )?FOR SELECT ')
    return all(sql.startswith("SELECT ") or cursor.match(sql) for sql in statements)


def test_the_public_page_reads_from_the_replica(client, world, routed):
    # given a published municipality with a confirmed picture
    picture(world.a, recent_week(), {"A-1": ("Norra", 9)})
    publish(world.a)
    # when anybody opens its public page
    with Queries() as queries:
        response = client.get(f"/offentlig/{world.a.slug}/")
    # then the picture was read from the replica, and nothing was read from the primary
    assert response.status_code == 200
    assert queries.on(REPLICA, "situation_situationpicture")
    assert not queries.on(PRIMARY, "situation_situationpicture")
    assert _only_reads(queries.replica)
    assert PIN_COOKIE not in response.cookies


def test_the_situation_picture_reads_the_replica_and_who_may_see_it_the_primary(
    client, world, routed
):
    # given observations in the week and a signed-in coordinator
    observe(world, WEEK, 3)
    client.force_login(world.user("coordinator"))
    # when the coordinator opens the week's picture
    with Queries() as queries:
        response = client.get(f"/lagesbild/{WEEK}/")
    # then the observations came from the replica, the session and membership from the
    # primary, and nothing was written to the replica
    assert response.status_code == 200
    assert queries.on(REPLICA, "reports_observation")
    assert not queries.on(PRIMARY, "reports_observation")
    assert queries.on(PRIMARY, "django_session")
    assert queries.on(PRIMARY, "core_membership")
    assert not queries.on(REPLICA, "django_session")
    assert not queries.on(REPLICA, "core_membership")
    assert _only_reads(queries.replica)
    assert PIN_COOKIE not in response.cookies, "saving the session is no write to pin"


def test_a_post_reads_the_primary_and_the_next_request_too(client, world, routed):
    # given observations in the week and a signed-in coordinator
    observe(world, WEEK, 2)
    client.force_login(world.user("coordinator"))
    # when the coordinator confirms the picture
    with Queries() as posted, TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"/lagesbild/{WEEK}/confirm/", {"summary": "Lugnt."})
    # then nothing of the POST touched the replica and the browser is pinned
    assert response.status_code == 302
    assert SituationPicture.objects.filter(period_key=WEEK).exists()
    assert posted.replica == []
    assert response.cookies[PIN_COOKIE]["max-age"] == 10
    # when the coordinator opens the confirmed picture right after
    with Queries() as after:
        shown = client.get(f"/lagesbild/{WEEK}/")
    # then it is read from the primary, where the new picture surely is
    assert shown.status_code == 200
    assert "Fastställd" in shown.content.decode()
    assert after.replica == []
    assert after.on(PRIMARY, "situation_situationpicture")


def test_a_page_outside_the_read_only_ones_reads_the_primary(client, world, routed):
    client.force_login(world.user("coordinator"))
    with Queries() as queries:
        response = client.get("/problem/")
    assert response.status_code == 200
    assert queries.replica == []


def test_reads_after_a_write_in_the_same_block_stay_on_the_primary(world, routed):
    router = PrimaryReplicaRouter()
    with replica_reads() as state:
        assert router.db_for_read(Observation) == REPLICA
        # an UPDATE of no row is no write
        Municipality.objects.filter(pk=-1).update(name="Ingen")
        assert router.db_for_read(Observation) == REPLICA
        Municipality.objects.filter(pk=world.a.pk).update(name="Alfastad igen")
        assert state.wrote
        assert router.db_for_read(Observation) == PRIMARY


def test_transactions_and_access_control_read_the_primary(world, routed):
    router = PrimaryReplicaRouter()
    with replica_reads():
        for model in (User, Membership):
            assert router.db_for_read(model) == PRIMARY
        with transaction.atomic():
            assert router.db_for_read(Observation) == PRIMARY
        assert router.db_for_read(Observation) == REPLICA


def test_writes_and_migrations_only_on_the_primary(routed):
    router = PrimaryReplicaRouter()
    with replica_reads():
        assert router.db_for_write(Observation) == PRIMARY
    assert router.allow_migrate(PRIMARY, "reports")
    assert not router.allow_migrate(REPLICA, "reports")


def test_an_export_job_reads_its_rows_from_the_replica(client, world, routed):
    # given observations and a coordinator who asks for a background export
    observe(world, WEEK, 3)
    client.force_login(world.user("coordinator"))
    # when the job runs (at once in the tests)
    with Queries() as queries, TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/export/jobb/", {"format": "csv"})
    # then its rows came from the replica and its progress went to the primary
    assert response.status_code == 302
    assert queries.on(REPLICA, "reports_observation")
    assert _only_reads(queries.replica)
    assert [sql for sql in queries.on(PRIMARY, "reports_exportjob") if "UPDATE" in sql]


def test_a_streamed_export_reads_its_rows_from_the_replica(client, world, routed):
    # given observations and a coordinator
    observe(world, WEEK, 3)
    client.force_login(world.user("coordinator"))
    # when the coordinator downloads them as CSV (rows read while the body streams)
    with Queries() as queries:
        response = client.get("/export/iakttagelser.csv")
        body = b"".join(response.streaming_content)
    # then the rows came from the replica
    assert response.status_code == 200
    assert body.startswith(b"PK")  # the CSV comes zipped with its manifest
    assert queries.on(REPLICA, "reports_observation")
    assert not queries.on(PRIMARY, "reports_observation")
    assert _only_reads(queries.replica)


def test_without_a_replica_everything_reads_the_primary(client, world):
    # given the default settings (no DATABASE_REPLICA_URL): no router, no middleware,
    # and the test case's guard, which fails any query on the replica alias
    picture(world.a, recent_week(), {"A-1": ("Norra", 9)})
    publish(world.a)
    caches["default"].clear()
    # when anybody opens the public page
    with CaptureQueriesContext(connections[PRIMARY]) as primary:
        response = client.get(f"/offentlig/{world.a.slug}/")
    # then it was read from the primary
    assert response.status_code == 200
    assert any('"situation_situationpicture"' in q["sql"] for q in primary.captured_queries)
    assert db_router.read_alias() == PRIMARY
