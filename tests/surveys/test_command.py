"""`samordna import_survey`: the same checks from the command line."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from samordna.surveys.models import Survey
from tests.surveys.factories import POLICE


def test_command_imports_and_refuses_with_a_report(world, tmp_path):
    good = tmp_path / "polis.csv"
    good.write_text(POLICE, encoding="utf-8")
    bad = tmp_path / "fel.csv"
    bad.write_text(POLICE.replace("2,4;120", "9;120"), encoding="utf-8")
    args = ["--municipality", "alfa", "--kind", "police_trygghetsmatning", "--title", "Polisen"]

    with pytest.raises(CommandError, match="Indexet ska ligga mellan 0 och 6"):
        call_command("import_survey", str(bad), *args)
    assert Survey.objects.count() == 0
    assert (tmp_path / "fel-fel.csv").exists()

    call_command("import_survey", str(good), *args)
    assert Survey.objects.count() == 2
