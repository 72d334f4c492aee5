"""Which municipality (and county) a police event belongs to.

The rule, from the issue: `location.name` when it names a municipality; when it
names a county ("… län"), the last ", "-separated part of the event's `name`
("22 augusti 17.59, Brand, Kävlinge") if that is a municipality in the same county;
otherwise the event belongs to the county only and is counted for no municipality.
A name that is neither (a new or misspelt place) belongs to nothing at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from samordna.integrations.sweden import SwedishMunicipality, county_named, municipality_named


@dataclass(frozen=True, slots=True)
class Belonging:
    """Where an event is counted: a municipality (with its county), a county only, or nowhere."""

    municipality: SwedishMunicipality | None
    county: str

    @property
    def is_county_only(self) -> bool:
        return self.municipality is None and bool(self.county)

    @property
    def is_unknown(self) -> bool:
        return self.municipality is None and not self.county


def belonging(location_name: str, event_name: str) -> Belonging:
    """Apply the municipality rule to an event's `location.name` and `name`."""
    parts = event_name.rsplit(", ", 1)
    return _belonging(location_name, parts[1] if len(parts) > 1 else "")


@lru_cache(maxsize=8192)
def _belonging(location_name: str, last_part: str) -> Belonging:
    # A few hundred combinations occur among tens of thousands of events: compute each once.
    place = municipality_named(location_name)
    if place is not None:
        return Belonging(municipality=place, county=place.county)
    county = county_named(location_name)
    if county is None:
        return Belonging(municipality=None, county="")
    place = municipality_named(last_part) if last_part else None
    # A municipality from another county would contradict the police's own location:
    # trust the county then (it never happens in 2023–2026, but names like "Berg" are short).
    if place is not None and place.county == county:
        return Belonging(municipality=place, county=county)
    return Belonging(municipality=None, county=county)
