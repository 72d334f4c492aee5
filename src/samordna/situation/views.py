"""The situation picture pages: the list, one period's picture, exports and the lifecycle.

A period without a picture row is shown live (a draft nobody has touched yet) to
those who may read drafts; reporters see a picture once it is confirmed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from samordna.analysis.periods import day_bounds, iso_week, period_label, shift_period, tertial
from samordna.core.models import Membership
from samordna.reports.models import Observation
from samordna.situation import page, page_cache, rendered, services, tasks, versions
from samordna.situation.compile import compile_document
from samordna.situation.distribution import delivery_retry
from samordna.situation.exports import CONTENT_TYPES, FILE_EXTENSIONS
from samordna.situation.models import Delivery, Recipient, SituationPicture
from samordna.situation.policies import DRAFT_READERS, EST_ROLES, PICTURE_EDITORS

PAGE_SIZE = 25
BODY_TEMPLATE = "situation/_picture_body.html"


def _membership(request: HttpRequest) -> Membership:
    membership: Membership | None = getattr(request, "membership", None)
    if membership is None or membership.role not in EST_ROLES:
        raise PermissionDenied
    return membership


def _key(key: str) -> str:
    try:
        services.check_period(key)
    except ValidationError as exc:
        raise Http404 from exc
    return key


def _picture(request: HttpRequest, pk: int) -> SituationPicture:
    membership = _membership(request)
    picture = (
        SituationPicture.objects.restrict(request.user)
        .filter(pk=pk, municipality=membership.municipality)
        .select_related("municipality", "confirmed_by")
        .first()
    )
    if picture is None:
        raise Http404
    return picture


def index(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    pictures = (
        SituationPicture.objects.restrict(request.user)
        .filter(municipality=membership.municipality)
        .order_by("-period_key", "-version")
    )
    page = Paginator(pictures, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    asked = request.GET.get("period", "").strip().upper().replace("V", "W")
    if asked:
        try:
            services.check_period(asked)
        except ValidationError:
            messages.error(request, _("Skriv perioden som 2026-W47 (vecka), 2026-T3 eller 2026."))
        else:
            return redirect("situation:period", key=asked)
    return render(
        request,
        "situation/index.html",
        {
            "page": page,
            "this_week": iso_week(now),
            "last_week": shift_period(iso_week(now), -1),
            "this_tertial": tertial(now),
            "this_year": str(now.year),
        },
    )


def period(request: HttpRequest, key: str) -> HttpResponse:
    """The newest version of the period's picture, or the live draft."""
    membership = _membership(request)
    key = _key(key)
    picture = (
        SituationPicture.objects.restrict(request.user)
        .filter(municipality=membership.municipality, period_key=key)
        .order_by("-version")
        .first()
    )
    if picture is not None:
        return _show(request, membership, picture)
    if membership.role not in DRAFT_READERS:
        return render(
            request,
            "situation/not_confirmed.html",
            {"key": key, "label": period_label(key)},
        )
    document, identity = page_cache.draft_document(membership.municipality, key)
    return _render_page(request, membership, document, None, identity)


def picture(request: HttpRequest, pk: int) -> HttpResponse:
    picture = _picture(request, pk)
    return _show(request, _membership(request), picture)


def _show(request: HttpRequest, membership: Membership, picture: SituationPicture) -> HttpResponse:
    if picture.snapshot is not None:
        # Frozen: the body rendered from it is kept by the picture's id and version.
        document = services.picture_document(picture)
        identity = f"picture:{picture.pk}:{picture.version}:{document['picture']['status']}"
    else:
        document, identity = page_cache.draft_document(
            picture.municipality, picture.period_key, services.picture_block(picture)
        )
    Delivery.objects.filter(
        picture=picture, recipient__user_id=request.user.pk or 0, read_at__isnull=True
    ).update(read_at=timezone.now())
    return _render_page(request, membership, document, picture, identity)


def _render_page(
    request: HttpRequest,
    membership: Membership,
    document: dict[str, Any],
    picture: SituationPicture | None,
    identity: str,
) -> HttpResponse:
    """The page: its body (all the filters change) rendered once per document, filter and
    language; an HTMX request for another filter gets the body alone."""
    chosen = page.filters(document, request.GET)
    body = page_cache.body(
        identity,
        chosen,
        lambda: render_to_string(BODY_TEMPLATE, page.page_context(document, chosen)),
    )
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        response = HttpResponse(body)
        patch_vary_headers(response, ("HX-Request",))
        return response
    context: dict[str, Any] = {"document": document, "filters": chosen, "body": body}
    context.update(
        page.periods_around(document),
        picture=picture,
        can_edit=membership.role in PICTURE_EDITORS,
        versions=_versions(request, picture),
        deliveries=_deliveries(picture, membership),
        before_confirming=_before_confirming(membership, document),
        tile_url=settings.SAMORDNA_MAP_TILE_URL,
        # Reporters do not see meetings (meetings.policies); everyone else may follow
        # the link to the meeting that assessed the picture and its minutes.
        meetings=list(picture.meetings.order_by("-held_at"))
        if picture is not None and membership.role in DRAFT_READERS
        else [],
    )
    response = render(request, "situation/period.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _versions(request: HttpRequest, picture: SituationPicture | None) -> list[SituationPicture]:
    if picture is None:
        return []
    return list(
        SituationPicture.objects.restrict(request.user)
        .filter(municipality_id=picture.municipality_id, period_key=picture.period_key)
        .order_by("version")
    )


def _before_confirming(membership: Membership, document: dict[str, Any]) -> dict[str, Any]:
    """What confirming will do, said before it is done: the observations of the period
    still waiting for review (they go in as they are) and who receives the picture."""
    if membership.role not in PICTURE_EDITORS or document["picture"]["status"] not in (
        "draft",
        "proposed",
    ):
        return {}
    # One indexed count over the period, not the document's ids: a year's picture holds
    # tens of thousands, past what SQLite takes in one IN list.
    period = document["period"]
    start, end = day_bounds(date.fromisoformat(period["start"]), date.fromisoformat(period["end"]))
    unreviewed = Observation.objects.filter(
        municipality=membership.municipality,
        status=Observation.Status.SUBMITTED,
        occurred_from__gte=start,
        occurred_from__lt=end,
    ).count()
    recipients = list(
        Recipient.objects.filter(municipality=membership.municipality, is_active=True)
        .select_related("user", "organisation")
        .order_by("id")
    )
    return {
        "unreviewed": unreviewed,
        "recipients": recipients,
        "by_mail": sum(1 for r in recipients if r.address),
    }


def _deliveries(picture: SituationPicture | None, membership: Membership) -> list[Delivery]:
    if picture is None or membership.role not in PICTURE_EDITORS:
        return []
    return list(
        Delivery.objects.filter(picture=picture).select_related(
            "recipient__user", "recipient__organisation"
        )
    )


def export(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    """The period's picture as a file: the newest version, or the live draft. Served
    from storage; a PDF not rendered yet is asked of the task worker while a page
    that refreshes itself waits (situation.rendered)."""
    membership = _membership(request)
    key = _key(key)
    if fmt not in CONTENT_TYPES:
        raise Http404
    picture = (
        SituationPicture.objects.restrict(request.user)
        .filter(municipality=membership.municipality, period_key=key)
        .order_by("-version")
        .first()
    )
    if picture is not None:
        document, version = services.picture_document(picture), f"-v{picture.version}"
    elif membership.role in DRAFT_READERS:
        document, version = compile_document(membership.municipality, key), "-utkast"
    else:
        raise Http404
    if picture is not None and picture.is_frozen:
        stem = rendered.frozen_stem(picture.pk, picture.version, picture.content_hash)
    else:
        stem = rendered.draft_stem(membership.municipality_id, key, document)
    where = rendered.target(stem, fmt)
    data = rendered.stored(where)
    if data is None and fmt in rendered.BACKGROUND:
        data = _render_in_background(where, picture, membership, key)
        if data is None:
            return render(request, "situation/file_pending.html", {"key": key}, status=202)
    if data is None:
        data = rendered.store(where, document)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    name = f"lagesbild-{membership.municipality.slug}-{key}{version}.{FILE_EXTENSIONS[fmt]}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _render_in_background(
    where: rendered.Target,
    picture: SituationPicture | None,
    membership: Membership,
    key: str,
) -> bytes | None:
    """Ask the worker for the file (once while it is pending); the bytes if it is
    already there when asked (the tests' immediate tasks), else None."""
    if not rendered.asked_recently(where):
        rendered.mark_asked(where)
        if picture is not None and picture.is_frozen:
            tasks.render_picture_file.enqueue(picture.pk, where.fmt, where.language)
        else:
            tasks.render_draft_file.enqueue(
                membership.municipality_id, key, where.fmt, where.language
            )
    return rendered.stored(where)


def _editor(request: HttpRequest) -> Membership:
    membership = _membership(request)
    if membership.role not in PICTURE_EDITORS:
        raise PermissionDenied
    return membership


@require_POST
def act(request: HttpRequest, key: str, action: str) -> HttpResponse:
    """Propose, confirm or correct the period's newest picture (one small form each)."""
    membership = _editor(request)
    key = _key(key)
    if action not in _ACTIONS:
        raise Http404
    try:
        picture = services.picture_prepare(
            actor=request.user,  # type: ignore[arg-type]
            municipality=membership.municipality,
            key=key,
        )
        _ACTIONS[action](request, picture)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    return redirect("situation:period", key=key)


def _propose(request: HttpRequest, picture: SituationPicture) -> None:
    services.picture_propose(actor=request.user, picture=picture)  # type: ignore[arg-type]
    messages.success(request, _("Lägesbilden är föreslagen för veckomötet."))


def _confirm(request: HttpRequest, picture: SituationPicture) -> None:
    summary = request.POST.get("summary")
    confirmed = services.picture_confirm(
        actor=request.user,  # type: ignore[arg-type]
        picture=picture,
        summary=summary.strip() if summary is not None else None,
    )
    deliveries = Delivery.objects.filter(picture=confirmed).count()
    if deliveries:
        messages.success(
            request,
            ngettext(
                "Lägesbilden är fastställd. Den skickas nu till %(n)d mottagare; "
                "hur det går syns på bildens sida.",
                "Lägesbilden är fastställd. Den skickas nu till %(n)d mottagare; "
                "hur det går syns på bildens sida.",
                deliveries,
            )
            % {"n": deliveries},
        )
    else:
        messages.warning(
            request, _("Lägesbilden är fastställd. Sändlistan är tom, så den skickas inte.")
        )


def _correct(request: HttpRequest, picture: SituationPicture) -> None:
    services.picture_correct(
        actor=request.user,  # type: ignore[arg-type]
        picture=picture,
        reason=request.POST.get("reason", ""),
    )
    messages.success(request, _("En ny version är påbörjad. Fastställ den när den är klar."))


_ACTIONS = {"propose": _propose, "confirm": _confirm, "correct": _correct}


@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    _editor(request)
    picture = _picture(request, pk)
    sent, failed = delivery_retry(actor=request.user, picture=picture)  # type: ignore[arg-type]
    if failed:
        messages.error(request, _("%(n)d utskick misslyckades igen.") % {"n": failed})
    else:
        messages.success(request, _("%(n)d utskick gick iväg.") % {"n": sent})
    return redirect(reverse("situation:picture", args=[picture.pk]) + "#utskick")


def compare(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    """Two frozen versions of the same period side by side: what the correction changed."""
    old, new = _picture(request, pk), _picture(request, other)
    if old.period_key != new.period_key or not (old.is_frozen and new.is_frozen):
        raise Http404
    if old.version > new.version:
        old, new = new, old
    return render(
        request,
        "situation/compare.html",
        {
            "old": old,
            "new": new,
            "label": period_label(old.period_key),
            "diff": versions.compare(old.snapshot or {}, new.snapshot or {}),
        },
    )
