"""Switching between the user's memberships (the role menu in the header)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.core.memberships import choose_membership


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
