"""The group pages: the list, proposing a group, one group, the joint picture, and the
steps of consent (invite, consent, decline or revoke: each asks to confirm first)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.analysis.periods import iso_week, period_bounds, period_kind, shift_period, tertial
from samordna.core.forms import add_service_errors
from samordna.core.memberships import acting_user, membership_in
from samordna.groups import selectors, services
from samordna.groups.forms import ConfirmForm, GroupForm, InviteForm
from samordna.groups.joint import KINDS, joint_picture
from samordna.groups.policies import GROUP_ADMINS, READERS

RECENT_WEEKS = 6


def index(request: HttpRequest) -> HttpResponse:
    membership = membership_in(request, READERS)
    is_admin = membership.role in GROUP_ADMINS
    context = {
        "groups": selectors.groups_of(membership.municipality),
        "invitations": selectors.invitations_of(membership.municipality) if is_admin else [],
        "is_admin": is_admin,
        "last_week": shift_period(iso_week(timezone.now()), -1),
    }
    return render(request, "groups/index.html", context)


def create(request: HttpRequest) -> HttpResponse:
    membership = membership_in(request, GROUP_ADMINS)
    form = GroupForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(
                actor=acting_user(request),
                municipality=membership.municipality,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, _errors(exc))
        else:
            messages.success(request, _("Gruppen är bildad. Bjud in de andra kommunerna."))
            return redirect("groups:detail", slug=group.slug)
    return render(request, "groups/create.html", {"form": form})


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_in(request, READERS)
    group = selectors.access_group(membership, slug, invited=True)
    mine = selectors.open_member(group, membership.municipality)
    consenting = mine is not None and mine.is_consenting
    now = timezone.now()
    this_week = iso_week(now)
    context = {
        "group": group,
        "mine": mine,
        "consenting": consenting,
        "is_admin": membership.role in GROUP_ADMINS,
        "members": selectors.member_rows(group),
        "own_municipality_id": membership.municipality_id,
        "weeks": [shift_period(this_week, -n) for n in range(1, RECENT_WEEKS + 1)],
        "tertials": [shift_period(tertial(now), -n) for n in (0, 1, 2)],
    }
    return render(request, "groups/detail.html", context)


def picture(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """The joint picture of a week or a tertial: only for consenting members."""
    membership = membership_in(request, READERS)
    group = selectors.access_group(membership, slug)
    try:
        kind = period_kind(key)
    except ValueError as exc:
        raise Http404 from exc
    if kind not in KINDS:
        raise Http404
    following = shift_period(key, 1)
    context = {
        "picture": joint_picture(group, key),
        "previous": shift_period(key, -1),
        # No link into a period that has not begun.
        "next": following if period_bounds(following)[0] <= timezone.now() else None,
    }
    return render(request, "groups/picture.html", context)


def invite(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_in(request, GROUP_ADMINS)
    group = selectors.access_group(membership, slug)
    form = InviteForm(_data(request), choices=selectors.invitable(group))
    if request.method == "POST" and form.is_valid():
        invited = form.cleaned_data["municipality"]
        try:
            services.member_invite(
                actor=acting_user(request),
                group=group,
                inviting=membership.municipality,
                invited=invited,
            )
        except ValidationError as exc:
            add_service_errors(form, _errors(exc))
        else:
            text = _(
                "%(m)s är inbjuden. Inget av kommunen visas förrän dess administratör samtycker."
            )
            messages.success(request, text % {"m": invited.name})
            return redirect("groups:detail", slug=group.slug)
    return render(request, "groups/invite.html", {"group": group, "form": form})


def consent(request: HttpRequest, slug: str) -> HttpResponse:
    """The invited municipality's admin consents, after confirming."""
    membership = membership_in(request, GROUP_ADMINS)
    group = selectors.access_group(membership, slug, invited=True)
    member = selectors.open_member(group, membership.municipality)
    if member is None or not member.is_pending:
        messages.error(request, _("Det finns ingen inbjudan att svara på."))
        return redirect("groups:detail", slug=group.slug)
    return _confirmed_step(
        request,
        group=group,
        save=lambda user: services.member_consent(actor=user, member=member, confirm=True),
        context={"step": "consent", "municipality": membership.municipality},
        done=_("Samtycket är givet. Kommunens fastställda lägesbilder ingår nu i gruppens."),
    )


def revoke(request: HttpRequest, slug: str) -> HttpResponse:
    """Revoke the consent (or decline the invitation), after confirming. At once."""
    membership = membership_in(request, GROUP_ADMINS)
    group = selectors.access_group(membership, slug, invited=True)
    member = selectors.open_member(group, membership.municipality)
    if member is None:
        raise Http404
    step = "revoke" if member.is_consenting else "decline"
    done = (
        _("Samtycket är återkallat. Kommunen ingår inte längre i gruppens lägesbild.")
        if step == "revoke"
        else _("Inbjudan är avböjd.")
    )
    return _confirmed_step(
        request,
        group=group,
        save=lambda user: services.member_revoke(actor=user, member=member, confirm=True),
        context={"step": step, "municipality": membership.municipality},
        done=done,
        then="groups:index",
    )


def _data(request: HttpRequest) -> Any:
    # An empty POST (the box not ticked) is still a POST: the form shows its error.
    return request.POST if request.method == "POST" else None


def _errors(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}


def _confirmed_step(
    request: HttpRequest,
    *,
    group: Any,
    save: Any,
    context: dict[str, Any],
    done: str,
    then: str = "groups:detail",
) -> HttpResponse:
    form = ConfirmForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            save(acting_user(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("groups:detail", slug=group.slug)
        messages.success(request, done)
        return redirect(then, slug=group.slug) if then == "groups:detail" else redirect(then)
    return render(request, "groups/confirm.html", {"group": group, "form": form, **context})
