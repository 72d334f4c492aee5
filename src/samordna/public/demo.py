"""The demo municipality publishes its public page (idempotent: choices already made stay)."""

from __future__ import annotations

from samordna.core.models import Municipality
from samordna.public.models import Publication
from samordna.public.services import publication_update

INTRO = (
    "Demo med syntetiska data: så kan en kommun visa läget för invånarna. "
    "Inga verkliga personer eller händelser."
)


def publish_demo(municipality: Municipality) -> int:
    """Publish once; a later load leaves the page as the demo's users left it."""
    if Publication.objects.filter(municipality=municipality).exists():
        return 0
    publication_update(
        actor=None,
        municipality=municipality,
        is_published=True,
        show_pictures=True,
        show_surveys=True,
        min_count=5,
        intro=INTRO,
    )
    return 1
