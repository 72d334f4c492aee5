"""Production needs SAMORDNA_CASES_KEYS (system check cases.E001), valid ones (E002)."""

from __future__ import annotations

from cryptography.fernet import Fernet
from django.core import mail

from samordna.cases.checks import cases_keys


def test_production_without_keys_fails_the_check(settings, monkeypatch):
    settings.SAMORDNA_CASES_KEYS = []
    settings.DEBUG = False
    monkeypatch.delattr(mail, "outbox")  # outside the test environment

    assert [e.id for e in cases_keys()] == ["cases.E001"]


def test_production_without_keys_refuses_to_encrypt(settings, monkeypatch):
    import pytest
    from django.core.exceptions import ImproperlyConfigured

    from samordna.cases.crypto import encrypt

    settings.SAMORDNA_CASES_KEYS = []
    settings.DEBUG = False
    monkeypatch.delattr(mail, "outbox")

    with pytest.raises(ImproperlyConfigured):
        encrypt("Namn")


def test_an_invalid_key_fails_the_check(settings):
    settings.SAMORDNA_CASES_KEYS = [Fernet.generate_key().decode(), "not-a-key"]

    assert [e.id for e in cases_keys()] == ["cases.E002"]


def test_valid_keys_pass(settings):
    settings.SAMORDNA_CASES_KEYS = [Fernet.generate_key().decode()]

    assert cases_keys() == []
