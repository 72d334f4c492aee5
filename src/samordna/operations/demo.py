"""The demo's operator: `drift`, who adds and onboards municipalities on /drift/.

Like the TSI demo users, the operator always needs a second factor: it enrols an
authenticator app at the first sign-in. Idempotent: an existing `drift` that is not the
demo's (another e-mail address) is left alone."""

from __future__ import annotations

from samordna.core import services
from samordna.core.demo import cast
from samordna.core.models import User

USERNAME = "drift"


def load_demo_operator() -> int:
    """Create the demo operator if missing; returns how many users were created."""
    email = f"{USERNAME}@{cast.EMAIL_DOMAIN}"
    existing = User.objects.filter(username=USERNAME).first()
    if existing is not None:
        if existing.email == email:
            services.user_set_operator(actor=None, user=existing, is_operator=True)
        return 0
    user = services.user_create(
        actor=None,
        username=USERNAME,
        email=email,
        first_name="Drift",
        last_name="Demo",
        password=cast.DEMO_PASSWORD,
    )
    services.user_set_operator(actor=None, user=user, is_operator=True)
    return 1
