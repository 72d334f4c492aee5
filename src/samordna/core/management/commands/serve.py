"""`samordna serve`: the production web server, gunicorn with sync workers (WSGI).

Sync workers with Django's psycopg pool measured best on PostgreSQL; ASGI with
persistent connections ran PostgreSQL out of connections (DESIGN.md "Performance").
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.servers.basehttp import get_internal_wsgi_application
from django.db import connections
from gunicorn.app.base import BaseApplication
from gunicorn.http import wsgi as gunicorn_wsgi

logger = logging.getLogger("samordna.serve")

# No client address, user agent, referrer or query string: those can be personal
# data. The request id ties a line to the audit events of the same request.
ACCESS_LOG_FORMAT = "%(m)s %(U)s %(s)s %(B)s %(M)sms %({x-request-id}o)s"


WORKER_TIMEOUT = 30


def default_workers() -> int:
    return min(2 * (os.cpu_count() or 1) + 1, 8)


def server_options(*, bind: str, workers: int) -> dict[str, Any]:
    return {
        "bind": bind,
        "workers": workers,
        "worker_class": "sync",
        # Said here rather than left to gunicorn's default: a request that needs longer
        # is work for a job (exports, imports), never for a worker.
        "timeout": WORKER_TIMEOUT,
        "access_log_format": ACCESS_LOG_FORMAT,
        "logconfig_dict": _log_config(),
        # The runtime control socket would be one more way in, shared by every
        # instance on the machine (~/.gunicorn); restarts go through the service manager.
        "control_socket_disable": True,
        "post_worker_init": _arm_request_timeout,
    }


def _arm_request_timeout(worker: Any) -> None:
    """In each worker: requests end with the 503 page before the worker is killed."""
    from samordna.core import timeout

    seconds = min(settings.SAMORDNA_REQUEST_TIMEOUT, WORKER_TIMEOUT - 2)
    timeout.SECONDS = max(seconds, 0)


def _log_config() -> dict[str, Any]:
    # Gunicorn's lines go through the same JSON formatter as Django's, so a request
    # path holding an encoded newline cannot forge a log line.
    django_config: dict[str, Any] = settings.LOGGING
    gunicorn_logger = {"level": "INFO", "handlers": ["stdout"], "propagate": False}
    return {
        **django_config,
        "loggers": {
            **django_config.get("loggers", {}),
            "gunicorn.error": gunicorn_logger,
            "gunicorn.access": gunicorn_logger,
        },
    }


def _without_server_header(
    default_headers: Callable[[Any], list[str]],
) -> Callable[[Any], list[str]]:
    """Gunicorn writes `Server: gunicorn` itself and has no setting for it; the header
    tells an attacker which server and version to aim at (ASVS 5.0 V13.4.6)."""

    def headers(response: Any) -> list[str]:
        return [h for h in default_headers(response) if not h.lower().startswith("server:")]

    return headers


class SamordnaServer(BaseApplication):  # type: ignore[misc]
    """Gunicorn run from Python, so `samordna serve` needs no separate config file."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)
        if not getattr(gunicorn_wsgi.Response.default_headers, "without_server", False):
            patched = _without_server_header(gunicorn_wsgi.Response.default_headers)
            patched.without_server = True  # type: ignore[attr-defined]
            gunicorn_wsgi.Response.default_headers = patched

    def load(self) -> Any:
        # The application the settings name (WSGI_APPLICATION), as runserver finds it.
        return get_internal_wsgi_application()


class Command(BaseCommand):
    help = "Startar Samordna i produktion: gunicorn med sync-arbetare (WSGI)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default="127.0.0.1:8000",
            help="Adress och port att lyssna på (standard 127.0.0.1:8000).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="Antal arbetsprocesser (standard 2 × processorkärnor + 1, högst 8).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["workers"] < 1:
            raise CommandError("--workers måste vara minst 1.")
        self._collect_static()
        # Workers are forked from this process: none may inherit an open connection.
        connections.close_all()
        SamordnaServer(server_options(bind=options["bind"], workers=options["workers"])).run()

    def _collect_static(self) -> None:
        # A manifest names every file by its hash: present means collected, and then
        # only `samordna collectstatic` (after an upgrade) should touch it. Without one,
        # collectstatic is incremental and takes about a second.
        manifest_name = getattr(staticfiles_storage, "manifest_name", None)
        if manifest_name and (Path(settings.STATIC_ROOT) / manifest_name).exists():
            return
        # Logged rather than printed: everything the server writes is JSON lines.
        logger.info("Samlar ihop statiska filer (collectstatic).")
        call_command("collectstatic", interactive=False, verbosity=0)
