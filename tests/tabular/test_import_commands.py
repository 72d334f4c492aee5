"""The import commands (`import_reports`, `import_survey`, `import_areas`,
`import_polisen`) fed hostile files: each ends in a Swedish error and writes nothing
(issue 15). The commands read synchronously, with the same bounded readers as the jobs."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from samordna.core.models import Area, AuditEvent
from samordna.integrations.models import ExternalEvent
from samordna.reports.models import Observation
from samordna.surveys.models import Survey
from samordna.tabular import readers
from tests.integrations.conftest import polisen_record
from tests.tabular import hostile_files
from tests.tabular.test_import_jobs import REPORT_HEADER, REPORT_ROW, SURVEY_HEADER, SURVEY_ROW

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[15.3, 59.2], [15.31, 59.2], [15.31, 59.21], [15.3, 59.21], [15.3, 59.2]]],
}


def _areas_with_nul() -> bytes:
    feature = {"type": "Feature", "properties": {"name": "Vivalla\0"}, "geometry": SQUARE}
    return json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()


def _polisen_with_nul() -> bytes:
    return json.dumps([polisen_record(1, summary="Brand i förråd.\0")]).encode()


def _args(command, world):
    return {
        "import_reports": [
            f"--municipality={world.a.slug}",
            f"--organisation={world.a1.slug}",
        ],
        "import_survey": [
            f"--municipality={world.a.slug}",
            "--kind=police_trygghetsmatning",
            "--title=Polisens mätning",
        ],
        "import_areas": [f"--municipality={world.a.slug}", "--kind=est", "--name-field=name"],
        "import_polisen": [],
    }[command]


TABLES = {
    "import_reports": (REPORT_HEADER, REPORT_ROW),
    "import_survey": (SURVEY_HEADER, SURVEY_ROW),
}
CASES = [
    *[
        (command, name, build, expected)
        for command, (header, row) in TABLES.items()
        for name, build, expected in (
            ("bomb.xlsx", lambda h=header: hostile_files.zip_bomb(h), "packas upp"),
            ("lang.xlsx", lambda h=header: hostile_files.declared_rows(h), "fler än 2 000 rader"),
            ("djup.json", hostile_files.deep_json, "för djupt nästlad"),
            ("nul.csv", lambda h=header, r=row: hostile_files.nul_csv(h, r), "styrtecken"),
        )
    ],
    ("import_areas", "djup.json", hostile_files.deep_json, "för djupt nästlad"),
    ("import_areas", "nul.json", _areas_with_nul, "styrtecken"),
    ("import_polisen", "djup.json", hostile_files.deep_json, "för djupt nästlad"),
    ("import_polisen", "nul.json", _polisen_with_nul, "styrtecken"),
]


def _written():
    return (
        Observation.objects.count(),
        Survey.objects.count(),
        Area.objects.count(),
        ExternalEvent.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(
    ("command", "name", "build", "expected"),
    CASES,
    ids=[f"{c[0]}-{c[1]}" for c in CASES],
)
def test_a_hostile_file_ends_the_command_in_swedish_and_writes_nothing(
    command, name, build, expected, world, tmp_path, monkeypatch
):
    monkeypatch.setattr(readers, "ROWS_MAX", 2_000)  # the same walk as 20 M rows, shorter
    path = tmp_path / name
    path.write_bytes(build())
    before = _written()

    with pytest.raises(CommandError) as refused:
        call_command(command, str(path), *_args(command, world), stdout=StringIO())

    assert expected in str(refused.value)
    assert _written() == before
