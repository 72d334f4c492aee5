"""`samordna import_kolada`: Swedish output, CommandError on bad input, nothing changed."""

from __future__ import annotations

import pytest
import requests
import responses
from django.core.management import CommandError, call_command

from samordna.core.models import AuditEvent
from samordna.integrations.kolada.starter import STARTER_IDS
from samordna.integrations.management.commands.import_kolada import parse_years
from samordna.integrations.models import KoladaKpi, KoladaValue
from tests.integrations.kolada_helpers import (
    BASE,
    data_url,
    kpi,
    orebro,
    page,
    record,
    serve,
    starter_fixture,
)


def _counts():
    return (
        KoladaValue.objects.count(),
        KoladaKpi.objects.count(),
        AuditEvent.objects.filter(action="kolada.import").count(),
    )


@responses.activate
def test_import_kolada_imports_a_range_of_years(world, capsys):
    orebro(world)
    second = kpi("U07452", title="Anmälda brott om skadegörelse per 1 000 inv")
    serve(
        [kpi(), second],
        {
            "N07403": [record(period=2019), record(period=2020)],
            "U07452": [record("U07452", 2020, values=[{"gender": "T", "value": 7.5}])],
        },
        "2019,2020",
    )
    call_command(
        "import_kolada", "--municipality", "alfa", "--kpi", "N07403,u07452", "--years", "2019-2020"
    )
    out = capsys.readouterr().out
    assert out.startswith("Kolada, Örebro, N07403, U07452, 2019–2020: 7 värden – 7 nya,")
    assert _counts() == (7, 2, 1)
    assert "Samordna/" in responses.calls[0].request.headers["User-Agent"]


@responses.activate
def test_import_kolada_takes_a_single_year(world, capsys):
    orebro(world)
    serve([kpi()], {"N07403": [record(period=2024)]}, "2024")
    call_command("import_kolada", "--municipality", "alfa", "--kpi", "N07403", "--years", "2024")
    assert ", 2024: 3 värden – 3 nya" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--kpi", "N07403", "--years", "2024"], "Ange kommun med --municipality"),
        (
            ["--municipality", "nowhere", "--kpi", "N07403", "--years", "2024"],
            "kortnamnet 'nowhere'",
        ),
        (["--municipality", "alfa", "--years", "2024"], "antingen --kpi eller --starter"),
        (["--municipality", "alfa", "--kpi", "N07403", "--starter", "--years", "2024"], "antingen"),
        (["--municipality", "alfa", "--kpi", "N07403"], "Ange år med --years"),
        (["--municipality", "alfa", "--kpi", "N07403", "--years", "2019-x"], "'2019-x' går inte"),
        (
            ["--municipality", "alfa", "--kpi", "N07403", "--years", "1985-1991"],
            "Åren 1985, 1986, 1987, 1988, 1989 ligger utanför",
        ),
        (
            ["--municipality", "alfa", "--kpi", "vandalism", "--years", "2024"],
            "'vandalism' är inget",
        ),
    ],
)
@responses.activate
def test_bad_input_is_a_command_error_and_asks_nothing(world, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_kolada", *arguments)
    assert len(responses.calls) == 0
    assert _counts() == (0, 0, 0)


@responses.activate
def test_an_unreachable_kolada_is_a_clear_error_and_changes_nothing(world):
    orebro(world)
    responses.get(f"{BASE}/kpi/N07403", body=requests.ConnectionError("down"))
    with pytest.raises(CommandError, match=r"Inget importerades\.\nKolada går inte att nå"):
        call_command(
            "import_kolada", "--municipality", "alfa", "--kpi", "N07403", "--years", "2024"
        )
    assert _counts() == (0, 0, 0)


@responses.activate
def test_a_malformed_answer_lists_its_rows_and_changes_nothing(world):
    orebro(world)
    serve(
        [kpi()],
        {"N07403": [record(period=2024), record(period=2024, values=[{"gender": "?"}])]},
        "2024",
    )
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_kolada", "--municipality", "alfa", "--kpi", "N07403", "--years", "2024"
        )
    assert str(raised.value).splitlines() == [
        "Inget importerades.",
        "Nyckeltal N07403, år 2024: kön '?' är okänt (T, K eller M).",
    ]
    assert _counts() == (0, 0, 0)


@responses.activate
def test_the_starter_list_can_be_imported(world, capsys):
    orebro(world)
    metas = starter_fixture()["values"]
    responses.get(f"{BASE}/kpi/{','.join(STARTER_IDS)}", json=page(metas))
    for kpi_id in STARTER_IDS:
        responses.get(data_url(kpi_id, "2024"), json=page([record(kpi_id, 2024)]))
    call_command(
        "import_kolada", "--municipality", "alfa", "--starter", "--years", "2024", "--dry-run"
    )
    assert "provkörning, inget sparades" in capsys.readouterr().out
    assert _counts() == (0, 0, 0)


@responses.activate
def test_check_starter_reports_every_id_found(capsys):
    responses.get(f"{BASE}/kpi/{','.join(STARTER_IDS)}", json=starter_fixture())
    call_command("import_kolada", "--check-starter")
    out = capsys.readouterr().out
    assert "OK N07403 Anmälda våldsbrott, antal/100 000 inv" in out
    assert f"Alla {len(STARTER_IDS)} nyckeltal i startlistan finns i Kolada." in out


@responses.activate
def test_check_starter_names_the_missing_ids():
    answer = starter_fixture()
    answer["values"] = [item for item in answer["values"] if item["id"] != "N07609"]
    responses.get(f"{BASE}/kpi/{','.join(STARTER_IDS)}", json=answer)
    with pytest.raises(CommandError, match=r"känner inte till dessa.*\nN07609 \(Otrygga"):
        call_command("import_kolada", "--check-starter")


@responses.activate
def test_check_starter_reports_an_unreachable_kolada():
    responses.get(f"{BASE}/kpi/{','.join(STARTER_IDS)}", body=requests.Timeout("slow"))
    with pytest.raises(CommandError, match="svarade inte inom 30 sekunder"):
        call_command("import_kolada", "--check-starter")


@pytest.mark.parametrize(
    ("text", "years"),
    [("2024", [2024]), ("2019-2021", [2019, 2020, 2021]), ("2021, 2019-2020", [2019, 2020, 2021])],
)
def test_parse_years(text, years):
    assert parse_years(text) == years


@pytest.mark.parametrize("text", ["", "24", "2021-2019", "2019-2025-2026", "1900-2025", "abc"])
def test_parse_years_refuses(text):
    with pytest.raises(CommandError):
        parse_years(text)
