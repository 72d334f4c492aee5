"""Needs and their owners: add, answer ("we take it" / "not ours"), propose the next
owner after a bounce. Each request passes the gate once; the need's text is content
(kind `case`), its routing is administrative."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from samordna.cases import boundaries, gate, pages
from samordna.cases.forms import BounceForm
from samordna.cases.forms_manage import NeedForm, ProposeForm
from samordna.cases.models import CaseAccess, Need
from samordna.cases.responsibility import last_bouncer, need_accept, need_add, need_bounce
from samordna.cases.responsibility import need_propose as propose_service
from samordna.cases.views_common import gated_form
from samordna.core.models import Organisation

NEED = CaseAccess.What.NEED


def _organisations(allowed: gate.Allowed) -> Any:
    return Organisation.objects.filter(municipality_id=allowed.case.municipality_id, is_active=True)


def _register(allowed: gate.Allowed) -> dict[str, Any]:
    """The leadership group's standing decisions, beside every choice of owner."""
    return {
        "register": boundaries.register([allowed.case.programme_id])[:20],
        "show_register": True,
    }


def need_new(request: HttpRequest, pk: int) -> HttpResponse:
    return gated_form(
        request,
        pk,
        what=NEED,
        need="case",
        write=True,
        make_form=lambda allowed, data: NeedForm(data, organisations=_organisations(allowed)),
        save=lambda allowed, data: need_add(actor=allowed.user, case=allowed.case, **data),
        title=_("Nytt behov"),
        done=_("Behovet är registrerat."),
        more_context=_register,
        template="cases/need_form.html",
    )


def need_answer(request: HttpRequest, pk: int, need_pk: int) -> HttpResponse:
    """The proposed owner's answer; only a team member of that organisation, in consent."""

    def make_form(allowed: gate.Allowed, data: Any) -> BounceForm:
        _owned_need(allowed, need_pk)
        return BounceForm(data)

    def save(allowed: gate.Allowed, data: dict[str, Any]) -> Any:
        need = _owned_need(allowed, need_pk)
        # _owned_need made sure the owner is the organisation the user reads for.
        organisation = Organisation.objects.get(pk=int(need.owner_id or 0))
        if data["answer"] == "accept":
            return need_accept(actor=allowed.user, need=need, organisation=organisation)
        return need_bounce(
            actor=allowed.user, need=need, organisation=organisation, reason=data["reason"]
        )

    return gated_form(
        request,
        pk,
        what=NEED,
        need="case",
        make_form=make_form,
        save=save,
        title=_("Svara på ansvarsfråga"),
        done=_("Svaret är registrerat."),
        more_context=lambda allowed: {"need_row": _row(allowed, need_pk)},
        template="cases/need_form.html",
    )


def _owned_need(allowed: gate.Allowed, need_pk: int) -> Need:
    need = get_object_or_404(allowed.case.needs, pk=need_pk)
    if allowed.organisation_id is None or need.owner_id != allowed.organisation_id:
        raise Http404
    return need


def _row(allowed: gate.Allowed, need_pk: int) -> dict[str, Any]:
    rows = [r for r in pages.needs(allowed) if r["need"].pk == need_pk]
    if not rows:
        raise Http404
    return rows[0]


def need_propose(request: HttpRequest, pk: int, need_pk: int) -> HttpResponse:
    """After a bounce: the coordinator, or the organisation that handed it back,
    proposes the next owner or a shared responsibility."""

    def make_form(allowed: gate.Allowed, data: Any) -> ProposeForm:
        _proposable(allowed, need_pk)
        return ProposeForm(data, organisations=_organisations(allowed))

    def save(allowed: gate.Allowed, data: dict[str, Any]) -> Any:
        return propose_service(
            actor=allowed.user,
            need=_proposable(allowed, need_pk),
            owner=data["owner"],
            co_owners=data["co_owners"],
        )

    return gated_form(
        request,
        pk,
        what=NEED,
        need=gate.ADMIN,
        make_form=make_form,
        save=save,
        title=_("Föreslå ny ägare"),
        done=_("Förslaget är skickat till organisationen."),
        more_context=lambda allowed: {"need_row": _row(allowed, need_pk), **_register(allowed)},
        template="cases/need_form.html",
    )


def _proposable(allowed: gate.Allowed, need_pk: int) -> Need:
    need = get_object_or_404(allowed.case.needs, pk=need_pk, status=Need.Status.OPEN)
    bouncer = allowed.organisation_id is not None and last_bouncer(need) == (
        allowed.organisation_id
    )
    if not (allowed.coordinating or (bouncer and allowed.sees("case"))):
        raise Http404
    return need
