"""With the real Polisen file, the picture gives Örebro's police events for any week."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime

import pytest
from django.core.management import call_command

from samordna.analysis.periods import iso_week
from samordna.core.models import Municipality
from samordna.integrations.polisen.importer import polisen_events_import
from tests.integrations.conftest import read_real_file

pytestmark = pytest.mark.slow


@pytest.fixture
def orebro_events(world):
    """A is Örebro; the real file's events in Örebro (and a few elsewhere) are imported."""
    Municipality.objects.filter(pk=world.a.pk).update(name="Örebro", code="1880", slug="orebro")
    records = read_real_file()
    orebro = [r for r in records if r["location"]["name"] == "Örebro"]
    others = [r for r in records if r["location"]["name"] == "Kumla"][:50]
    polisen_events_import(actor=None, records=orebro + others)
    return orebro


def _week(record) -> str:
    return iso_week(datetime.strptime(record["datetime"], "%Y-%m-%d %H:%M:%S %z"))


def test_police_counts_per_week_and_type_match_the_file(orebro_events, tmp_path):
    per_week = Counter(_week(r) for r in orebro_events)
    busiest = per_week.most_common(1)[0][0]
    weeks = [busiest, _week(orebro_events[0]), _week(orebro_events[-1])]
    for week in weeks:
        out = tmp_path / f"{week}.json"
        call_command("situation", municipality="orebro", week=week, format="json", out=str(out))
        document = json.loads(out.read_text())
        expected_types = Counter(r["type"] for r in orebro_events if _week(r) == week)
        assert document["police"]["count"] == per_week[week] > 0
        assert {t["type"]: t["count"] for t in document["police"]["by_type"] if t["count"]} == (
            dict(expected_types)
        )
        assert document["totals"]["count"] == 0, "police events never count as observations"
