"""The county app in the permission matrix (tests/permissions.py).

- The county view and its compliance overview (with the exports): county officers only
  (each sees their own county; A shares with county 99, so county_of_a sees A and
  other_county sees nobody). Nothing below the aggregates ever shows: no area, place
  or organisation of A.
- Sharing with the county: a municipality's administrators.
- The law's checklist: coordinators, analysts, management and administrators, each of
  their own municipality; the coordination function is set by coordinators and admins.
"""

from __future__ import annotations

from tests.permissions import Actor, Endpoint

COUNTY_OFFICERS = {"county_of_a", "other_county"}
READERS = {"coordinator", "analyst", "management", "admin"}
EDITORS = {"coordinator", "admin"}


def _officer(actor: Actor) -> bool:
    return actor.relation in COUNTY_OFFICERS


def _admin(actor: Actor) -> bool:
    return actor.has_membership and actor.role == "admin"


def _reader(actor: Actor) -> bool:
    return actor.has_membership and actor.role in READERS


def _editor(actor: Actor) -> bool:
    return actor.has_membership and actor.role in EDITORS


def _below_aggregates(world) -> list[str]:
    return [world.area_a.name, world.place_a.name]


ENDPOINTS = [
    Endpoint(
        name="county-overview",
        path=lambda w: "/lan/?slag=year",
        allowed=_officer,
        secrets=_below_aggregates,
    ),
    Endpoint(
        name="county-compliance",
        path=lambda w: "/lan/efterlevnad/",
        allowed=_officer,
        secrets=_below_aggregates,
    ),
    Endpoint(
        name="county-compliance-xlsx",
        path=lambda w: "/lan/efterlevnad/export.xlsx",
        allowed=_officer,
        secrets=_below_aggregates,
    ),
    Endpoint(
        name="county-compliance-pdf",
        path=lambda w: "/lan/efterlevnad/export.pdf",
        allowed=_officer,
        secrets=_below_aggregates,
    ),
    Endpoint(name="county-sharing", path=lambda w: "/lan/delning/", allowed=_admin),
    Endpoint(name="county-sharing-confirm", path=lambda w: "/lan/delning/dela/", allowed=_admin),
    Endpoint(
        name="county-sharing-stop",
        path=lambda w: "/lan/delning/sluta/",
        method="post",
        data=lambda w: {},
        allowed=_admin,
        ok=(302,),
    ),
    Endpoint(
        name="county-checklist",
        path=lambda w: "/lagen/",
        allowed=_reader,
        secrets=_below_aggregates,
    ),
    Endpoint(
        name="county-coordination",
        path=lambda w: "/lagen/samordningsfunktion/",
        allowed=_reader,
        secrets=_below_aggregates,
    ),
    Endpoint(
        name="county-coordination-save",
        path=lambda w: "/lagen/samordningsfunktion/",
        method="post",
        data=lambda w: {"description": "Brottsförebyggande samordnare", "appointed_on": ""},
        allowed=_editor,
        ok=(302,),
    ),
]
