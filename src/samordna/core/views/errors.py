"""Generic error pages: they never show a stack trace, a path or an object."""

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _error(request: HttpRequest, status: int, heading: str, text: str) -> HttpResponse:
    return render(
        request, "error.html", {"status": status, "heading": heading, "text": text}, status=status
    )


@login_not_required
def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 400, _("Felaktig begäran"), _("Begäran kunde inte tolkas. Försök igen."))


@login_not_required
def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(
        request, 403, _("Ingen behörighet"), _("Du har inte behörighet till den här sidan.")
    )


@login_not_required
def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(
        request,
        404,
        _("Sidan finns inte"),
        _("Sidan finns inte, eller så har du inte tillgång till den."),
    )


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    return _error(
        request,
        500,
        _("Något gick fel"),
        _("Ett fel uppstod hos oss. Det är loggat; försök igen om en stund."),
    )
