"""The start page for the current role: its heading, its to-dos and the report button."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samordna.core.navigation import START_PAGES
from samordna.core.roles import Role
from samordna.county.policies import county_codes
from samordna.start.todos import todos_for

# Who gets the big "Rapportera" button first on the start page.
REPORT_BUTTON = frozenset({Role.REPORTER})


def home(request: HttpRequest) -> HttpResponse:
    membership = getattr(request, "membership", None)
    if membership is None:
        # A county officer belongs to no municipality: the page leads to the county's view.
        officer = {"county_officer": bool(county_codes(request.user))}
        return render(request, "start/no_membership.html", officer, status=200)
    heading, text = START_PAGES[membership.role]
    context = {
        "heading": heading,
        "text": text,
        "todos": todos_for(request.user, membership),
        "may_report": membership.role in REPORT_BUTTON,
    }
    return render(request, "start/home.html", context)
