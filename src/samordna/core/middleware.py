"""Request id, refusals on record, the current membership, the second factor, cache and
security headers."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from samordna.core import audit, refusals
from samordna.core.memberships import current_membership
from samordna.core.roles import TSI_ROLES

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")

Handler = Callable[[HttpRequest], HttpResponse]


class RequestIdMiddleware:
    """Give every request an id that audit events and the response carry."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        channel = "api" if request.path.startswith("/api/") else "web"
        request.request_id = request_id  # type: ignore[attr-defined]
        audit.set_context(request_id=request_id, channel=channel)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class RefusalMiddleware:
    """Every 403 (and the API's 401) is a refusal on record: `samordna.core.refusals`.

    Outside the views and the other middleware, so it sees Django's PermissionDenied,
    DRF's refusals, the second-factor middleware's and CSRF's 403 alike. A hook that
    knows better names the kind on the request (`refused.token` from the API's handler);
    a 404 cannot be told apart from a missing row and is left.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in (401, 403) and not refusals.recorded(request):
            user: Any = getattr(request, "user", None)
            kind = getattr(request, refusals.KIND_ATTRIBUTE, "permission")
            actor = user if user is not None and user.is_authenticated else None
            refusals.refuse(request, kind=kind, actor=actor)
        return response


class MembershipMiddleware:
    """Attach the membership the user works as now (they may switch between several)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = current_membership(request)  # type: ignore[attr-defined]
        memberships = getattr(request, "memberships", [])
        if any(m.role in TSI_ROLES for m in memberships):
            # Whoever can reach children's cases gets the shorter idle timeout.
            request.session.set_expiry(settings.SAMORDNA_CASES_IDLE_MINUTES * 60)
        return self.get_response(request)


# Pages a user who still owes a second factor may reach.
_OTP_EXEMPT = ("core:otp_setup", "core:otp_verify", "core:logout", "core:switch_membership")


class SecondFactorMiddleware:
    """Send users whose role requires TOTP to set it up or verify it first."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership = getattr(request, "membership", None)
        user: Any = request.user
        # The installation's operator always needs one, whatever they act as.
        needs = getattr(user, "is_operator", False) or (
            membership is not None
            and (
                membership.role in TSI_ROLES
                or membership.role in (membership.municipality.otp_required_roles or [])
            )
        )
        if needs and not user.is_verified() and not self._exempt(request):
            if request.path.startswith("/api/"):
                return HttpResponse(status=403)
            has_device = user.totpdevice_set.filter(confirmed=True).exists()
            return redirect("core:otp_verify" if has_device else "core:otp_setup")
        return self.get_response(request)

    @staticmethod
    def _exempt(request: HttpRequest) -> bool:
        return any(
            request.path == reverse(name) for name in _OTP_EXEMPT
        ) or request.path.startswith("/static/")


def content_security_policy(tile_url: str) -> str:
    """Scripts only from our own static files (no inline script anywhere); styles also
    inline, because Leaflet and the server-drawn SVG charts carry style attributes; map
    tiles from the configured tile server's origin; no plugins, no framing, forms only
    to us."""
    images = ["'self'", "data:"]
    parts = urlsplit(tile_url)
    if parts.scheme in {"http", "https"} and parts.netloc:
        # Leaflet's {s} (subdomains a., b., c.) is CSP's leftmost wildcard.
        images.append(f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}")
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": images,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


# No page of ours uses the camera, the microphone, payment or the like; the report form
# asks for the position ("här jag står"), from our own origin only.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(self), payment=(), usb=(), "
    "accelerometer=(), gyroscope=(), magnetometer=()"
)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (ASVS 5.0 V3.4)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.policy = content_security_policy(settings.SAMORDNA_MAP_TILE_URL)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.policy)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class NoStoreMiddleware:
    """Nothing a signed-in user sees may be kept by a browser or proxy cache."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store"
        return response


class LanguageMiddleware:
    """Swedish unless the user chose another language (Django's language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many
    Swedish staff have English browsers; the product's language is a choice, not a guess.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
