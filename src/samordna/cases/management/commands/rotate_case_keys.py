"""`samordna rotate_case_keys`: re-encrypt every encrypted column with the first key."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from samordna.cases.crypto import EncryptedTextField


class Command(BaseCommand):
    help = "Krypterar om alla krypterade fält i TSI-ärenden med den första nyckeln."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        with transaction.atomic():
            for model in apps.get_app_config("cases").get_models():
                fields = [f.name for f in model._meta.fields if isinstance(f, EncryptedTextField)]
                if not fields:
                    continue
                for row in model._default_manager.all().iterator():
                    # Reading decrypts with any key; saving encrypts with the first.
                    model._default_manager.filter(pk=row.pk).update(
                        **{name: getattr(row, name) for name in fields}
                    )
                    total += 1
        self.stdout.write(f"Omkrypterade rader: {total}")
