"""Field-level encryption of identifying data and free text (Fernet, keys from the env).

`SAMORDNA_CASES_KEYS` holds one or more Fernet keys, comma-separated: the first
encrypts, every one decrypts (MultiFernet). Rotation: put the new key first, run
`samordna rotate_case_keys`, then drop the old key (docs/cases.md).

Without keys, DEBUG and the test suite use a key derived from SECRET_KEY; anything
else refuses to run (and `check` reports cases.E001).
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.db import models

# Every ciphertext starts with this, so a plaintext slipping into a column is easy to find.
PREFIX = "fernet:"


def development_key_allowed() -> bool:
    """DEBUG, or Django's test environment (which installs `mail.outbox`)."""
    return bool(settings.DEBUG) or hasattr(mail, "outbox")


def development_key() -> bytes:
    digest = hashlib.sha256(b"samordna-cases-development:" + settings.SECRET_KEY.encode()).digest()
    return base64.urlsafe_b64encode(digest)


def configured_keys() -> list[bytes]:
    return [key.encode() for key in settings.SAMORDNA_CASES_KEYS]


def cipher() -> MultiFernet:
    """Read at call time, never at import: a rotated key takes effect on restart."""
    keys = configured_keys()
    if not keys:
        if not development_key_allowed():
            raise ImproperlyConfigured("SAMORDNA_CASES_KEYS måste sättas i produktion.")
        keys = [development_key()]
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(plaintext: str) -> str:
    if plaintext == "":
        return ""
    return PREFIX + cipher().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(stored: str) -> str:
    if not stored:
        return ""
    if not stored.startswith(PREFIX):
        raise ValueError("An encrypted column holds something that is not a ciphertext.")
    try:
        return cipher().decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "Krypterade uppgifter kan inte läsas med nycklarna i SAMORDNA_CASES_KEYS."
        ) from error


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text encrypted in the database, plain in Python. Cannot be searched or filtered on."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return value if value is None else decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return value if value is None else encrypt(str(value))
