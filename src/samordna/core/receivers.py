"""Sign-in, sign-out, failed sign-ins and lockouts are recorded in the audit log.

Django's auth views are not ours to wrap, so their signals are the one place where
this is done; the receivers only write the audit row, nothing else.
"""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from samordna.core import audit, refusals
from samordna.core.memberships import active_memberships
from samordna.core.models import Municipality


def _record_per_municipality(user: Any, action: str) -> None:
    # A user is not tenant-owned: each municipality they work in gets the event in its
    # own log, so that its admins see who signed in.
    municipalities: set[Municipality | None] = {m.municipality for m in active_memberships(user)}
    municipalities = municipalities or {None}
    with transaction.atomic():
        for municipality in municipalities:
            audit.record(actor=user, action=action, target=user, municipality=municipality)


@receiver(user_logged_in)
def _audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    _record_per_municipality(user, "auth.login")


@receiver(user_logged_out)
def _audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        _record_per_municipality(user, "auth.logout")


def _known_user(username: object) -> Any:
    """The account a sign-in named, or None; the name itself is never stored."""
    model = get_user_model()
    if not isinstance(username, str) or not username:
        return None
    return model._default_manager.filter(**{model.USERNAME_FIELD: username}).first()


@receiver(user_login_failed)
def _audit_login_failed(sender: Any, credentials: Any, request: Any = None, **kwargs: Any) -> None:
    username = (credentials or {}).get(get_user_model().USERNAME_FIELD)
    actor = _known_user(username)
    refusals.refuse(request, kind="sign_in", actor=actor, actor_label="")


@receiver(user_locked_out)
def _audit_lockout(sender: Any, request: Any, username: Any = None, **kwargs: Any) -> None:
    # The attempt that locks (and each one while locked) is also a failed sign-in:
    # both are recorded, each under its own kind.
    refusals.refuse(request, kind="lockout", actor=_known_user(username), actor_label="")
