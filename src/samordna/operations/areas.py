"""A municipality's areas uploaded on the web: the file waits (tabular.pending) while the
operator reads the preview (every area found, or every problem), and is written only on
confirm, through core's area importer, all of it or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from samordna.core.area_import import (
    AreaImportError,
    ImportResult,
    areas_import,
    collection_features,
)
from samordna.core.audit import clean_text
from samordna.core.models import Municipality, User
from samordna.tabular.files import FileUnreadable, decode_json
from samordna.tabular.pending import PendingUpload, PendingUploads

PREVIEW_ROWS = 50


@dataclass(frozen=True, kw_only=True)
class PendingAreas(PendingUpload):
    """An uploaded GeoJSON file and how to read it."""

    municipality_id: int
    kind: str
    name_field: str
    vintage: str = ""
    crs: str = ""


pending = PendingUploads("operations_area_uploads", PendingAreas)


@dataclass
class AreaPreview:
    """What the file would do (a dry run), or every reason it cannot be imported."""

    names: list[str] = field(default_factory=list)
    result: ImportResult | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def can_confirm(self) -> bool:
        return self.result is not None and not self.problems


def run(
    stored: PendingAreas, *, actor: User | None, municipality: Municipality, dry_run: bool
) -> AreaPreview:
    """Check (dry run) or write the stored file; problems are collected, never raised."""
    preview = AreaPreview()
    try:
        features, crs = collection_features(decode_json(stored.read()), stored.crs or None)
        preview.names = [_name(f, stored.name_field) for f in features[:PREVIEW_ROWS]]
        preview.result = areas_import(
            actor=actor,
            municipality=municipality,
            features=features,
            kind=stored.kind,
            name_field=stored.name_field,
            vintage=stored.vintage,
            crs=crs,
            dry_run=dry_run,
        )
    except FileUnreadable as exc:
        preview.problems = [str(exc)]
    except AreaImportError as exc:
        preview.problems = exc.problems
    except ValidationError as exc:
        preview.problems = exc.messages
    return preview


def _name(feature: Any, name_field: str) -> str:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    value = properties.get(name_field) if isinstance(properties, dict) else None
    return clean_text(value, 200) if isinstance(value, str | int | float) else ""
