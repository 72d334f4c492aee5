"""What one observation in a report says, checked before anything is written.

`ObservationInput` is plain data from any channel (web form, API, file import);
`check_observation` returns every problem with the field it belongs to, in Swedish,
so each channel can show it where the person will see it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.core.models import Area, Municipality, Place
from samordna.privacy import describe, find_personal_data
from samordna.reports.categories import RETIRED, is_retired_for
from samordna.reports.models import Category, Observation
from samordna.tabular.readers import has_control_character

# Built once: the Choices' .values make a new list on every call, and imports check
# 100,000 rows.
_TIME_BANDS = frozenset(Observation.TimeBand.values)
_CERTAINTIES = frozenset(Observation.Certainty.values)
_PLACE_TYPES = frozenset(Observation.PlaceType.values)
_POLICE_REPORTED = frozenset(Observation.PoliceReported.values)

# A report is about what happened recently; older events are imports, which say so.
MAX_AGE = timedelta(days=366 * 5)
FREE_TEXT_MAX = 4000


@dataclass(frozen=True)
class ObservationInput:
    """One observation as submitted: references already resolved to rows."""

    category: Category
    occurred_from: datetime
    unsafety: int
    certainty: str
    occurred_to: datetime | None = None
    time_band: str = ""
    longitude: float | None = None
    latitude: float | None = None
    place: Place | None = None
    address: str = ""
    area: Area | None = None
    place_type: str = ""
    people_count: int | None = None
    reported_to_police: str = Observation.PoliceReported.UNKNOWN
    immediate_action: str = ""
    free_text: str = ""


def check_observation(
    data: ObservationInput, municipality: Municipality, *, now: datetime | None = None
) -> dict[str, str]:
    """Every problem with one observation, as {field: Swedish message}; empty when fine."""
    now = now or timezone.now()
    problems: dict[str, str] = {}
    _check_category(data, municipality, problems)
    _check_time(data, now, problems)
    _check_place(data, municipality, problems)
    _check_choices(data, problems)
    for name in ("free_text", "immediate_action", "address"):
        text = getattr(data, name)
        findings = find_personal_data(text, place_words(municipality)) if text else []
        if findings:
            problems[name] = describe(findings)
        elif has_control_character(text):
            problems[name] = _("Texten innehåller ett styrtecken (t.ex. NUL). Ta bort det.")
        elif len(text) > FREE_TEXT_MAX:
            problems[name] = _("Texten är för lång: högst %(limit)s tecken.") % {
                "limit": FREE_TEXT_MAX
            }
    return problems


def place_words(municipality: Municipality) -> frozenset[str]:
    """The words of the municipality's area and place names, lower case: a place is
    never taken for a person's name. Read once per municipality instance (imports
    check 100,000 rows against the same instance) and kept a few minutes per process
    (each report would otherwise read every place name again): a place added just now
    may be taken for a name until then, never the other way round."""
    cached: frozenset[str] | None = municipality.__dict__.get("_place_words")
    if cached is None:
        key = f"reports:place-words:{municipality.pk}"
        cached = cache.get(key)
        if cached is None:
            names = [
                *Area.objects.filter(municipality=municipality).values_list("name", flat=True),
                *Place.objects.filter(municipality=municipality).values_list("name", flat=True),
            ]
            cached = frozenset(word.lower() for name in names for word in re.findall(r"\w+", name))
            cache.set(key, cached, PLACE_WORDS_SECONDS)
        municipality.__dict__["_place_words"] = cached
    return cached


PLACE_WORDS_SECONDS = 300


def _check_category(
    data: ObservationInput, municipality: Municipality, out: dict[str, str]
) -> None:
    category = data.category
    if category.municipality_id not in (None, municipality.pk) or not category.is_active:
        out["category"] = _("Kategorin finns inte i den här kommunen.")
        return
    retired, is_parent = _category_state(category, municipality)
    if retired:
        out["category"] = RETIRED
    elif is_parent:
        out["category"] = _("Välj en underkategori till ”%(name)s”.") % {"name": category.name}


def _category_state(category: Category, municipality: Municipality) -> tuple[bool, bool]:
    """(retired here, a parent here), worked out once per category instance.

    An import checks the same few instances 100,000 times, and even prefetched
    relations cost a queryset per `.all()`; the instance lives as long as the request
    or import, so the answer cannot go stale.
    """
    cache: dict[int, tuple[bool, bool]] = category.__dict__.setdefault("_intake_state", {})
    if municipality.pk not in cache:
        # Another municipality's own subcategories make no parent here.
        cache[municipality.pk] = (
            is_retired_for(category, municipality.pk),
            any(_is_child_here(child, municipality) for child in category.children.all()),
        )
    return cache[municipality.pk]


def _is_child_here(child: Category, municipality: Municipality) -> bool:
    return child.is_active and child.municipality_id in (None, municipality.pk)


def _check_time(data: ObservationInput, now: datetime, out: dict[str, str]) -> None:
    if timezone.is_naive(data.occurred_from):
        out["occurred_from"] = _("Tiden saknar tidszon.")
    elif data.occurred_from > now + timedelta(minutes=5):
        out["occurred_from"] = _("Tiden ligger i framtiden.")
    elif data.occurred_from < now - MAX_AGE:
        out["occurred_from"] = _("Tiden ligger mer än fem år tillbaka.")
    if data.occurred_to is not None and data.occurred_to < data.occurred_from:
        out["occurred_to"] = _("Sluttiden ligger före starttiden.")
    if data.time_band and data.time_band not in _TIME_BANDS:
        out["time_band"] = _("Okänd tid på dygnet.")


def _check_place(data: ObservationInput, municipality: Municipality, out: dict[str, str]) -> None:
    lon, lat = data.longitude, data.latitude
    has_point = lon is not None and lat is not None
    if (lon is None) != (lat is None):
        out["longitude"] = _("Ange både longitud och latitud, eller ingen av dem.")
    elif lon is not None and lat is not None and not (10.0 <= lon <= 25.0 and 55.0 <= lat <= 69.5):
        out["longitude"] = _("Punkten ligger utanför Sverige.")
    for name in ("place", "area"):
        row = getattr(data, name)
        if row is not None and row.municipality_id != municipality.pk:
            out[name] = _("Finns inte i den här kommunen.")
    if not (has_point or data.place or data.area or data.address.strip()):
        out["place"] = _("Ange var: en punkt på kartan, en plats, ett område eller en adress.")


def _check_choices(data: ObservationInput, out: dict[str, str]) -> None:
    if data.unsafety not in (1, 2, 3):
        out["unsafety"] = _("Ange otrygghet från 1 (lite) till 3 (mycket).")
    if data.certainty not in _CERTAINTIES:
        out["certainty"] = _("Ange hur säker uppgiften är.")
    if data.place_type and data.place_type not in _PLACE_TYPES:
        out["place_type"] = _("Okänd typ av plats.")
    if data.reported_to_police not in _POLICE_REPORTED:
        out["reported_to_police"] = _("Ange ja, nej eller vet inte.")
    if data.people_count is not None and not 0 <= data.people_count <= 10000:
        out["people_count"] = _("Antalet personer ska vara mellan 0 och 10 000.")
