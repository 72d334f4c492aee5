"""Deploy check: production needs the cases keys, and they must be valid Fernet keys.

A deploy check (`check --deploy`), so that `migrate` and the like still run on a host
that has no keys yet; without keys, reading or writing encrypted case data refuses
with ImproperlyConfigured (crypto.cipher), so nothing is ever stored unencrypted.
"""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet
from django.core.checks import Error, register

from samordna.cases.crypto import configured_keys, development_key_allowed


@register("security", deploy=True)
def cases_keys(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    keys = configured_keys()
    if not keys and not development_key_allowed():
        return [
            Error(
                "SAMORDNA_CASES_KEYS is not set.",
                hint="Generate one with `python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'` (see docs/cases.md).",
                id="cases.E001",
            )
        ]
    errors = []
    for index, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError:
            errors.append(
                Error(f"Key number {index} in SAMORDNA_CASES_KEYS is invalid.", id="cases.E002")
            )
    return errors
