"""Integration endpoints in the permission matrix (tests/permissions.py).

`ENDPOINTS` need only the world. `KOLADA_ENDPOINTS` need a Kolada value of A, stored
by tests/integrations/test_kolada_api.py before the snapshot.
"""

from __future__ import annotations

from samordna.integrations.models import KoladaValue
from tests.permissions import Endpoint, members_of_a

SECRET_STATUS = "hemlig-status-alfa"


def _any_member(actor):  # every signed-in member sees their own municipalities' values
    return actor.role is not None


def _not_found(actor):
    return 404


def _value_of_a(world) -> KoladaValue:
    return KoladaValue.objects.get(municipality=world.a, status=SECRET_STATUS)


ENDPOINTS = [
    Endpoint(
        name="api-kolada-value-list",
        path=lambda w: "/api/v1/kolada-values/?kpi=N07403",
        allowed=_any_member,
        api=True,
        secrets=lambda w: [w.a.slug],
    ),
]

KOLADA_ENDPOINTS = [
    Endpoint(
        name="api-kolada-value-list-with-a-value",
        path=lambda w: "/api/v1/kolada-values/?kpi=n07403&year=2024",
        allowed=_any_member,
        api=True,
        secrets=lambda w: [SECRET_STATUS, w.a.slug],
    ),
    Endpoint(
        name="api-kolada-value-detail",
        path=lambda w: f"/api/v1/kolada-values/{_value_of_a(w).pk}/",
        allowed=members_of_a,
        api=True,
        denied_status=_not_found,
        secrets=lambda w: [SECRET_STATUS, w.a.slug],
    ),
]
