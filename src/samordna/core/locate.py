"""Which area a point lies in, for the points of one municipality at a time."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from samordna.core.geo import AreaIndex
from samordna.core.models import Area


def locate_areas(
    municipality_id: int, lon: Sequence[float | None], lat: Sequence[float | None]
) -> list[Area | None]:
    """The active area under each point (None where there is none, or no point).

    EST areas win over other kinds where they overlap: the work is organised by them.
    """
    areas = sorted(
        Area.objects.filter(municipality_id=municipality_id, is_active=True),
        key=lambda a: (a.kind != Area.Kind.EST, a.name),
    )
    xs = np.array([np.nan if v is None else v for v in lon], dtype=float)
    ys = np.array([np.nan if v is None else v for v in lat], dtype=float)
    found = AreaIndex([a.geometry for a in areas]).locate(xs, ys)
    return [areas[i] if i >= 0 else None for i in found]
