"""Kolada answers for tests, in the API v3 shape (see kolada/records.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import responses

from samordna.core.models import Municipality
from tests.conftest import World

BASE = "https://api.kolada.se/v3"
STARTER_FILE = Path(__file__).parent / "data" / "kolada_kpi_starter.json"
ABSENT = object()


def kpi(
    id: str = "N07403",
    *,
    title: str = "Anmälda våldsbrott, antal/100 000 inv",
    municipality_type: str = "K",
    is_divided_by_gender: int = 1,
) -> dict[str, Any]:
    return {
        "id": id,
        "title": title,
        "description": "Källa: BRÅ & SCB",
        "municipality_type": municipality_type,
        "is_divided_by_gender": is_divided_by_gender,
        "operating_area": "Brott",
        "auspice": "X",
    }


def record(
    kpi: str = "N07403",
    period: Any = 2024,
    *,
    municipality: str = "1880",
    values: Any = ABSENT,
) -> dict[str, Any]:
    """One data record: a year with a value per gender (by default T, K and M)."""
    if values is ABSENT:
        values = [
            {"gender": "T", "value": 1200.5, "count": 1, "status": ""},
            {"gender": "K", "value": 900.0, "count": 1, "status": ""},
            {"gender": "M", "value": None, "count": 0, "status": "Uppgift saknas"},
        ]
    return {"kpi": kpi, "municipality": municipality, "period": period, "values": values}


def page(values: list[Any], next_url: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"count": len(values), "values": values}
    if next_url:
        body["next_url"] = next_url
    return body


def data_url(kpi: str, years: str, municipality: str = "1880") -> str:
    return f"{BASE}/data/kpi/{kpi}/municipality/{municipality}/year/{years}"


def serve(kpis: list[dict[str, Any]], data: dict[str, list[Any]], years: str) -> None:
    """Register Kolada's answers for the key figures `kpis` and their data records."""
    ids = ",".join(item["id"] for item in kpis)
    responses.get(f"{BASE}/kpi/{ids}", json=page(kpis))
    for kpi_id, records in data.items():
        responses.get(data_url(kpi_id, years), json=page(records))


def orebro(world: World) -> Municipality:
    """Municipality A as Örebro, whose Kolada id is its SCB code 1880."""
    Municipality.objects.filter(pk=world.a.pk).update(name="Örebro", code="1880")
    world.a.refresh_from_db()
    return world.a


def starter_fixture() -> dict[str, Any]:
    return dict(json.loads(STARTER_FILE.read_text("utf-8")))
