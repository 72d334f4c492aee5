"""Background tasks of the situation picture (django-tasks; run by `samordna db_worker`).

Confirming commits at once and enqueues `distribute_picture`: the PDF is rendered and
stored, then the mails go out with it. A PDF asked for on the page is rendered by
`render_picture_file` / `render_draft_file` while the page waits and refreshes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_tasks import task

from samordna.core.models import Municipality
from samordna.situation import rendered
from samordna.situation.compile import compile_document
from samordna.situation.distribution import deliver_pending
from samordna.situation.documents import picture_document
from samordna.situation.models import SituationPicture


@task()
def render_picture_file(picture_id: int, fmt: str, language: str) -> str:
    """Store a frozen version's file; its name ("" when the version is not frozen)."""
    picture = SituationPicture.objects.select_related("municipality").get(pk=picture_id)
    if not picture.is_frozen:
        return ""
    stem = rendered.frozen_stem(picture.pk, picture.version, picture.content_hash)
    where = rendered.Target(stem, fmt, language)
    if rendered.stored(where) is None:
        rendered.store(where, picture_document(picture))
    return where.path.name


@task()
def render_draft_file(municipality_id: int, key: str, fmt: str, language: str) -> str:
    """Store the file of the period's draft as it is now (the newest picture row's
    document while it is open, else the live compilation, as the page shows); its name."""
    municipality = Municipality.objects.get(pk=municipality_id)
    document = draft_document(municipality, key)
    where = rendered.Target(rendered.draft_stem(municipality_id, key, document), fmt, language)
    rendered.store(where, document)
    return where.path.name


def draft_document(municipality: Municipality, key: str) -> dict[str, Any]:
    picture = (
        SituationPicture.objects.filter(municipality=municipality, period_key=key)
        .order_by("-version")
        .first()
    )
    if picture is not None and not picture.is_frozen:
        return picture_document(picture)
    return compile_document(municipality, key)


@task()
def distribute_picture(picture_id: int) -> str:
    """A confirmed version: its PDF rendered and stored, then its deliveries sent."""
    render_picture_file.call(picture_id, "pdf", settings.LANGUAGE_CODE)
    sent, failed = deliver_pending(picture_id=picture_id)
    return f"{sent} sent, {failed} failed"
