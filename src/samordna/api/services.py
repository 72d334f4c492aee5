"""Writes of the API layer: API tokens. Each audits in the same transaction.

The audit log names the user, never the token: a token's primary key *is* the secret,
so it must never be an audit target or appear in a log line.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework.authtoken.models import Token

from samordna.api.authentication import requires_second_factor
from samordna.core import audit
from samordna.core.models import Municipality, User


def api_token_create(*, actor: User | None, user: User, rotate: bool = False) -> Token:
    """A new token for `user`; with `rotate`, the old one stops working at once.

    Without `rotate` an existing token is left alone: it was shown once, when it was
    made, and is never shown again.
    """
    if not user.is_active:
        raise ValidationError(
            f"Användaren {user.get_username()} är inaktiv; en API-nyckel skulle inte fungera."
        )
    if requires_second_factor(user):
        # The API would refuse every request with it (api.authentication): say so now.
        raise ValidationError(
            f"Användaren {user.get_username()} har en roll som kräver tvåstegsverifiering "
            "(TSI-roller alltid). API-nycklar kan inte användas för den; logga in i webben."
        )
    with transaction.atomic():
        existing = Token.objects.select_for_update().filter(user=user).first()
        if existing is not None and not rotate:
            raise ValidationError(
                f"Användaren {user.get_username()} har redan en API-nyckel. "
                "Ange --rotate för att ersätta den (den gamla slutar då gälla)."
            )
        if existing is not None:
            existing.delete()
        token = Token.objects.create(user=user)
        _audit(actor, user, "api.token_rotate" if existing is not None else "api.token_create")
    return token


def _audit(actor: User | None, user: User, action: str) -> None:
    # A token opens every municipality the user belongs to, so each one's log shows it.
    municipalities: list[Municipality | None] = list(
        Municipality.objects.filter(memberships__user=user, memberships__is_active=True)
        .distinct()
        .order_by("pk")
    )
    for municipality in municipalities or [None]:
        audit.record(
            actor=actor,
            action=action,
            target=user,
            municipality=municipality,
            changes={"username": user.get_username()},
        )
