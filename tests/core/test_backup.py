"""`samordna backup` and `restore`: a round trip keeps every row of every table.

SQLite cannot back up a connection that has an open write transaction, pg_dump sees
only committed rows, a flush after a transactional test would hit the audit log's
DELETE trigger on SQLite and would wipe the session's shared cast (tests/conftest.py)
on both. So these tests work on the committed test database, outside any
transaction, and put a pristine copy of it back afterwards.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from samordna.core import audit_chain, backup, services
from samordna.core.backup import BackupError, database_backup
from samordna.core.models import AuditEvent, Municipality, Organisation

ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
AUDIT = "core_auditevent"
# The audit chain's end moves with every event, the restore's own included.
AUDIT_HEAD = "core_auditchainhead"


def snapshot() -> dict[str, list[str]]:
    """Every row of every table, as sorted text."""
    tables: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            # The name comes from the database's own catalogue, quoted by Django.
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            tables[table] = sorted(repr(tuple(map(_plain, row))) for row in cursor.fetchall())
    return tables


def _plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


def fingerprints(tables: dict[str, list[str]]) -> dict[str, tuple[int, str]]:
    """Per table: the row count and a checksum of all its rows."""
    return {
        name: (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
        for name, rows in tables.items()
    }


def change_everything_a_little() -> None:
    municipality = services.municipality_create(
        actor=None, name="Efter kopian", slug="efter", code="9977"
    )
    services.organisation_create(
        actor=None, municipality=municipality, name="Ny\nrad", slug="ny", kind="police"
    )


@pytest.fixture
def committed_database(django_db_setup, django_db_blocker, tmp_path) -> Iterator[None]:
    """The test database outside any transaction, put back exactly as it was afterwards."""
    with django_db_blocker.unblock():
        connection.ensure_connection()
        if connection.vendor == "postgresql":
            yield from _kept_postgresql(tmp_path / "pristine.backup")
        else:
            yield from _kept_sqlite()


def _kept_sqlite() -> Iterator[None]:
    pristine = sqlite3.connect(":memory:")
    connection.connection.backup(pristine)
    try:
        yield
    finally:
        pristine.backup(connection.connection)
        pristine.close()


def _kept_postgresql(pristine: Path) -> Iterator[None]:
    backup._pg_dump(pristine)
    try:
        yield
    finally:
        backup._pg_restore(pristine)


def assert_round_trip_keeps_every_row(tmp_path: Path) -> None:
    # Given a database with rows in many tables, some with awkward text
    services.municipality_create(actor=None, name='Åre "test"\n– ☃', slug="kopia", code="9966")
    before = snapshot()
    filled = {name for name, rows in before.items() if rows}
    assert {"core_municipality", "core_organisation", "core_user", AUDIT} <= filled
    path = tmp_path / "samordna.backup"

    # When it is backed up, changed, and restored
    call_command("backup", str(path))
    backup_event = AuditEvent.objects.get(action="system.backup")
    change_everything_a_little()
    assert fingerprints(snapshot()) != fingerprints(before)
    call_command("restore", str(path), "--yes")
    after = snapshot()

    # Then every table holds exactly the rows it had, and the audit log the restore too
    assert path.stat().st_mode & 0o777 == 0o600
    assert backup_event.changes["file"] == "samordna.backup"
    audit_before, audit_after = before.pop(AUDIT), after.pop(AUDIT)
    before.pop(AUDIT_HEAD), after.pop(AUDIT_HEAD)
    assert fingerprints(after) == fingerprints(before)
    assert set(audit_before) <= set(audit_after)
    assert len(audit_after) == len(audit_before) + 1
    # and the restored log, with the restore's event, is one unbroken chain
    assert audit_chain.verify().intact
    restore_event = AuditEvent.objects.latest("id")
    assert (restore_event.action, restore_event.actor_label) == ("system.restore", "system")
    assert not Municipality.objects.filter(slug="efter").exists()


@pytest.mark.skipif(ON_POSTGRESQL, reason="DATABASE_URL är satt: PostgreSQL testas i stället.")
def test_sqlite_round_trip_keeps_every_row(committed_database, tmp_path):
    assert connection.vendor == "sqlite"
    assert_round_trip_keeps_every_row(tmp_path)


@pytest.mark.skipif(not ON_POSTGRESQL, reason="DATABASE_URL pekar inte på PostgreSQL.")
def test_postgresql_round_trip_keeps_every_row(committed_database, tmp_path):
    assert connection.vendor == "postgresql"
    assert_round_trip_keeps_every_row(tmp_path)


def test_restore_asks_first_and_no_changes_nothing(committed_database, tmp_path, monkeypatch):
    # Given a backup, and a change made after it
    path = tmp_path / "kopia.sqlite3"
    call_command("backup", str(path))
    change_everything_a_little()

    # When the operator answers anything but "ja", or there is no one to answer
    answers = iter(["nej"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="avbröts"):
        call_command("restore", str(path))
    monkeypatch.setattr("builtins.input", _no_stdin)
    with pytest.raises(CommandError, match="avbröts"):
        call_command("restore", str(path))

    # Then nothing was restored; "ja" does restore
    assert Municipality.objects.filter(slug="efter").exists()
    assert not AuditEvent.objects.filter(action="system.restore").exists()
    monkeypatch.setattr("builtins.input", lambda prompt: "ja")
    call_command("restore", str(path))
    assert not Municipality.objects.filter(slug="efter").exists()


def _no_stdin(prompt: str) -> str:
    raise EOFError


def _foreign_sqlite(path: Path) -> None:
    database = sqlite3.connect(path)
    database.execute("CREATE TABLE django_migrations (id integer)")
    database.close()


@pytest.mark.parametrize(
    ("make_file", "reason"),
    [
        (lambda path: None, "finns inte"),
        (lambda path: path.write_text("PGDMX inte en kopia\n" * 50), "inte en"),
        (_foreign_sqlite, "inte en"),
    ],
    ids=["missing", "text", "other-sqlite-database"],
)
def test_restore_refuses_what_is_not_a_samordna_backup(world, tmp_path, make_file, reason):
    # Given a file that is not a Samordna backup
    path = tmp_path / "fel.backup"
    make_file(path)
    events, organisations = AuditEvent.objects.count(), Organisation.objects.count()

    # When it is restored
    with pytest.raises(CommandError, match=reason):
        call_command("restore", str(path), "--yes")

    # Then the database is untouched
    assert (AuditEvent.objects.count(), Organisation.objects.count()) == (events, organisations)


def test_backup_inside_a_transaction_is_refused(world, tmp_path):
    # Given a caller inside a transaction (SQLite's backup would wait forever)
    path = tmp_path / "kopia.backup"

    # When it asks for a backup
    with pytest.raises(BackupError, match="transaktion"):
        database_backup(actor=None, path=path)

    # Then there is no file, half or whole, and no audit event
    assert list(tmp_path.iterdir()) == []
    assert not AuditEvent.objects.filter(action="system.backup").exists()


def test_backup_into_a_missing_folder_says_so(committed_database, tmp_path):
    with pytest.raises(CommandError, match=r"Mappen .* finns inte"):
        call_command("backup", str(tmp_path / "saknas" / "kopia.backup"))
    assert not AuditEvent.objects.filter(action="system.backup").exists()


def test_postgresql_password_travels_in_the_environment_only(db, tmp_path, monkeypatch):
    # Given PostgreSQL connection settings with a password
    secret = "hemligt-lösenord-123"
    for key, value in {"NAME": "samordna", "USER": "app", "HOST": "db", "PORT": "5432"}.items():
        monkeypatch.setitem(connection.settings_dict, key, value)
    monkeypatch.setitem(connection.settings_dict, "PASSWORD", secret)
    monkeypatch.setattr(backup.shutil, "which", lambda program: f"/usr/bin/{program}")
    calls: list[tuple[list[str], dict[str, str]]] = []

    def fake_run(args: list[str], env: dict[str, str], **kwargs: Any) -> Any:
        calls.append((args, env))
        return subprocess.CompletedProcess(args, 0, stdout="", stderr="")

    monkeypatch.setattr(backup.subprocess, "run", fake_run)

    # When pg_dump is run
    backup._pg_dump(tmp_path / "kopia.backup")

    # Then the password is in its environment and nowhere on its command line
    [(args, env)] = calls
    assert args[0] == "/usr/bin/pg_dump"
    assert "--format=custom" in args
    assert not any(secret in arg or arg == "db" for arg in args)
    assert env["PGPASSWORD"] == secret
    assert (env["PGHOST"], env["PGUSER"], env["PGDATABASE"]) == ("db", "app", "samordna")
