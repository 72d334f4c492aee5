"""`/api/v1/kolada-values/`: members read their own municipality's values, filtered."""

from __future__ import annotations

import pytest
from django.test import Client

from samordna.api.services import api_token_create
from samordna.integrations.models import KoladaKpi, KoladaValue
from tests.integrations.endpoints import KOLADA_ENDPOINTS, SECRET_STATUS
from tests.permissions import ACTORS, Actor, Endpoint, check


def _store(world):
    kpi = KoladaKpi.objects.create(id="N07403", title="Anmälda våldsbrott, antal/100 000 inv")
    other = KoladaKpi.objects.create(id="U07452", title="Skadegörelse")
    rows = [
        (world.a, kpi, 2024, "T", 1200.5, SECRET_STATUS),
        (world.a, kpi, 2024, "K", None, ""),
        (world.a, kpi, 2023, "T", 1100.0, ""),
        (world.a, other, 2024, "T", 7.5, ""),
        (world.b, kpi, 2024, "T", 999.0, ""),
    ]
    for municipality, key, year, gender, value, status in rows:
        KoladaValue.objects.create(
            municipality=municipality, kpi=key, year=year, gender=gender, value=value, status=status
        )


@pytest.mark.parametrize("endpoint", KOLADA_ENDPOINTS, ids=lambda e: e.name)
@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.id)
def test_kolada_endpoints(client, world, endpoint: Endpoint, actor: Actor) -> None:
    _store(world)
    check(client, endpoint, actor, world)


def _api(world, role="analyst", relation="own_org"):
    token = api_token_create(actor=None, user=world.user(role, relation), rotate=True)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def _get(world, path, role="analyst", relation="own_org"):
    return _api(world, role, relation).get(path)


def test_the_list_filters_by_kpi_year_and_gender(world, django_assert_max_num_queries):
    _store(world)
    api = _api(world)
    # Token, memberships (twice), count, page: related rows come in the same query.
    with django_assert_max_num_queries(5):
        response = api.get("/api/v1/kolada-values/?kpi=N07403&year=2024")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["kpi"], r["year"], r["gender"], r["value"]) for r in results] == [
        ("N07403", 2024, "K", None),
        ("N07403", 2024, "T", 1200.5),
    ]
    assert results[1]["kpi_title"] == "Anmälda våldsbrott, antal/100 000 inv"
    assert results[1]["municipality"] == world.a.slug
    both = _get(world, "/api/v1/kolada-values/?kpi=n07403,U07452&gender=T&year_from=2024")
    assert {r["kpi"] for r in both.json()["results"]} == {"N07403", "U07452"}


def test_other_municipalities_see_only_their_own(world):
    _store(world)
    response = _get(world, "/api/v1/kolada-values/", relation="other_municipality")
    assert [r["value"] for r in response.json()["results"]] == [999.0]


def test_bad_filters_are_a_400(world):
    assert _get(world, "/api/v1/kolada-values/?year=abc").status_code == 400
    assert _get(world, "/api/v1/kolada-values/?gender=X").status_code == 400


def test_values_cannot_be_written(world):
    _store(world)
    token = api_token_create(actor=None, user=world.user("admin"), rotate=True)
    value = KoladaValue.objects.filter(municipality=world.a).first()
    answer = Client().delete(
        f"/api/v1/kolada-values/{value.pk}/", HTTP_AUTHORIZATION=f"Token {token.key}"
    )
    assert answer.status_code == 405
    assert KoladaValue.objects.filter(pk=value.pk).exists()
