"""Optional single sign-on (OpenID Connect) through the municipality's identity provider.

Configured from the environment (see docs/operations.md); off unless
`OIDC_RP_CLIENT_ID` is set. A person signs in only if an active Samordna user with
the same verified e-mail address exists: SSO never creates users, because roles
come from memberships that an admin gives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)


class SamordnaOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    def verify_claims(self, claims: dict[str, Any]) -> bool:
        # A provider that says the address is unverified is not trusted with it.
        return bool(claims.get("email")) and claims.get("email_verified", True) is not False

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        return self.UserModel.objects.filter(email__iexact=claims.get("email", ""), is_active=True)

    def create_user(self, claims: dict[str, Any]) -> None:
        return None


def _only_when_enabled(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_not_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


urlpatterns = [
    path(
        "callback/",
        _only_when_enabled(OIDCAuthenticationCallbackView.as_view()),
        name="oidc_authentication_callback",
    ),
    path(
        "authenticate/",
        _only_when_enabled(OIDCAuthenticationRequestView.as_view()),
        name="oidc_authentication_init",
    ),
]
