"""`samordna erase_due_cases`: erase closed cases whose erasure date has passed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from samordna.cases.retention import erase_due


class Command(BaseCommand):
    help = "Gallrar avslutade TSI-ärenden vars gallringsdatum har passerat (ej bevarandebeslut)."

    def handle(self, *args: Any, **options: Any) -> None:
        erased = erase_due(today=timezone.localdate())
        self.stdout.write(f"Gallrade ärenden: {len(erased)}")
