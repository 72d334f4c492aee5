"""Changing what a municipality publishes (coordinators and administrators only)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from samordna.core import audit
from samordna.core.models import Municipality, User
from samordna.core.policies import municipality_ids
from samordna.public import caching
from samordna.public.models import Publication
from samordna.public.policies import EDITORS

FIELDS = ("is_published", "show_pictures", "show_surveys", "min_count", "intro")


def publication_for(municipality: Municipality) -> Publication:
    """The saved choices, or the defaults (unsaved: nothing is published)."""
    found = Publication.objects.filter(municipality=municipality).first()
    return found or Publication(municipality=municipality)


def publication_update(
    *,
    actor: User | None,
    municipality: Municipality,
    is_published: bool,
    show_pictures: bool,
    show_surveys: bool,
    min_count: int,
    intro: str,
) -> Publication:
    """Save the choices and audit what changed. `actor=None` only for the demo loader."""
    if actor is not None and municipality.pk not in municipality_ids(actor, EDITORS):
        raise PermissionDenied("Bara samordnare och administratörer ändrar den offentliga sidan.")
    values = {
        "is_published": is_published,
        "show_pictures": show_pictures,
        "show_surveys": show_surveys,
        "min_count": min_count,
        "intro": intro,
    }
    with transaction.atomic():
        publication, _ = Publication.objects.select_for_update().get_or_create(
            municipality=municipality
        )
        before = {name: getattr(publication, name) for name in FIELDS}
        for name, value in values.items():
            setattr(publication, name, value)
        publication.full_clean()
        publication.updated_at, publication.updated_by = timezone.now(), actor
        publication.save()
        changes = {k: [before[k], v] for k, v in values.items() if before[k] != v}
        audit.record(actor=actor, action="publication.update", target=publication, changes=changes)
        transaction.on_commit(lambda: caching.forget(municipality.slug))
    return publication
