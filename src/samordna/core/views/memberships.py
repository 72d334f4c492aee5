"""The start page for the current role, and switching between memberships."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.core.memberships import choose_membership
from samordna.core.navigation import START_PAGES
from samordna.core.roles import Role

# Who gets the big "Rapportera" button first on the start page.
REPORT_BUTTON = frozenset({Role.REPORTER})


def home(request: HttpRequest) -> HttpResponse:
    membership = getattr(request, "membership", None)
    if membership is None:
        return render(request, "core/no_membership.html", status=200)
    # The to-dos read every domain app: imported here so the foundation does not
    # import the domains when it loads (samordna.start sits above them).
    from samordna.start.todos import todos_for

    heading, text = START_PAGES[membership.role]
    context = {
        "heading": heading,
        "text": text,
        "todos": todos_for(request.user, membership),
        "may_report": membership.role in REPORT_BUTTON,
    }
    return render(request, "core/home.html", context)


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
