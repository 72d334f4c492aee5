"""The curated starter list against Kolada's /kpi answer in tests/integrations/data.

That file is constructed from documentation, not recorded live (see its `comment` and
data/README_kolada.md); `samordna import_kolada --check-starter` checks the real API.
"""

from __future__ import annotations

from pathlib import Path

from samordna.integrations.kolada.records import KPI_ID
from samordna.integrations.kolada.starter import STARTER, STARTER_IDS
from tests.integrations.kolada_helpers import starter_fixture


def test_every_starter_id_is_in_the_kpi_answer_with_its_title():
    answer = {item["id"]: item["title"] for item in starter_fixture()["values"]}
    for kpi in STARTER:
        assert kpi.id in answer, kpi.id
        assert answer[kpi.id] == kpi.source_title


def test_the_kpi_answer_says_it_was_not_recorded_live():
    assert "NOT RECORDED LIVE" in starter_fixture()["comment"]


def test_starter_ids_are_well_formed_unique_and_sourced():
    assert len(STARTER_IDS) == len(set(STARTER_IDS))
    assert all(KPI_ID.match(kpi_id) for kpi_id in STARTER_IDS)
    assert all(kpi.source and kpi.source_title and kpi.theme for kpi in STARTER)
    assert {kpi.theme for kpi in STARTER} >= {"brott", "trygghet", "skola", "unga"}


def test_the_operations_guide_lists_the_same_ids():
    guide = (Path(__file__).resolve().parents[2] / "docs" / "operations.md").read_text("utf-8")
    line = next(line for line in guide.splitlines() if "api.kolada.se/v3/kpi/" in line)
    assert line.split("/kpi/")[1].rstrip('"') == ",".join(STARTER_IDS)
