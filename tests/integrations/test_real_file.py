"""The whole real file (83,808 events, 2023-03 to 2026-08), imported once and again."""

from __future__ import annotations

from collections import Counter

import pytest

from samordna.core.models import AuditEvent
from samordna.integrations.models import ExternalEvent
from samordna.integrations.polisen.importer import polisen_events_import

pytestmark = pytest.mark.slow


def test_the_whole_real_file_imports_once(swedish_world, real_events):
    result = polisen_events_import(actor=None, records=real_events)
    assert (result.total, result.created, result.unchanged, result.duplicates) == (
        83_808,
        83_808,
        0,
        0,
    )
    assert ExternalEvent.objects.count() == 83_808
    summaries = sum(1 for event in real_events if event["type"].startswith("Sammanfattning"))
    assert result.summaries == summaries == ExternalEvent.objects.filter(is_summary=True).count()
    assert result.unknown_place == 0
    assert result.county_only == ExternalEvent.objects.filter(municipality_name="").count()
    stored = Counter(
        ExternalEvent.objects.exclude(municipality=None).values_list(
            "municipality__name", flat=True
        )
    )
    assert stored == {
        "Kävlinge": ExternalEvent.objects.filter(municipality_name="Kävlinge").count(),
        "Malmö": ExternalEvent.objects.filter(municipality_name="Malmö").count(),
    }
    assert result.in_registered == stored.total() > 0
    assert (
        len(set(ExternalEvent.objects.values_list("municipality_name", flat=True))) == 291
    )  # and ""

    audits = AuditEvent.objects.count()
    again = polisen_events_import(actor=None, records=real_events)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 83_808)
    assert AuditEvent.objects.count() == audits
