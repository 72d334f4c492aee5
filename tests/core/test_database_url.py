"""DATABASE_URL for any backend Django supports: the pool only for PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from samordna.database import SQLITE_OPTIONS, database_settings, replica_settings

POOL = {"min_size": 1, "max_size": 4, "timeout": 10}


def test_without_a_url_the_embedded_sqlite_file_is_used(tmp_path: Path) -> None:
    config = database_settings("", default_sqlite=tmp_path / "var" / "db.sqlite3", pool=POOL)

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "var" / "db.sqlite3")
    assert config["OPTIONS"] == SQLITE_OPTIONS
    assert (tmp_path / "var").is_dir()


def test_a_sqlite_url_gets_the_sqlite_options_and_no_pool(tmp_path: Path) -> None:
    config = database_settings(f"sqlite:///{tmp_path}/other.sqlite3", tmp_path / "x", POOL)

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == f"{tmp_path}/other.sqlite3"
    assert "pool" not in config["OPTIONS"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgresql_gets_the_pool(tmp_path: Path) -> None:
    for scheme in ("postgres", "postgresql", "postgis"):
        config = database_settings(f"{scheme}://u:p@db.example:5432/samordna", tmp_path, POOL)
        assert config["OPTIONS"]["pool"] == POOL, scheme
        assert config["CONN_MAX_AGE"] == 0
        assert config["NAME"] == "samordna"


def test_other_backends_get_no_pool(tmp_path: Path) -> None:
    config = database_settings("mysql://u:p@db.example:3306/samordna", tmp_path, POOL)

    assert config["ENGINE"] == "django.db.backends.mysql"
    assert "pool" not in config.get("OPTIONS", {})


def test_samordna_starts_and_writes_on_a_sqlite_url(tmp_path: Path) -> None:
    # The old crash ("'pool' is an invalid keyword argument for Connection()") came at
    # the first connection: the system checks connect, and the shell writes a row.
    database = tmp_path / "url.sqlite3"
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{database}",
        "SAMORDNA_VAR_DIR": str(tmp_path / "var"),
    }
    write = (
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('CREATE TABLE probe (n integer)')\n"
        "    c.execute('INSERT INTO probe VALUES (7)')\n"
    )
    samordna = [sys.executable, "-m", "samordna"]
    for command in (["check", "--database", "default"], ["shell", "-c", write]):
        result = subprocess.run(samordna + command, env=env, capture_output=True, text=True)  # noqa: S603
        assert result.returncode == 0, result.stderr

    with sqlite3.connect(database) as connection:
        (value,) = connection.execute("SELECT n FROM probe").fetchone()
        (mode,) = connection.execute("PRAGMA journal_mode").fetchone()
    assert value == 7
    assert mode == "wal"


def test_a_replica_url_is_parsed_alike_and_mirrors_the_primary_in_tests(tmp_path: Path) -> None:
    config = replica_settings("postgres://u:p@replica.example:5432/samordna", POOL)

    assert config["HOST"] == "replica.example"
    assert config["OPTIONS"]["pool"] == POOL
    assert config["TEST"] == {"MIRROR": "default"}


def test_a_replica_url_adds_the_alias_the_router_and_the_middleware(tmp_path: Path) -> None:
    env = os.environ | {
        "DATABASE_REPLICA_URL": f"sqlite:///{tmp_path}/replica.sqlite3",
        "SAMORDNA_VAR_DIR": str(tmp_path / "var"),
    }
    without = {k: v for k, v in env.items() if k != "DATABASE_REPLICA_URL"}
    show = (
        "from django.conf import settings as s\n"
        "print(sorted(s.DATABASES), s.DATABASE_ROUTERS, "
        "'samordna.core.replica.ReplicaReadsMiddleware' in s.MIDDLEWARE)"
    )
    samordna = [sys.executable, "-m", "samordna", "shell", "-c", show]
    found = [
        subprocess.run(samordna, env=e, capture_output=True, text=True, check=True)  # noqa: S603
        .stdout.strip()
        .splitlines()[-1]
        for e in (env, without)
    ]

    router = "samordna.core.db_router.PrimaryReplicaRouter"
    assert found[0] == f"['default', 'replica'] ['{router}'] True"
    assert found[1] == "['default'] [] False"
