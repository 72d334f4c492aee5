"""Every endpoint listed in tests/<app>/endpoints.py x every actor (see permissions.py)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

from tests.permissions import ACTORS, Actor, Endpoint, check


def _all_endpoints() -> list[Endpoint]:
    endpoints: list[Endpoint] = []
    for package in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if not package.ispkg:
            continue
        try:
            module = importlib.import_module(f"tests.{package.name}.endpoints")
        except ModuleNotFoundError as exc:
            if exc.name != f"tests.{package.name}.endpoints":
                raise
            continue
        endpoints.extend(module.ENDPOINTS)
    return endpoints


ENDPOINTS = _all_endpoints()


def test_the_matrix_covers_endpoints() -> None:
    names = [e.name for e in ENDPOINTS]
    assert len(names) == len(set(names)), "endpoint names must be unique"
    assert len(names) >= 5


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.id)
def test_permission_matrix(client, world, endpoint: Endpoint, actor: Actor) -> None:
    check(client, endpoint, actor, world)
