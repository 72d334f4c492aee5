"""The start page for the current role, and switching between memberships."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.core.memberships import choose_membership
from samordna.core.navigation import START_PAGES, nav_for
from samordna.core.selectors import start_summary


def home(request: HttpRequest) -> HttpResponse:
    membership = getattr(request, "membership", None)
    if membership is None:
        return render(request, "core/no_membership.html", status=200)
    heading, text = START_PAGES[membership.role]
    return render(
        request,
        "core/home.html",
        {
            "heading": heading,
            "text": text,
            "shortcuts": nav_for(membership.role)[1:],
            "summary": start_summary(request.user, membership),
        },
    )


@require_POST
def switch_membership(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("membership", "")
    membership = choose_membership(request, int(raw)) if raw.isdigit() else None
    if membership is None:
        messages.error(request, _("Det medlemskapet finns inte bland dina."))
    else:
        messages.success(
            request,
            _("Du arbetar nu som %(role)s i %(org)s.")
            % {"role": membership.get_role_display(), "org": membership.organisation},
        )
    return redirect("core:home")
