"""The joint picture of a group for one week or tertial.

Built only from each consenting member's newest confirmed picture of the period (one
row per member, status confirmed or distributed, with its frozen document), and of
that document only the `categories` and the summary frozen at confirmation are read:
never an observation, never a draft, never a member that has not consented. A
tertial adds the conclusions of the member's tertial analysis once it is done (a
member without a confirmed tertial picture shows none). Small counts are hidden
(groups.hiding) at the strictest threshold of the members' public pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import OuterRef, Subquery

from samordna.analysis.periods import period_kind, period_label
from samordna.groups.hiding import Figure, HiddenTable, hide_table
from samordna.groups.models import GroupMember, MunicipalityGroup
from samordna.public.models import Publication, default_min_count
from samordna.situation.models import SituationPicture
from samordna.tertial.models import TertialAnalysis

KINDS = ("week", "tertial")
CONFIRMED = (SituationPicture.Status.CONFIRMED, SituationPicture.Status.DISTRIBUTED)


@dataclass(frozen=True)
class MemberPart:
    """One consenting member's contribution: its confirmed picture, or why none."""

    municipality_id: int
    name: str
    picture_id: int | None = None
    version: int | None = None
    confirmed_at: datetime | None = None
    summary: str = ""
    conclusions: str = ""

    @property
    def confirmed(self) -> bool:
        return self.picture_id is not None


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    is_positive: bool
    figures: list[Figure]  # one per contributing member, in `JointPicture.contributing` order
    total: Figure


@dataclass
class JointPicture:
    group: MunicipalityGroup
    key: str
    kind: str
    label: str
    short_label: str
    minimum: int
    members: list[MemberPart]
    rows: list[Row] = field(default_factory=list)
    total: Figure | None = None

    @property
    def contributing(self) -> list[MemberPart]:
        return [m for m in self.members if m.confirmed]

    @property
    def missing(self) -> list[MemberPart]:
        return [m for m in self.members if not m.confirmed]


def short_label(key: str) -> str:
    """ "v. 47" for a week, "tertial 3, 2026" for a tertial."""
    if period_kind(key) == "week":
        return f"v. {int(key.split('-W')[1])}"
    return period_label(key)


def threshold(municipality_ids: list[int]) -> int:
    """The strictest of the installation's default and the members' public pages."""
    chosen = Publication.objects.filter(municipality_id__in=municipality_ids).values_list(
        "min_count", flat=True
    )
    return max([default_min_count(), *chosen])


def joint_picture(group: MunicipalityGroup, key: str) -> JointPicture:
    """The group's joint picture of `key` (a week or a tertial), as it is now."""
    kind = period_kind(key)
    if kind not in KINDS:
        raise ValueError(f"{key!r} is no week or tertial")
    consenting = list(
        GroupMember.objects.consenting()
        .filter(group=group)
        .order_by("municipality__name")
        .values_list("municipality_id", "municipality__name")
    )
    ids = [pk for pk, _ in consenting]
    pictures = _confirmed_pictures(ids, key)
    conclusions = _conclusions(pictures, key) if kind == "tertial" else {}
    members = [
        _part(pk, name, pictures.get(pk), conclusions.get(pk, "")) for pk, name in consenting
    ]
    picture = JointPicture(
        group=group,
        key=key,
        kind=kind,
        label=period_label(key),
        short_label=short_label(key),
        minimum=threshold(ids),
        members=members,
    )
    _fill_table(picture, {pk: row["categories"] for pk, row in pictures.items()})
    return picture


def _confirmed_pictures(municipality_ids: list[int], key: str) -> dict[int, dict[str, Any]]:
    """Each member's newest confirmed version of the period: one row per member, and of
    its frozen document only the categories and the frozen summary."""
    newest = (
        SituationPicture.objects.filter(
            municipality_id=OuterRef("municipality_id"),
            period_key=key,
            status__in=CONFIRMED,
            snapshot__isnull=False,
        )
        .order_by("-version")
        .values("pk")[:1]
    )
    rows = SituationPicture.objects.filter(
        municipality_id__in=municipality_ids, period_key=key, pk=Subquery(newest)
    ).values_list(
        "pk",
        "municipality_id",
        "version",
        "confirmed_at",
        "snapshot__categories",
        "snapshot__picture__summary",
    )
    return {row[1]: dict(zip(_FIELDS, row, strict=True)) for row in rows}


_FIELDS = ("pk", "municipality_id", "version", "confirmed_at", "categories", "summary")


def _conclusions(pictures: dict[int, dict[str, Any]], key: str) -> dict[int, str]:
    """The conclusions of each contributing member's tertial analysis of the period,
    once the analysis group has marked it done (a draft analysis is still work)."""
    done = TertialAnalysis.objects.filter(
        municipality_id__in=list(pictures),
        period_key=key,
        status=TertialAnalysis.Status.DONE,
    ).values_list("municipality_id", "conclusions")
    return dict(done)


def _part(pk: int, name: str, row: dict[str, Any] | None, conclusions: str) -> MemberPart:
    if row is None:
        return MemberPart(municipality_id=pk, name=name)
    return MemberPart(
        municipality_id=pk,
        name=name,
        picture_id=row["pk"],
        version=row["version"],
        confirmed_at=row["confirmed_at"],
        summary=str(row["summary"] or ""),
        conclusions=conclusions,
    )


def _fill_table(picture: JointPicture, categories: dict[int, list[dict[str, Any]]]) -> None:
    """The categories in the members' order (first seen first), counts side by side."""
    members = [m.municipality_id for m in picture.contributing]
    names: dict[str, tuple[str, bool]] = {}
    counts: dict[tuple[str, int], int] = {}
    for member in members:
        for category in categories.get(member) or []:
            code = str(category["code"])
            names.setdefault(code, (str(category["name"]), bool(category.get("is_positive"))))
            counts[(code, member)] = int(category.get("count") or 0)
    codes = [c for c in names if any(counts.get((c, m), 0) for m in members)]
    table: HiddenTable = hide_table(counts, codes, members, picture.minimum)
    picture.rows = [
        Row(
            code=c,
            name=names[c][0],
            is_positive=names[c][1],
            figures=[table.cells[(c, m)] for m in members],
            total=table.totals[c],
        )
        for c in codes
    ]
    picture.total = table.total if members else None
