"""The municipality rule: which municipality (or county) an event is counted for."""

from __future__ import annotations

from samordna.integrations.polisen.places import belonging


def test_a_municipality_as_location_is_the_municipality():
    place = belonging("Örebro", "22 augusti 05.43, Stöld/inbrott, Örebro")
    assert place.municipality is not None
    assert place.municipality.name == "Örebro"
    assert place.municipality.code == "1880"
    assert place.county == "Örebro län"
    assert not place.is_county_only


def test_the_location_wins_over_the_end_of_the_name():
    # A real event: located in Järfälla, its name ends with a neighbouring municipality.
    place = belonging("Järfälla", "25 november 13.10, Farligt föremål, misstänkt, Upplands-Bro")
    assert place.municipality.name == "Järfälla"


def test_a_county_with_a_municipality_at_the_end_of_the_name():
    place = belonging("Skåne län", "22 augusti 17.59, Brand, Kävlinge")
    assert place.municipality.name == "Kävlinge"
    assert place.county == "Skåne län"


def test_the_official_spelling_is_kept_when_the_police_write_lower_case():
    place = belonging("Stockholms län", "2 maj 10.00, Stöld, Upplands väsby")
    assert place.municipality.name == "Upplands Väsby"
    assert belonging("Upplands väsby", "x, Stöld, Upplands väsby").municipality.code == "0114"


def test_a_county_only_event_belongs_to_no_municipality():
    place = belonging("Örebro län", "22 augusti 07.30, Sammanfattning natt, Örebro län")
    assert place.municipality is None
    assert place.county == "Örebro län"
    assert place.is_county_only


def test_a_county_event_with_an_empty_end_is_county_only():
    place = belonging("Kronobergs län", "20 juni 16.00, Brand, ")
    assert place.municipality is None
    assert place.is_county_only


def test_a_municipality_from_another_county_is_not_trusted():
    place = belonging("Skåne län", "1 maj 12.00, Brand, Kiruna")
    assert place.municipality is None
    assert place.county == "Skåne län"


def test_a_name_without_commas_is_not_read_as_a_municipality():
    assert belonging("Skåne län", "Malmö").municipality is None


def test_an_unknown_place_belongs_to_nothing():
    place = belonging("Atlantis", "1 maj 12.00, Brand, Malmö")
    assert place.municipality is None
    assert place.county == ""
    assert place.is_unknown
    assert not place.is_county_only
