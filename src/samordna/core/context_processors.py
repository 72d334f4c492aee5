"""What every page's shell needs: the current membership, the others, the navigation."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from samordna.core.demo.cast import DEMO_PASSWORD
from samordna.core.navigation import OPERATOR, nav_for


def shell(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    nav_items = nav_for(membership.role if membership else None)
    if getattr(request.user, "is_operator", False):
        nav_items += nav_for(OPERATOR)
    return {
        "membership": membership,
        "memberships": getattr(request, "memberships", []),
        "nav_items": nav_items,
        "is_demo": bool(membership and membership.municipality.is_demo)
        or settings.SAMORDNA_DEMO_BANNER,
        "oidc_enabled": settings.OIDC_ENABLED,
        "demo_password": DEMO_PASSWORD if settings.SAMORDNA_DEMO_BANNER else None,
    }
