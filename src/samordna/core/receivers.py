"""Sign-in and sign-out are recorded in the audit log.

Django's auth views are not ours to wrap, so their signals are the one place where
this is done; the receivers only write the audit row, nothing else.
"""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db import transaction
from django.dispatch import receiver

from samordna.core import audit


@receiver(user_logged_in)
def _audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    with transaction.atomic():
        audit.record(actor=user, action="auth.login", target=user)


@receiver(user_logged_out)
def _audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        with transaction.atomic():
            audit.record(actor=user, action="auth.logout", target=user)
