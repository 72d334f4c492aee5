"""`samordna demo [--port N]`: database, demo municipality and a local server in one go."""

from __future__ import annotations

import subprocess  # nosec B404 - starts our own task worker
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from samordna.demo.loader import format_logins
from samordna.demo.management.commands import load_demo

HOST = "127.0.0.1"


class Command(BaseCommand):
    help = (
        "Skapar eller uppgraderar databasen, läser in demokommunerna Örebro och Lekeberg, "
        "skriver ut demoinloggningarna och startar Samordna på 127.0.0.1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="Port (förval 8000).")

    def handle(self, *args: Any, **options: Any) -> None:
        port = options["port"]
        self.stdout.write("Skapar eller uppgraderar databasen …")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Läser in demokommunerna Örebro och Lekeberg …")
        loader = load_demo.Command()
        loader.stdout, loader.stderr, loader.style = self.stdout, self.stderr, self.style
        result = loader.load(scale=1, days=None, verbosity=options["verbosity"])
        self.stdout.write(format_logins(result.logins))
        self.stdout.write(
            self.style.SUCCESS(f"\nÖppna http://{HOST}:{port}/ och logga in. Avsluta med Ctrl+C.")
        )
        # Long work (PDFs, distribution, imports, big exports) runs as tasks: a worker
        # beside the server keeps the demo one command.
        worker = subprocess.Popen(  # nosec B603
            [sys.executable, "-m", "samordna", "db_worker", "--no-reload", "--verbosity", "0"]
        )
        try:
            # Without the reloader: one process, so the demo data is loaded exactly once.
            call_command("runserver", f"{HOST}:{port}", use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
