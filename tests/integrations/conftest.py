"""Polisen records for tests, and the world's municipalities as real Swedish ones."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any

import pytest

from samordna.core.models import Municipality
from tests.conftest import World

# The shared data directory sits beside the repository (DOMAIN.md, "External data").
REAL_FILE = Path(
    os.environ.get(
        "SAMORDNA_POLISEN_FILE",
        Path(__file__).resolve().parents[2].parent / "shared/data/polisen/events-2023-2026.json.gz",
    )
)
API_RESPONSE = Path(__file__).parent / "data" / "polisen_api_events.json"


def polisen_record(
    id: int = 650297,
    *,
    datetime: str = "2026-08-22 19:51:41 +02:00",
    name: str = "22 augusti 17.59, Brand, Kävlinge",
    type: str = "Brand",
    location: str = "Skåne län",
    gps: str = "55.990257,13.595769",
    summary: str = "Försök till grov mordbrand, Kävlinge.",
    url: str = "/aktuellt/handelser/2026/augusti/22/22-augusti-17.59-brand-kavlinge/",
) -> dict[str, Any]:
    """One record in the API's own shape (the defaults are a real event)."""
    return {
        "id": id,
        "datetime": datetime,
        "name": name,
        "summary": summary,
        "url": url,
        "type": type,
        "location": {"name": location, "gps": gps},
    }


def read_real_file() -> list[Any]:
    if not REAL_FILE.exists():
        pytest.skip(f"the real Polisen file is not here: {REAL_FILE}")
    with gzip.open(REAL_FILE) as stream:
        return list(json.load(stream))


@pytest.fixture
def real_events() -> list[Any]:
    return read_real_file()


@pytest.fixture
def api_events() -> list[Any]:
    return list(json.loads(API_RESPONSE.read_text("utf-8")))


@pytest.fixture
def swedish_world(world: World) -> World:
    """The cast, with A as Kävlinge and B as Malmö: police events match by official name/code."""
    Municipality.objects.filter(pk=world.a.pk).update(name="Kävlinge", code="1261")
    Municipality.objects.filter(pk=world.b.pk).update(name="Malmö", code="1280")
    world.a.refresh_from_db()
    world.b.refresh_from_db()
    return world
