"""The coordinator's pages on a case: guardians, consent, team, other legal bases and
disclosures. Each request passes the gate once (kind `manage`, by the programme role)
and writes through a service with an audit event; anyone else gets 404 and one row.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from samordna.cases import access, gate, services
from samordna.cases.forms import ConsentForm, error_summary
from samordna.cases.forms_manage import (
    CaseOpenForm,
    ConfirmForm,
    DisclosureForm,
    GuardianForm,
    OtherBasisForm,
    TeamForm,
)
from samordna.cases.models import LEGAL_BASES, CaseAccess, Programme, ProgrammeMember
from samordna.cases.views_common import gated_form, service_errors
from samordna.core.models import Organisation

MANAGE = CaseAccess.What.MANAGE


def _organisations(allowed: gate.Allowed) -> Any:
    return Organisation.objects.filter(municipality_id=allowed.case.municipality_id, is_active=True)


def _bases(allowed: gate.Allowed, *, consent: bool) -> list[tuple[str, str]]:
    codes = [c for c in allowed.case.programme.legal_bases if consent or c != "consent"]
    return [(c, str(LEGAL_BASES.get(c, c))) for c in codes]


def case_open(request: HttpRequest, programme_pk: int) -> HttpResponse:
    """Opening names no case yet: nothing to log; outside the programme, 404."""
    user = gate.tsi_user(request.user)
    if programme_pk not in access.coordinated_programme_ids(user):
        raise Http404
    programme = Programme.objects.get(pk=programme_pk)
    form = CaseOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(actor=user, programme=programme, **form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("Ärendet %(p)s är öppnat.") % {"p": case.pseudonym})
            return redirect("cases:detail", pk=case.pk)
    context: dict[str, Any] = {
        "form": form,
        "title": _("Nytt ärende i %(p)s") % {"p": programme.name},
    }
    if form.errors:
        context["error_summary"] = error_summary(form)
    return render(request, "cases/manage_form.html", context)


def guardian_add(request: HttpRequest, pk: int) -> HttpResponse:
    return gated_form(
        request,
        pk,
        what=MANAGE,
        need=gate.MANAGE,
        make_form=lambda allowed, data: GuardianForm(data),
        save=lambda allowed, data: services.guardian_add(
            actor=allowed.user, case=allowed.case, **data
        ),
        title=_("Ny vårdnadshavare"),
        done=_("Vårdnadshavaren är registrerad."),
    )


def _team_choices(allowed: gate.Allowed) -> dict[str, Any]:
    members = (
        ProgrammeMember.objects.filter(programme_id=allowed.case.programme_id)
        .exclude(part=ProgrammeMember.Part.LEADERSHIP)
        .select_related("user", "organisation")
    )
    return {f"{m.user_id}:{m.organisation_id}": m for m in members}


def team_add(request: HttpRequest, pk: int) -> HttpResponse:
    def make_form(allowed: gate.Allowed, data: Any) -> TeamForm:
        choices = [(k, f"{m.user} – {m.organisation}") for k, m in _team_choices(allowed).items()]
        return TeamForm(data, members=choices)

    def save(allowed: gate.Allowed, data: dict[str, Any]) -> Any:
        chosen = _team_choices(allowed)[data["member"]]
        return services.case_team_add(
            actor=allowed.user,
            case=allowed.case,
            user=chosen.user,
            organisation=chosen.organisation,
        )

    return gated_form(
        request,
        pk,
        what=MANAGE,
        need=gate.MANAGE,
        make_form=make_form,
        save=save,
        title=_("Lägg till i teamet"),
        done=_("Teamet är uppdaterat."),
    )


def team_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """Taking someone off the team, after a confirmation; their access ends at once."""

    def save(allowed: gate.Allowed, data: dict[str, Any]) -> Any:
        member = get_object_or_404(allowed.case.team, pk=member_pk)
        return services.case_team_remove(actor=allowed.user, member=member)

    def more_context(allowed: gate.Allowed) -> dict[str, Any]:
        member = get_object_or_404(allowed.case.team.select_related("user"), pk=member_pk)
        text = _("%(user)s (%(org)s) tas bort från teamet och kan inte längre läsa ärendet.")
        return {"intro": text % {"user": member.user, "org": member.organisation}}

    return gated_form(
        request,
        pk,
        what=MANAGE,
        need=gate.MANAGE,
        make_form=lambda allowed, data: ConfirmForm(data),
        save=save,
        title=_("Ta bort från teamet"),
        done=_("Personen är borttagen från teamet."),
        more_context=more_context,
    )


def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    def make_form(allowed: gate.Allowed, data: Any) -> ConsentForm:
        return ConsentForm(
            data, guardians=allowed.case.guardians.all(), organisations=_organisations(allowed)
        )

    def save(allowed: gate.Allowed, data: dict[str, Any]) -> Any:
        return services.consent_record(actor=allowed.user, case=allowed.case, **data)

    return gated_form(
        request,
        pk,
        what=MANAGE,
        need=gate.MANAGE,
        make_form=make_form,
        save=save,
        title=_("Registrera samtycke"),
        done=_("Samtycket är registrerat."),
    )


def consent_revoke(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    """Revoking asks first: the consent's end cannot be undone (a new one is needed)."""

    def more_context(allowed: gate.Allowed) -> dict[str, Any]:
        consent = get_object_or_404(allowed.case.consents, pk=consent_pk, revoked_at=None)
        text = _(
            "Samtycket från %(g)s återkallas från och med nu. Organisationer som bara "
            "omfattas av det kan inte längre läsa ärendet. Det går inte att ångra."
        )
        return {"intro": text % {"g": consent.guardian.name or "–"}}

    def save(allowed: gate.Allowed, data: dict[str, Any]) -> Any:
        consent = get_object_or_404(allowed.case.consents, pk=consent_pk, revoked_at=None)
        return services.consent_revoke(actor=allowed.user, consent=consent)

    return gated_form(
        request,
        pk,
        what=MANAGE,
        need=gate.MANAGE,
        make_form=lambda allowed, data: ConfirmForm(data),
        save=save,
        title=_("Återkalla samtycke"),
        done=_("Samtycket är återkallat. Det gäller från och med nu."),
        more_context=more_context,
    )


def other_basis_add(request: HttpRequest, pk: int) -> HttpResponse:
    def make_form(allowed: gate.Allowed, data: Any) -> OtherBasisForm:
        return OtherBasisForm(
            data, organisations=_organisations(allowed), bases=_bases(allowed, consent=False)
        )

    return gated_form(
        request,
        pk,
        what=MANAGE,
        need=gate.MANAGE,
        make_form=make_form,
        save=lambda allowed, data: services.other_basis_record(
            actor=allowed.user,
            case=allowed.case,
            **data,
        ),
        title=_("Annan rättslig grund"),
        done=_("Grunden är registrerad."),
    )


def disclosure_add(request: HttpRequest, pk: int) -> HttpResponse:
    def make_form(allowed: gate.Allowed, data: Any) -> DisclosureForm:
        return DisclosureForm(
            data, organisations=_organisations(allowed), bases=_bases(allowed, consent=True)
        )

    return gated_form(
        request,
        pk,
        what=MANAGE,
        need=gate.MANAGE,
        make_form=make_form,
        save=lambda allowed, data: services.disclosure_record(
            actor=allowed.user,
            case=allowed.case,
            **data,
        ),
        title=_("Registrera utlämnande"),
        done=_("Utlämnandet är registrerat."),
    )
