"""The signed-in person's feedback (*återkoppling*), newest first; showing it marks it read."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samordna.reports.feedback import feedback_mark_read, place_in_words
from samordna.reports.models import Feedback

PAGE_SIZE = 25


def feedback_list(request: HttpRequest) -> HttpResponse:
    feedback = (
        Feedback.objects.restrict(request.user)
        .select_related("observation__category", "observation__place", "observation__area")
        .order_by("-created_at", "-id")
    )
    page = Paginator(feedback, PAGE_SIZE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    # Shown now, read now: the page still marks what was new, so the reader sees it once.
    new = {item.pk for item in items if item.read_at is None}
    feedback_mark_read(user=request.user, ids=new)  # type: ignore[arg-type]
    rows = [(item, place_in_words(item.observation), item.pk in new) for item in items]
    return render(request, "reports/feedback.html", {"page": page, "rows": rows})
