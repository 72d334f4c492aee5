"""The distribution list (*sändlista*): who gets each confirmed picture."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samordna.analysis.periods import period_label
from samordna.core.models import Membership, Organisation, User
from samordna.situation import distribution
from samordna.situation.models import Delivery, Recipient
from samordna.situation.policies import EST_ROLES, PICTURE_EDITORS


class RecipientForm(forms.Form):
    user = forms.ModelChoiceField(
        label=gettext_lazy("Person"),
        queryset=User.objects.none(),
        required=False,
        empty_label=gettext_lazy("Ingen person – en organisation"),
        error_messages={"invalid_choice": gettext_lazy("Välj en person i listan.")},
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=gettext_lazy("Ingen organisation – en person"),
        help_text=gettext_lazy("Till exempel polisens funktionsbrevlåda eller bolagets växel."),
        error_messages={"invalid_choice": gettext_lazy("Välj en organisation i listan.")},
    )
    email = forms.EmailField(
        label=gettext_lazy("Organisationens e-postadress"),
        required=False,
        error_messages={"invalid": gettext_lazy("Skriv en giltig e-postadress.")},
    )
    attach_pdf = forms.BooleanField(
        label=gettext_lazy("Skicka lägesbilden som PDF i brevet"), required=False
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality = membership.municipality
        user_field: Any = self.fields["user"]
        user_field.queryset = (
            User.objects.filter(
                is_active=True,
                memberships__municipality=municipality,
                memberships__is_active=True,
                memberships__role__in=EST_ROLES,
            )
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        organisation_field: Any = self.fields["organisation"]
        organisation_field.queryset = Organisation.objects.filter(
            municipality=municipality, is_active=True
        ).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("user")) == bool(data.get("organisation")):
            raise ValidationError(_("Välj antingen en person eller en organisation."))
        if data.get("organisation") and not data.get("email"):
            self.add_error("email", _("Skriv organisationens e-postadress för lägesbilder."))
        return data


def _editor(request: HttpRequest) -> Membership:
    membership: Membership | None = getattr(request, "membership", None)
    if membership is None or membership.role not in PICTURE_EDITORS:
        raise PermissionDenied
    return membership


def recipient_list(request: HttpRequest) -> HttpResponse:
    membership = _editor(request)
    form = RecipientForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            distribution.recipient_add(
                actor=request.user,  # type: ignore[arg-type]
                municipality_id=membership.municipality_id,
                user=form.cleaned_data["user"],
                organisation=form.cleaned_data["organisation"],
                email=form.cleaned_data["email"] or "",
                attach_pdf=form.cleaned_data["attach_pdf"],
            )
        except ValidationError as exc:
            for text in exc.messages:
                form.add_error(None, text)
        else:
            messages.success(request, _("Mottagaren står nu på sändlistan."))
            return redirect("situation:recipients")
    recipients = (
        Recipient.objects.restrict(request.user)
        .filter(municipality=membership.municipality, is_active=True)
        .select_related("user", "organisation")
    )
    return render(request, "situation/recipients.html", {"form": form, "recipients": recipients})


@require_POST
def recipient_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _editor(request)
    recipient = (
        Recipient.objects.restrict(request.user, "change")
        .filter(pk=pk, municipality=membership.municipality, is_active=True)
        .first()
    )
    if recipient is None:
        raise Http404
    distribution.recipient_remove(actor=request.user, recipient=recipient)  # type: ignore[arg-type]
    messages.success(request, _("Mottagaren är borttagen från sändlistan."))
    return redirect("situation:recipients")


FAILED_PAGE_SIZE = 50


def failed_deliveries(request: HttpRequest) -> HttpResponse:
    """Every delivery that failed, newest picture first, each with its picture's retry.

    The coordinator's start page counts these and links here: the fix is on the picture
    (send again) or on the send list (a wrong address), and both are one click away.
    """
    membership = _editor(request)
    rows = (
        Delivery.objects.restrict(request.user, "view")
        .filter(municipality=membership.municipality, status=Delivery.Status.FAILED)
        .select_related("picture", "recipient__user", "recipient__organisation")
        .order_by("-picture__period_key", "-picture__version", "id")
    )
    page = Paginator(rows, FAILED_PAGE_SIZE).get_page(request.GET.get("page"))
    groups: dict[int, dict[str, Any]] = {}
    for delivery in page.object_list:
        picture = delivery.picture
        group = groups.setdefault(
            picture.pk,
            {"picture": picture, "label": period_label(picture.period_key), "deliveries": []},
        )
        group["deliveries"].append(delivery)
    return render(
        request, "situation/failed_deliveries.html", {"page": page, "groups": groups.values()}
    )
