"""The signed-in person's feedback (*återkoppling*): one item per event, newest first;
showing it marks it read."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samordna.reports.feedback import feedback_mark_read, place_in_words
from samordna.reports.models import Feedback, FeedbackItem

PAGE_SIZE = 25


def feedback_list(request: HttpRequest) -> HttpResponse:
    items_qs = FeedbackItem.objects.restrict(request.user).order_by("-updated_at", "-id")
    page = Paginator(items_qs, PAGE_SIZE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    # An item about one observation names it; a grouped one says how many in its sentence.
    single = {
        row.item_id: row.observation
        for row in Feedback.objects.filter(item__in=[i for i in items if i.count == 1])
        .select_related("observation__category", "observation__place", "observation__area")
        .order_by("created_at", "id")
    }
    # Shown now, read now: the page still marks what was new, so the reader sees it once.
    new = {item.pk for item in items if item.read_at is None}
    feedback_mark_read(user=request.user, ids=new)  # type: ignore[arg-type]
    rows = [
        (
            item,
            single.get(item.pk),
            place_in_words(single[item.pk]) if item.pk in single else "",
            item.pk in new,
        )
        for item in items
    ]
    return render(request, "reports/feedback.html", {"page": page, "rows": rows})
