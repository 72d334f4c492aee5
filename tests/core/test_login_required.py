"""Deny by default: walk the whole URL map; only an explicit allow-list is open."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.permissions import IsAuthenticated

# Views anybody may open: signing in, resetting a password, SSO, choosing a language.
ALLOW_LIST = {
    "core:login",
    "core:password_reset",
    "core:password_reset_done",
    "core:password_reset_confirm",
    "core:password_reset_complete",
    "oidc_authentication_init",
    "oidc_authentication_callback",
    "set_language",
    # The public page per municipality and its JSON: aggregates only, small counts
    # suppressed, 404 unless the municipality publishes (samordna.public).
    "public:page",
    "public:data",
    # A published citizen promise: its commitments and their status, nothing internal.
    "public:promise",
    # The report form's service worker: the same static script for everyone (what it
    # caches is decided in the browser, per signed-in user); a browser updating it
    # after sign-out must get the script, not the sign-in page.
    "reports:service_worker",
}


def _walk(
    patterns: list[Any], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, Any]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern), entry.callback


ROUTES = list(_walk(get_resolver().url_patterns))


def _is_drf(callback: Any) -> bool:
    view_class = getattr(callback, "cls", None)
    return view_class is not None and hasattr(view_class, "permission_classes")


def _example_path(route: str) -> str:
    """A concrete path for a route: every converter gets a plausible, non-existing value."""
    path = re.sub(r"<drf_format_suffix:format>", ".json", route)
    path = re.sub(r"<(?:int:)?pk>|<int:\w+>", "999999", path)
    path = re.sub(r"<[^>]+>", "finns-inte", path)
    path = re.sub(r"\^|\$|\\", "", path)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "finns-inte", path)
    path = re.sub(r"\[[^\]]*\][+*]?|\?", "", path)
    return "/" + path


def test_the_walk_sees_the_whole_map():
    names = {name for name, _, _ in ROUTES}
    assert {"core:home", "core:login", "core:audit_list"} <= names
    assert len(ROUTES) >= 15


@pytest.mark.parametrize(("name", "route", "callback"), ROUTES, ids=[r[0] + r[1] for r in ROUTES])
def test_every_view_requires_sign_in_unless_allowed(name, route, callback):
    if name in ALLOW_LIST:
        assert getattr(callback, "login_required", True) is False, f"{name} should be open"
    elif _is_drf(callback):
        # The API authenticates tokens itself, so it opts out of the middleware; then
        # DRF must require authentication on every view.
        permissions = callback.cls.permission_classes
        assert any(issubclass(p, IsAuthenticated) for p in permissions), name
    else:
        assert getattr(callback, "login_required", True) is not False, f"{name} is open"


@pytest.mark.parametrize(("name", "route", "callback"), ROUTES, ids=[r[0] + r[1] for r in ROUTES])
def test_anonymous_requests_get_nothing(client, db, name, route, callback):
    if name in ALLOW_LIST:
        return
    response = client.get(_example_path(route))

    if _is_drf(callback):
        assert response.status_code in (401, 403), name
    else:
        assert response.status_code == 302, name
        assert response["Location"].startswith("/konto/logga-in/?next="), name
