"""Where a report goes: the municipalities a person reports in (issue 19).

A member of an organisation that works in several municipalities (its branches, linked by
`ParentOrganisation`) reports into each municipality they are a member of, under that
municipality's rules, and into no other. A report whose point lies outside the chosen
municipality's areas but inside another of the reporter's municipalities is refused,
naming the right one: it is never moved silently.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import shapely
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape

from samordna.core.locate import locate_areas
from samordna.core.models import Area, Membership, Municipality, Organisation
from samordna.reports.policies import REPORTING_ROLES, reporting_organisations


@dataclass
class Destination:
    """A municipality the user reports in, with the organisations they report for there."""

    municipality: Municipality
    organisations: list[Organisation] = field(default_factory=list)


def destinations(user: Any) -> list[Destination]:
    """The municipalities `user` reports in, by name (one query, whatever the installation
    holds: only the user's own memberships are read)."""
    organisations = (
        reporting_organisations(user)
        .select_related("municipality")
        .order_by("municipality__name", "municipality_id", "name")
    )
    grouped: dict[int, Destination] = {}
    for organisation in organisations:
        destination = grouped.setdefault(
            organisation.municipality_id, Destination(organisation.municipality)
        )
        destination.organisations.append(organisation)
    return list(grouped.values())


@dataclass(frozen=True)
class Elsewhere:
    """An observation (numbered from 1) whose point lies in another of the reporter's
    municipalities than the one the report is for."""

    number: int
    municipality: Municipality

    def message(self, chosen: Municipality) -> str:
        return _(
            "Punkten ligger i %(right)s, inte i %(chosen)s. Skicka rapporten till "
            "%(right)s i stället, eller flytta punkten."
        ) % {"right": self.municipality.name, "chosen": chosen.name}


class ElsewhereError(ValidationError):
    """A report refused because a point lies in another of the reporter's municipalities;
    `elsewhere` names them, so a form can offer to send the report there."""

    def __init__(self, elsewhere: list[Elsewhere], chosen: Municipality) -> None:
        super().__init__(
            {f"observations.{e.number}.longitude": e.message(chosen) for e in elsewhere}
        )
        self.elsewhere = elsewhere


def points_elsewhere(
    user: Any,
    municipality: Municipality,
    points: Sequence[tuple[float | None, float | None]],
    located: Sequence[Any] | None = None,
) -> list[Elsewhere]:
    """The points outside `municipality`'s areas that lie in another municipality `user`
    reports in. `located` (the area under each point in `municipality`, if already known)
    saves locating them again. Nothing is read for points inside the municipality's areas,
    nor for a user who reports in one municipality only."""
    if located is None:
        located = locate_areas(municipality.pk, [p[0] for p in points], [p[1] for p in points])
    outside = [
        (n, lon, lat)
        for n, ((lon, lat), area) in enumerate(zip(points, located, strict=True), start=1)
        if area is None and lon is not None and lat is not None
    ]
    if not outside or user is None:
        return []
    found: dict[int, Elsewhere] = {}
    for other in _other_municipalities(user, municipality):
        areas = locate_areas(other.pk, [p[1] for p in outside], [p[2] for p in outside])
        for (number, _lon, _lat), area in zip(outside, areas, strict=True):
            if area is not None and number not in found:
                found[number] = Elsewhere(number, other)
    return [found[n] for n in sorted(found)]


# How long a municipality's outline is kept per process: an area changed just now may be
# missing from the page's hint until then; the server's check reads the areas themselves.
OUTLINE_SECONDS = 300
# About 30 m: the outline only says "this point may be in Betaby" before sending.
OUTLINE_TOLERANCE = 0.0003


def outlines(options: Sequence[Destination], chosen: Municipality) -> dict[str, Any]:
    """The other municipalities the user reports in, each as one simplified outline of its
    areas (GeoJSON), so the form can say a point lies there before it is sent. One cache
    read per such municipality; nothing for a user who reports in one municipality."""
    features = []
    for option in options:
        if option.municipality.pk == chosen.pk:
            continue
        geometry = _outline(option.municipality.pk)
        if geometry:
            properties = {"slug": option.municipality.slug, "name": option.municipality.name}
            features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return {"type": "FeatureCollection", "features": features}


def _outline(municipality_id: int) -> dict[str, Any]:
    key = f"reports:outline:{municipality_id}"
    cached: dict[str, Any] | None = cache.get(key)
    if cached is None:
        rows = Area.objects.filter(municipality_id=municipality_id, is_active=True)
        shapes = [shape(geometry) for geometry in rows.values_list("geometry", flat=True)]
        cached = {}
        if shapes:
            union = shapely.union_all(shapes).simplify(OUTLINE_TOLERANCE, preserve_topology=True)
            cached = json.loads(json.dumps(mapping(union)))
        cache.set(key, cached, OUTLINE_SECONDS)
    return cached


def _other_municipalities(user: Any, municipality: Municipality) -> list[Municipality]:
    ids = (
        Membership.objects.in_force()
        .filter(user_id=user.pk, role__in=REPORTING_ROLES)
        .exclude(municipality_id=municipality.pk)
        .values("municipality_id")
    )
    return list(Municipality.objects.filter(pk__in=ids).order_by("name"))
