"""The Kolada client, offline: pages followed, unusable answers refused in Swedish."""

from __future__ import annotations

import pytest
import requests
import responses

from samordna.integrations.kolada.client import KoladaApiError, KoladaClient
from tests.integrations.kolada_helpers import BASE, data_url, kpi, page, record


@responses.activate
def test_pages_are_followed_by_next_url():
    first = data_url("N07403", "2019,2020")
    second = f"{BASE}/data/kpi/N07403/municipality/1880/year/2019,2020?page=2&per_page=5000"
    responses.get(first, json=page([record(period=2019)], next_url=second))
    responses.get(second, json=page([record(period=2020)]))
    found = KoladaClient().data("N07403", "1880", [2019, 2020])
    assert [item["period"] for item in found] == [2019, 2020]
    assert len(responses.calls) == 2
    assert responses.calls[0].request.params["per_page"] == "5000"
    assert responses.calls[1].request.url == second


@responses.activate
def test_next_page_as_a_url_or_a_number_is_followed_too():
    url = f"{BASE}/kpi"
    second = f"{url}?title=brott&page=2"
    responses.get(url, json={"values": [kpi("N00001")], "next_page": second})
    responses.get(second, json={"values": [kpi("N00002")], "next_page": 3})
    responses.get(url, json={"values": [kpi("N00003")]})
    found = KoladaClient().search_kpis("brott")
    assert [item["id"] for item in found] == ["N00001", "N00002", "N00003"]
    assert responses.calls[2].request.params["page"] == "3"
    assert responses.calls[2].request.params["title"] == "brott"


@responses.activate
def test_a_next_link_elsewhere_or_in_a_loop_is_refused():
    url = f"{BASE}/kpi"
    responses.get(url, json=page([kpi()], next_url="https://evil.example/v3/kpi?page=2"))
    with pytest.raises(KoladaApiError, match="nästa sida som inte går att följa"):
        KoladaClient().search_kpis("x")
    responses.reset()
    responses.get(url, json=page([kpi()], next_url=f"{url}?page=2"))
    with pytest.raises(KoladaApiError, match="aldrig tar slut"):
        KoladaClient().search_kpis("x")


@responses.activate
def test_the_url_setting_is_read_at_each_call(settings):
    settings.SAMORDNA_KOLADA_URL = "https://kolada.test/v3/"
    responses.get("https://kolada.test/v3/kpi/N07403", json=page([kpi()]))
    client = KoladaClient()
    assert client.kpis(["N07403"])[0]["id"] == "N07403"
    settings.SAMORDNA_KOLADA_URL = "https://other.test/v3"
    assert client.base_url == "https://other.test/v3"


@responses.activate
def test_long_id_and_year_lists_are_split():
    ids = [f"N{n:05d}" for n in range(1, 31)]
    responses.get(f"{BASE}/kpi/{','.join(ids[:25])}", json=page([kpi(i) for i in ids[:25]]))
    responses.get(f"{BASE}/kpi/{','.join(ids[25:])}", json=page([kpi(i) for i in ids[25:]]))
    assert len(KoladaClient().kpis(ids)) == 30
    years = list(range(1990, 2021))
    responses.get(data_url("N07403", ",".join(map(str, years[:25]))), json=page([record()]))
    responses.get(data_url("N07403", ",".join(map(str, years[25:]))), json=page([]))
    assert len(KoladaClient().data("N07403", "1880", years)) == 1
    assert len(responses.calls) == 4


@responses.activate
def test_an_unknown_id_answered_with_404_is_simply_absent():
    responses.get(f"{BASE}/kpi/N99999", status=404, json={"detail": "Not found"})
    assert KoladaClient().kpis(["N99999"]) == []


@responses.activate
def test_municipality_id_by_name_or_code_skips_regions():
    responses.get(
        f"{BASE}/municipality",
        json=page(
            [
                {"id": "0018", "title": "Region Örebro län", "type": "L"},
                {"id": "1880", "title": "Örebro", "type": "K"},
            ]
        ),
    )
    responses.get(f"{BASE}/municipality/1880", json=page([{"id": "1880", "title": "Örebro"}]))
    client = KoladaClient()
    assert client.municipality_id("örebro") == "1880"
    assert responses.calls[0].request.params["title"] == "örebro"
    assert client.municipality_id("1880") == "1880"
    with pytest.raises(KoladaApiError, match="någon kommun som heter Atlantis"):
        client.municipality_id("Atlantis")


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"body": requests.ConnectionError("no route")}, "Kolada går inte att nå"),
        ({"body": requests.Timeout("slow")}, "svarade inte inom 30 sekunder"),
        ({"status": 503, "body": "Service Unavailable"}, "felkod 503"),
        ({"status": 200, "body": "<html>Underhåll</html>"}, "inte är JSON"),
        ({"status": 200, "json": [1, 2]}, "inte med ett JSON-objekt"),
        ({"status": 200, "json": {"error": "x"}}, "utan en lista med värden"),
    ],
)
@responses.activate
def test_unreachable_or_garbage_answers_give_clear_swedish_errors(answer, message):
    responses.get(f"{BASE}/kpi/N07403", **answer)
    with pytest.raises(KoladaApiError, match=message):
        KoladaClient().kpis(["N07403"])
