"""The audit log is a hash chain: an event deleted, changed or slipped in behind the
triggers' back (by whoever owns the table) is found by `samordna verify_audit`."""

from __future__ import annotations

import importlib
import io
import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from samordna.core import audit, audit_chain
from samordna.core.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db

chain_migration = importlib.import_module("samordna.core.migrations.0006_audit_chain")


@pytest.fixture
def events() -> list[AuditEvent]:
    """Five events written the way every service writes them."""
    with transaction.atomic():
        return [
            audit.record(actor=None, action="test.chain", changes={"n": n, "text": "å\nä"})
            for n in range(5)
        ]


@pytest.fixture
def triggers_lifted() -> None:
    """What the table's owner can do: the append-only triggers dropped (inside the
    test's transaction, so they are back afterwards)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The events just written have their foreign-key checks pending until
            # commit, and PostgreSQL alters no table with pending trigger events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for statement in chain_migration.LIFT[connection.vendor]:
            cursor.execute(statement)


def sql(statement: str, *params: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def verify_audit(*args: str) -> str:
    out = io.StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def breaks(*args: str) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError, match="inte hel"):
        call_command("verify_audit", *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def test_each_event_links_to_the_one_written_before_it(events):
    # then the events follow each other, each carrying its predecessor's hash
    sequences = [e.sequence for e in events]
    assert sequences == list(range(sequences[0], sequences[0] + 5))
    for before, after in itertools.pairwise(events):
        assert after.previous_hash == before.hash
    # and the head is the last event, and the whole log verifies
    head = AuditChainHead.objects.get()
    assert (head.length, head.hash) == (events[-1].sequence, events[-1].hash)
    assert f"{head.length}:{head.hash}" in verify_audit()


def test_the_stored_event_hashes_to_what_was_chained(events):
    # the hash is over what the database gives back (JSON key order, time zone)
    stored = AuditEvent.objects.filter(pk=events[2].pk).values("id", *audit_chain.CONTENT).get()
    assert audit_chain.hash_of(events[2].sequence, events[1].hash, stored) == events[2].hash


def test_a_deleted_event_is_found(events, triggers_lifted):
    # when one event in the middle is deleted behind the application's back
    sql("DELETE FROM core_auditevent WHERE id = %s", events[2].pk)
    # then verification fails and names the place
    report = breaks()
    assert f"position {events[3].sequence} " in report
    assert "1 händelse(r) före denna saknas" in report


def test_a_changed_event_is_found(events, triggers_lifted):
    sql("UPDATE core_auditevent SET target_label = 'förfalskad' WHERE id = %s", events[1].pk)
    report = breaks()
    assert f"position {events[1].sequence} " in report
    assert "innehållet har ändrats" in report


def test_an_event_written_past_samordna_is_found(events, triggers_lifted):
    # an INSERT that does not go through audit.record() has no place in the chain
    forged = AuditEvent(action="forged", channel="web")
    forged.save(force_insert=True)
    assert f"händelse {forged.pk}): händelsen står utanför kedjan" in breaks()


def test_a_truncated_tail_is_found_by_the_head_and_by_an_earlier_anchor(events, triggers_lifted):
    anchor = f"{events[-1].sequence}:{events[-1].hash}"
    # when the last two events are deleted
    sql("DELETE FROM core_auditevent WHERE id IN (%s, %s)", events[3].pk, events[4].pk)
    assert "kedjan slutar vid" in breaks()
    # and even when the head is rewritten to match, the written-down anchor is not met
    sql(
        "UPDATE core_auditchainhead SET length = %s, hash = %s",
        events[2].sequence,
        events[2].hash,
    )
    assert verify_audit().startswith("Granskningsloggen är hel")
    assert "ankarets händelse finns inte längre" in breaks("--anchor", anchor)


def test_an_anchor_in_another_form_is_refused_in_swedish(events):
    with pytest.raises(CommandError, match="POSITION:HASH"):
        call_command("verify_audit", "--anchor", "not-an-anchor", stdout=io.StringIO())
