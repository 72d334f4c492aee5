"""Sign-in and sign-out are recorded in the audit log.

Django's auth views are not ours to wrap, so their signals are the one place where
this is done; the receivers only write the audit row, nothing else.
"""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db import transaction
from django.dispatch import receiver

from samordna.core import audit
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
