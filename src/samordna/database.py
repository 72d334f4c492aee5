"""The `DATABASES` setting from `DATABASE_URL`, for any backend Django supports.

Without a URL Samordna runs on the embedded SQLite file under `var/`. SQLite, from the
default or from a `sqlite:///…` URL, gets the same options (WAL, immediate
transactions, a lock timeout); PostgreSQL gets the psycopg connection pool; any other
backend is used as dj-database-url parses it.
"""

from pathlib import Path
from typing import Any

import dj_database_url

# WAL lets readers and one writer work at once; IMMEDIATE avoids "database is locked"
# on an upgrade from read to write.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
POSTGRESQL_ENGINES = {
    "django.db.backends.postgresql",
    "django.contrib.gis.db.backends.postgis",
}


def database_settings(url: str, default_sqlite: Path, pool: dict[str, int]) -> dict[str, Any]:
    """One entry of `DATABASES`: from `url`, or the SQLite file `default_sqlite` when empty.

    `pool` (psycopg's `min_size`, `max_size`, `timeout`) applies only to PostgreSQL:
    other backends refuse a `pool` option.
    """
    if not url:
        default_sqlite.parent.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
    options = config.setdefault("OPTIONS", {})
    if config["ENGINE"] == "django.db.backends.sqlite3":
        for name, value in SQLITE_OPTIONS.items():
            options.setdefault(name, value)
    elif config["ENGINE"] in POSTGRESQL_ENGINES:
        # Sync workers share a small pool (DESIGN.md "Performance"); a pool needs
        # CONN_MAX_AGE = 0, which conn_max_age above gives every backend.
        options["pool"] = dict(pool)
    return config


def replica_settings(url: str, pool: dict[str, int]) -> dict[str, Any]:
    """The `replica` entry of `DATABASES`: parsed as the primary's, and in Django's
    tests a mirror of the primary's test database (no database of its own)."""
    config = database_settings(url, Path(), pool)
    config["TEST"] = {"MIRROR": "default"}
    return config
