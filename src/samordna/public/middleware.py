"""Cache headers for the public pages: everything else stays `no-store`."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# Set by a public view on its response: the seconds a browser or proxy may keep it.
PUBLIC_MAX_AGE = "samordna_public_max_age"


class PublicCacheMiddleware:
    """Sits outside NoStoreMiddleware and, only for responses a public view marked,
    replaces its `no-store` with `public, max-age=N`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        max_age = getattr(response, PUBLIC_MAX_AGE, None)
        if max_age is not None:
            response["Cache-Control"] = f"public, max-age={int(max_age)}"
        return response
