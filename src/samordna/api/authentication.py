"""Token authentication that honours the municipality's second-factor rule.

A token cannot show a one-time code, so a user who holds any role for which their
municipality requires two-step verification cannot use one: they use the web.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from samordna.core.models import Membership
from samordna.core.roles import TSI_ROLES


def requires_second_factor(user: Any) -> bool:
    memberships = Membership.objects.filter(user=user, is_active=True).select_related(
        "municipality"
    )
    # TSI roles always need the second factor, whatever the municipality chose.
    return any(
        m.role in TSI_ROLES or m.role in (m.municipality.otp_required_roles or [])
        for m in memberships
    )


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        if requires_second_factor(user):
            raise exceptions.AuthenticationFailed(
                _(
                    "Din roll kräver tvåstegsverifiering. API-nycklar kan inte användas; "
                    "logga in i webben."
                )
            )
        return user, token
