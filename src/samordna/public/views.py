"""The public page and its JSON (open to anybody), and the settings page (editors).

The public responses are rendered without the request (no context processors: no
user, no session, no CSRF token), always in Swedish, and cached (caching.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from samordna.core.models import Membership
from samordna.public import caching, promises, selectors, services
from samordna.public.forms import PublicationForm
from samordna.public.jsonview import page_json
from samordna.public.middleware import PUBLIC_MAX_AGE
from samordna.public.models import Publication
from samordna.public.policies import EDITORS


def _public_response(body: bytes, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    setattr(response, PUBLIC_MAX_AGE, caching.BODY_SECONDS)
    return response


def _render_page(publication: Publication) -> bytes:
    context = {"page": selectors.public_page(publication)}
    return render_to_string("public/page.html", context).encode()


def _render_data(publication: Publication) -> bytes:
    document = page_json(selectors.public_page(publication))
    return json.dumps(document, ensure_ascii=False).encode()


@login_not_required
@require_safe
def page(request: HttpRequest, slug: str) -> HttpResponse:
    body = caching.cached_body(slug, "html", _render_page)
    return _public_response(body, "text/html; charset=utf-8")


@login_not_required
@require_safe
def data(request: HttpRequest, slug: str) -> HttpResponse:
    body = caching.cached_body(slug, "json", _render_data)
    return _public_response(body, "application/json; charset=utf-8")


def _render_promise(promise_slug: str) -> Callable[[Publication], bytes]:
    def build(publication: Publication) -> bytes:
        promise = promises.published_promise(publication.municipality_id, promise_slug)
        if promise is None:
            raise Http404
        context = {
            "municipality": publication.municipality.name,
            "slug": publication.municipality.slug,
            "promise": promise,
        }
        return render_to_string("public/promise.html", context).encode()

    return build


@login_not_required
@require_safe
def promise(request: HttpRequest, slug: str, promise_slug: str) -> HttpResponse:
    """One published citizen promise: each party's commitments and their status."""
    body = caching.cached_body(slug, f"promise:{promise_slug}", _render_promise(promise_slug))
    return _public_response(body, "text/html; charset=utf-8")


def _editor(request: HttpRequest) -> Membership:
    membership: Membership | None = getattr(request, "membership", None)
    if membership is None or membership.role not in EDITORS:
        raise PermissionDenied
    return membership


def settings_page(request: HttpRequest) -> HttpResponse:
    """The municipality's choices: publish or not, what, and from which threshold."""
    membership = _editor(request)
    municipality = membership.municipality
    publication = services.publication_for(municipality)
    form = PublicationForm(request.POST or None, instance=publication)
    if request.method == "POST" and form.is_valid():
        services.publication_update(
            actor=request.user,  # type: ignore[arg-type]
            municipality=municipality,
            **{name: form.cleaned_data[name] for name in services.FIELDS},
        )
        messages.success(request, "Inställningarna för den offentliga sidan är sparade.")
        return redirect("public:settings")
    return render(request, "public/settings.html", {"form": form, "publication": publication})
