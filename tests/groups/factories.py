"""Groups and confirmed pictures for the groups tests."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from samordna.core.models import Municipality
from samordna.groups.models import GroupMember, MunicipalityGroup
from samordna.situation.models import SituationPicture

WEEK = "2026-W40"
TERTIAL = "2026-T2"


def world_group() -> MunicipalityGroup:
    """The world's group of A and B, both consenting (tests/conftest.py)."""
    return MunicipalityGroup.objects.get(slug="alfa-beta")


def group_of(
    *consenting: Municipality, invited: tuple[Municipality, ...] = ()
) -> MunicipalityGroup:
    group = MunicipalityGroup.objects.create(name="Testgruppen", slug="testgruppen")
    for municipality in consenting:
        GroupMember.objects.create(
            group=group, municipality=municipality, consent_given_at=timezone.now()
        )
    for municipality in invited:
        GroupMember.objects.create(group=group, municipality=municipality)
    return group


def picture(
    municipality: Municipality,
    key: str = WEEK,
    counts: dict[str, int] | None = None,
    *,
    summary: str = "",
    status: str = SituationPicture.Status.CONFIRMED,
    version: int = 1,
) -> SituationPicture:
    """A picture row; confirmed ones carry a frozen document with `categories` only
    (what the joint picture reads), drafts none, as situation stores them."""
    kind = "week" if "-W" in key else "tertial"
    frozen = status in (SituationPicture.Status.CONFIRMED, SituationPicture.Status.DISTRIBUTED)
    snapshot: dict[str, Any] | None = None
    if frozen:
        snapshot = {
            "picture": {"status": status, "summary": summary},
            "categories": [
                {"code": code, "name": code.capitalize(), "is_positive": False, "count": n}
                for code, n in (counts or {}).items()
            ],
        }
    return SituationPicture.objects.create(
        municipality=municipality,
        kind=kind,
        period_key=key,
        version=version,
        status=status,
        summary=summary,
        snapshot=snapshot,
        confirmed_at=timezone.now() if frozen else None,
    )
