"""`samordna escalate_needs`: lift needs without an owner to the leadership group (daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from samordna.cases.responsibility import escalate_due


class Command(BaseCommand):
    help = "Lyfter behov utan accepterad ägare till ledningsgruppen."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Lyfta behov: {escalate_due(now=timezone.now())}")
