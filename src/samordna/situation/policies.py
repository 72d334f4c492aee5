"""Who may see and change situation pictures.

Everyone in the EST work of a municipality reads its confirmed pictures (that is the
point of feedback); drafts are for those who prepare and assess them, not yet for
reporters. Coordinators and admins compile, confirm, correct and distribute.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from samordna.core.policies import TenantPolicy, municipality_ids, register
from samordna.core.roles import EST_ROLES, Role
from samordna.situation.models import Delivery, Recipient, SituationPicture

__all__ = ["DRAFT_READERS", "EST_ROLES", "PICTURE_EDITORS"]

DRAFT_READERS = EST_ROLES - {Role.REPORTER}
PICTURE_EDITORS = frozenset({Role.COORDINATOR, Role.ADMIN})
FROZEN = (SituationPicture.Status.CONFIRMED, SituationPicture.Status.DISTRIBUTED)


@register(SituationPicture)
class SituationPicturePolicy(TenantPolicy):
    writers = PICTURE_EDITORS

    def condition(self, user: Any, action: str) -> Q | None:
        if action != "view":
            return super().condition(user, action)
        return Q(municipality_id__in=municipality_ids(user, DRAFT_READERS)) | Q(
            municipality_id__in=municipality_ids(user, EST_ROLES), status__in=FROZEN
        )


@register(Recipient)
class RecipientPolicy(TenantPolicy):
    readers = PICTURE_EDITORS
    writers = PICTURE_EDITORS


@register(Delivery)
class DeliveryPolicy(TenantPolicy):
    """Editors follow every delivery; a person sees the ones addressed to them."""

    readers = PICTURE_EDITORS

    def condition(self, user: Any, action: str) -> Q | None:
        if action != "view":
            return None
        own = Q(recipient__user_id=user.pk, municipality_id__in=municipality_ids(user, EST_ROLES))
        return Q(municipality_id__in=municipality_ids(user, self.readers)) | own


def require_picture_editor(actor: Any, municipality_id: int, message: str) -> None:
    """The services' own check: only coordinators and admins of the municipality write."""
    if municipality_id not in municipality_ids(actor, PICTURE_EDITORS):
        raise PermissionDenied(message)
