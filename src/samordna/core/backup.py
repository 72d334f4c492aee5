"""Backing up and restoring the whole database, for `samordna backup` and `restore`.

SQLite uses its online backup API: a backup can be taken while the server runs and
always holds one consistent state. PostgreSQL uses pg_dump / pg_restore with the
connection parameters in the environment, never on the command line, where any
user of the machine could read the password in the process list.

A backup is written beside its destination and moved into place only once it has
been checked, so an interrupted backup never leaves a half file under the real name.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3

# pg_dump and pg_restore run by full path with a list of arguments, never a shell.
import subprocess  # nosec B404
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection, transaction

from samordna.core import audit
from samordna.core.models import User

# Every Samordna database has these; a file without them is something else.
REQUIRED_TABLES = frozenset({"django_migrations", "core_auditevent"})
_PG_MAGIC = b"PGDMP"
_PG_TABLE = re.compile(r" TABLE \S+ (\S+)")


class BackupError(Exception):
    """A backup or restore that could not be done. The message is for the operator."""


def database_backup(*, actor: User | None, path: Path) -> None:
    """Write the whole database to `path`, readable only by the file's owner."""
    _refuse_inside_transaction()
    with _written_in_place(path) as partial:
        if _vendor() == "postgresql":
            _pg_dump(partial)
        else:
            _sqlite_backup(partial)
        check_backup_file(partial)
    with transaction.atomic():
        audit.record(actor=actor, action="system.backup", changes=_file_facts(path))


def database_restore(*, actor: User | None, path: Path) -> None:
    """Replace the whole database with the backup in `path`, all or nothing."""
    check_backup_file(path)
    _refuse_inside_transaction()
    if _vendor() == "postgresql":
        _pg_restore(path)
    else:
        _sqlite_restore(path)
    with transaction.atomic():
        audit.record(
            actor=_same_user_after_restore(actor),
            action="system.restore",
            changes=_file_facts(path),
        )


def check_backup_file(path: Path) -> None:
    """Refuse anything but a Samordna backup made for this kind of database."""
    if not path.is_file():
        raise BackupError(f"Filen {path} finns inte.")
    tables = _pg_tables(path) if _vendor() == "postgresql" else _sqlite_tables(path)
    missing = sorted(REQUIRED_TABLES - tables)
    if missing:
        raise BackupError(
            f"{path} är inte en säkerhetskopia av Samordna "
            f"(tabellerna {', '.join(missing)} saknas)."
        )


def _vendor() -> str:
    if connection.vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Databasen {connection.vendor} stöds inte av samordna backup.")
    return connection.vendor


def _refuse_inside_transaction() -> None:
    # SQLite's backup waits forever on a connection with an open write transaction,
    # and pg_dump cannot see uncommitted rows: either way the backup would be wrong.
    if connection.in_atomic_block:
        raise BackupError("Säkerhetskopiering och återställning kan inte göras i en transaktion.")


@contextmanager
def _written_in_place(path: Path) -> Iterator[Path]:
    if not path.parent.is_dir():
        raise BackupError(f"Mappen {path.parent} finns inte.")
    # mkstemp creates the file with mode 0600: a backup holds personal data.
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.close(handle)
    partial = Path(name)
    try:
        yield partial
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def _file_facts(path: Path) -> dict[str, str | int]:
    return {"file": path.name, "bytes": path.stat().st_size, "database": connection.vendor}


def _same_user_after_restore(actor: User | None) -> User | None:
    # The actor's row came from the database that was just replaced.
    if actor is None:
        return None
    user: User | None = User.objects.filter(pk=actor.pk, username=actor.username).first()
    return user


# --- SQLite -------------------------------------------------------------------------


def _sqlite_backup(target: Path) -> None:
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
        # One self-contained file: in WAL mode it would need -wal and -shm files beside it.
        destination.execute("PRAGMA journal_mode=DELETE")
    finally:
        destination.close()


def _sqlite_restore(source: Path) -> None:
    connection.ensure_connection()
    backup = _sqlite_open_readonly(source)
    try:
        backup.backup(connection.connection)
    finally:
        backup.close()


def _sqlite_open_readonly(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _sqlite_tables(path: Path) -> set[str]:
    try:
        database = _sqlite_open_readonly(path)
        try:
            if database.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise BackupError(f"{path} är skadad (SQLite: quick_check misslyckades).")
            rows = database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            return {name for (name,) in rows}
        finally:
            database.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} är inte en SQLite-databas.") from error


# --- PostgreSQL ------------------------------------------------------------------------


def _pg_dump(target: Path) -> None:
    _pg_run("pg_dump", "--format=custom", "--no-password", f"--file={target}")


def _pg_restore(source: Path) -> None:
    # Idle pooled connections hold no locks, but nothing may keep a transaction open
    # on the tables pg_restore drops; the next query takes a fresh connection.
    connection.close()
    # One transaction: a failed restore leaves the database as it was. An empty
    # --dbname makes pg_restore connect (rather than print SQL) to PGDATABASE.
    _pg_run(
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--no-password",
        "--dbname=",
        str(source),
    )


def _pg_tables(path: Path) -> set[str]:
    with path.open("rb") as handle:
        if handle.read(len(_PG_MAGIC)) != _PG_MAGIC:
            raise BackupError(
                f"{path} är inte en säkerhetskopia från PostgreSQL (pg_dump --format=custom)."
            )
    return set(_PG_TABLE.findall(_pg_run("pg_restore", "--list", str(path))))


def _pg_environment() -> dict[str, str]:
    settings = connection.settings_dict
    given = {
        "PGHOST": settings.get("HOST"),
        "PGPORT": settings.get("PORT"),
        "PGUSER": settings.get("USER"),
        "PGPASSWORD": settings.get("PASSWORD"),
        "PGDATABASE": settings.get("NAME"),
        "PGSSLMODE": settings.get("OPTIONS", {}).get("sslmode"),
    }
    return {**os.environ, **{key: str(value) for key, value in given.items() if value}}


def _pg_run(program: str, *arguments: str) -> str:
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            f"Programmet {program} finns inte. Installera PostgreSQL-klienten "
            "(Debian/Ubuntu: apt-get install postgresql-client)."
        )
    # A fixed program by its full path, the arguments as a list: no shell involved.
    result = subprocess.run(  # noqa: S603  # nosec B603
        [executable, *arguments],
        env=_pg_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{program} misslyckades: {result.stderr.strip()}")
    return result.stdout
