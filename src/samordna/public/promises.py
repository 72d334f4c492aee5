"""The citizen promises (*medborgarlöften*) on the public page: published promises only,
each party's commitments with their status and public status line.

Read here, and only here: the promise's title, year, slug and public summary; each
commitment's party (organisation name), text, status and public status line. Never the
interventions behind a commitment, internal notes, people or anything of the agreement
beyond its police area.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet

from samordna.plans.models import Agreement, CitizenPromise, Commitment

STATUS_LABELS: dict[str, str] = {
    Commitment.Status.PLANNED: "Planerat",
    Commitment.Status.IN_PROGRESS: "Pågår",
    Commitment.Status.DONE: "Genomfört",
    Commitment.Status.NOT_DONE: "Inte genomfört",
}


@dataclass(frozen=True)
class PublicCommitment:
    party: str
    text: str
    status: str
    status_label: str
    public_status: str


@dataclass(frozen=True)
class PublicPromise:
    slug: str
    title: str
    year: int
    summary: str
    police_area: str
    commitments: tuple[PublicCommitment, ...]


def _published(municipality_id: int) -> QuerySet[CitizenPromise]:
    promises: QuerySet[CitizenPromise] = CitizenPromise.objects.filter(
        municipality_id=municipality_id, is_published=True
    )
    return promises


def promises_version(municipality_id: int) -> str:
    """Part of the public page's cache version: changes when a promise or a commitment
    is published, unpublished or changed."""
    promises = CitizenPromise.objects.filter(municipality_id=municipality_id).aggregate(
        n=Count("id"), last=Max("updated_at")
    )
    published = _published(municipality_id).count()
    commitments = Commitment.objects.filter(municipality_id=municipality_id).aggregate(
        n=Count("id"), last=Max("updated_at")
    )
    agreement = Agreement.objects.filter(municipality_id=municipality_id).aggregate(
        last=Max("updated_at")
    )
    stamp = (
        max(value.timestamp() for value in (promises["last"], agreement["last"]) if value)
        if promises["last"]
        else 0
    )
    commitment_stamp = commitments["last"].timestamp() if commitments["last"] else 0
    return f"{promises['n']}-{published}-{stamp}-{commitments['n']}-{commitment_stamp}"


def _public(promise: CitizenPromise) -> PublicPromise:
    commitments = tuple(
        PublicCommitment(
            party=c.organisation.name,
            text=c.text,
            status=c.status,
            status_label=STATUS_LABELS.get(str(c.status), str(c.status)),
            public_status=c.public_status,
        )
        for c in sorted(promise.commitments.all(), key=lambda c: (c.order, c.pk))
    )
    return PublicPromise(
        slug=promise.slug,
        title=promise.title,
        year=promise.year,
        summary=promise.public_summary,
        police_area=promise.agreement.police_area,
        commitments=commitments,
    )


def published_promises(municipality_id: int) -> list[PublicPromise]:
    rows = (
        _published(municipality_id)
        .select_related("agreement")
        .prefetch_related("commitments__organisation")
        .order_by("-year", "title")
    )
    return [_public(p) for p in rows]


def published_promise(municipality_id: int, slug: str) -> PublicPromise | None:
    promise = (
        _published(municipality_id)
        .select_related("agreement")
        .prefetch_related("commitments__organisation")
        .filter(slug=slug)
        .first()
    )
    return _public(promise) if promise is not None else None
