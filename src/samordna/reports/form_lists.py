"""What the report form chooses from, read once per process while it stays the same.

Every report a caretaker files reads the municipality's category tree, places, areas and
defaults: five queries and a few hundred rows, a third of a submission's CPU, for lists
that change a few times a year. Each process keeps them per municipality under a
version kept in the shared `pages` cache: a save or delete of a category, a
municipality's category setting, a place, an area or the form's defaults gives the
municipality (a national category: every municipality) a new version, which every
worker sees on its next report. A process also reads them anew after `KEEP_SECONDS`,
so a write that sends no signal (a bulk update) is seen within minutes.

The lists are the same for every member of the municipality (its categories, places and
areas are readable by all its members), so whoever asks must be one: the report form
and the review form ask for their own municipality only.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import caches
from django.db.models.signals import post_delete, post_save

from samordna.core.geo import AreaIndex
from samordna.core.models import Area, Municipality, Place
from samordna.reports.categories import CategoryNode, categories_for, walk
from samordna.reports.models import Category, CategorySetting, ReportDefaults

KEEP_SECONDS = 300
_NATIONAL = "samordna:reports:form-lists:national"


@dataclass
class FormLists:
    """A municipality's categories (tree), places, areas and defaults, read together."""

    tree: list[CategoryNode]
    # Every active category here by code, retired ones too (intake says they are);
    # the municipality's own win over national ones with the same code.
    by_code: dict[str, Category]
    places: dict[int, Place]
    areas: dict[int, Area]
    defaults: ReportDefaults
    # (areas in lookup order, their index), built on the first pin that needs it.
    index: tuple[list[Area], AreaIndex] | None = field(default=None)

    def area_index(self) -> tuple[list[Area], AreaIndex]:
        if self.index is None:
            ordered = sorted(self.areas.values(), key=lambda a: (a.kind != Area.Kind.EST, a.name))
            self.index = (ordered, AreaIndex([a.geometry for a in ordered]))
        return self.index


# municipality id -> (versions it was read under, when, the lists)
_kept: dict[int, tuple[tuple[Any, Any], float, FormLists]] = {}


def form_lists(municipality: Municipality) -> FormLists:
    versions = _versions(municipality.pk)
    kept = _kept.get(municipality.pk)
    if kept is not None and kept[0] == versions and time.monotonic() - kept[1] < KEEP_SECONDS:
        return kept[2]
    lists = _read(municipality)
    _kept[municipality.pk] = (versions, time.monotonic(), lists)
    return lists


def forget(municipality_id: int | None) -> None:
    """A new version for the municipality's lists; None: for every municipality's."""
    caches["pages"].set(_key(municipality_id), uuid.uuid4().hex, None)


def forget_in_process() -> None:
    """Drop what this process keeps (tests roll the database back under it)."""
    _kept.clear()


def _key(municipality_id: int | None) -> str:
    return _NATIONAL if municipality_id is None else f"{_NATIONAL[:-8]}{municipality_id}"


def _versions(municipality_id: int) -> tuple[Any, Any]:
    keys = [_NATIONAL, _key(municipality_id)]
    found = caches["pages"].get_many(keys)
    for key in keys:
        if key not in found:
            # First use (or a cleared cache): a version of its own, so nothing read
            # before it counts.
            found[key] = uuid.uuid4().hex
            caches["pages"].set(key, found[key], None)
    return found[keys[0]], found[keys[1]]


def _read(municipality: Municipality) -> FormLists:
    places = Place.objects.filter(municipality=municipality, is_active=True)
    areas = Area.objects.filter(municipality=municipality, is_active=True)
    every = sorted(walk(categories_for(municipality, include_retired=True)), key=_own_last)
    return FormLists(
        tree=categories_for(municipality),
        by_code={node.category.code: node.category for node in every},
        places={p.pk: p for p in places.order_by("name")},
        areas={a.pk: a for a in areas.order_by("kind", "name")},
        defaults=ReportDefaults.for_municipality(municipality.pk),
    )


def _own_last(node: CategoryNode) -> bool:
    return node.is_local


def _changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    forget(getattr(instance, "municipality_id", None))


for _model in (Category, CategorySetting, ReportDefaults, Place, Area):
    post_save.connect(_changed, sender=_model, dispatch_uid=f"form-lists-save-{_model.__name__}")
    post_delete.connect(
        _changed, sender=_model, dispatch_uid=f"form-lists-delete-{_model.__name__}"
    )
