"""OGC layers with data in them, for the permission matrix: they need an observation
of A1, an intervention of A on area_a and a confirmed week of A, which the shared world
has not (tests/api/test_ogc_permissions.py makes them, then runs the harness)."""

from __future__ import annotations

from samordna.core.roles import EST_ROLES
from samordna.reports.models import Observation
from tests.api.ogc_factories import WEEK, items
from tests.interventions.factories import SECRET_TITLE
from tests.permissions import Actor, Endpoint
from tests.reports.endpoints import _may_view
from tests.reports.factories import SECRET_ADDRESS, SECRET_TEXT

# The hot cell's and the picture cell's ids start with the municipality and the week.
_PICTURE_KEY = f"alfa.{WEEK}."


def _any_member(actor: Actor) -> bool:
    return actor.role is not None


def _est_member_of_a(actor: Actor) -> bool:
    return actor.is_member_of_a and actor.role in EST_ROLES


def _observation_item(world) -> str:
    pk = Observation.objects.get(organisation=world.a1).pk
    return f"{items('observations')}/{pk}"


def _intervention_item(world) -> str:
    from samordna.interventions.models import Intervention

    pk = Intervention.objects.get(title=SECRET_TITLE).pk
    return f"{items('intervention-areas')}/{pk}"


def _cell_item(world) -> str:
    code = world.area_a.code or f"omrade-{world.area_a.pk}"
    return f"{items('picture-cells')}/{_PICTURE_KEY}{code}.skadegorelse-klotter"


OGC_DATA_ENDPOINTS = [
    Endpoint(
        name="api-ogc-observations-items",
        path=lambda w: items("observations", "limit=1"),
        allowed=_any_member,
        api=True,
        secrets=lambda w: [SECRET_TEXT, SECRET_ADDRESS, w.area_a.name],
    ),
    Endpoint(
        name="api-ogc-observation-item",
        path=_observation_item,
        allowed=_may_view,
        api=True,
        denied_status=lambda actor: 404,
        secrets=lambda w: [SECRET_TEXT, SECRET_ADDRESS, w.area_a.name],
    ),
    Endpoint(
        name="api-ogc-picture-cells-items",
        path=lambda w: items("picture-cells"),
        allowed=_any_member,
        api=True,
        secrets=lambda w: [w.area_a.name, _PICTURE_KEY],
    ),
    Endpoint(
        name="api-ogc-picture-cell-item",
        path=_cell_item,
        allowed=_est_member_of_a,
        api=True,
        denied_status=lambda actor: 404,
        secrets=lambda w: [w.area_a.name],
    ),
    Endpoint(
        name="api-ogc-hotspots-items",
        path=lambda w: items("hotspots", "crs=http://www.opengis.net/def/crs/EPSG/0/3006"),
        allowed=_any_member,
        api=True,
        secrets=lambda w: [_PICTURE_KEY],
    ),
    Endpoint(
        name="api-ogc-intervention-areas-items",
        path=lambda w: items("intervention-areas"),
        allowed=_any_member,
        api=True,
        secrets=lambda w: [SECRET_TITLE, w.area_a.name],
    ),
    Endpoint(
        name="api-ogc-intervention-area-item",
        path=_intervention_item,
        allowed=_est_member_of_a,
        api=True,
        denied_status=lambda actor: 404,
        secrets=lambda w: [SECRET_TITLE],
    ),
]
