"""The municipality table against itself and against what the police actually write."""

from __future__ import annotations

from collections import defaultdict

from samordna.integrations.sweden import (
    COUNTIES,
    MUNICIPALITIES,
    county_named,
    municipality_named,
)
from tests.integrations.conftest import read_real_file


def test_290_municipalities_with_unique_names_and_codes_in_21_counties():
    assert len(MUNICIPALITIES) == 290
    assert len({m.name for m in MUNICIPALITIES}) == 290
    assert len({m.name.casefold() for m in MUNICIPALITIES}) == 290
    assert len({m.code for m in MUNICIPALITIES}) == 290
    assert len(COUNTIES) == 21
    assert {m.county for m in MUNICIPALITIES} == set(COUNTIES.values())


def test_a_municipality_code_starts_with_its_county_code():
    for municipality in MUNICIPALITIES:
        assert len(municipality.code) == 4, municipality
        assert municipality.code.isdigit(), municipality
        assert COUNTIES[municipality.code[:2]] == municipality.county, municipality


def test_names_are_found_whatever_the_letter_case_the_police_use():
    assert municipality_named("Upplands väsby").name == "Upplands Väsby"
    assert municipality_named("Upplands-bro").name == "Upplands-Bro"
    assert municipality_named("Dals-ed").name == "Dals-Ed"
    assert municipality_named("Lilla edet").name == "Lilla Edet"
    assert municipality_named("Östra göinge").name == "Östra Göinge"
    assert municipality_named("Malung-Sälen").code == "2023"
    assert municipality_named("Gotland").county == "Gotlands län"
    assert municipality_named("Region Gotland") is None
    assert municipality_named("Örebro län") is None
    assert county_named("örebro län") == "Örebro län"
    assert county_named("Örebro") is None


def test_every_place_in_the_real_file_is_a_known_municipality_or_county():
    events = read_real_file()
    names = {event["location"]["name"] for event in events}
    counties = {name for name in names if name.endswith(" län")}
    assert {county_named(name) for name in counties} == set(COUNTIES.values())
    unknown = sorted(name for name in names - counties if municipality_named(name) is None)
    assert unknown == []
    assert len(names - counties) == 290


def test_the_table_puts_every_municipality_in_the_county_the_police_name():
    # County events often end with the municipality ("…, Brand, Kävlinge"): in 2023–2026
    # that pairs all 290 municipalities with a county.
    seen: dict[str, set[str]] = defaultdict(set)
    for event in read_real_file():
        if event["location"]["name"].endswith(" län"):
            municipality = municipality_named(event["name"].rsplit(", ", 1)[-1])
            if municipality is not None:
                seen[municipality.name].add(event["location"]["name"])
    assert len(seen) == 290
    wrong = {
        name: places for name, places in seen.items() if places != {municipality_named(name).county}
    }
    assert wrong == {}
