"""What a row may refer to, loaded once per import and looked up by folded name."""

from __future__ import annotations

from samordna.core.models import Area
from samordna.tabular.mapping import fold


def areas_by_name(municipality_id: int) -> dict[str, Area]:
    """The municipality's active areas by folded code and by folded name."""
    areas: dict[str, Area] = {}
    for area in Area.objects.filter(municipality_id=municipality_id, is_active=True):
        if area.code:
            areas[fold(area.code)] = area
        areas[fold(area.name)] = area
    return areas
