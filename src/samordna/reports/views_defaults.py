"""The report form's defaults (coordinators and admins, as for the categories): what
"Mer detaljer" is prefilled with for every reporter in the municipality."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samordna.core import audit
from samordna.reports.models import ReportDefaults
from samordna.reports.views_categories import _category_admin


class DefaultsForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ReportDefaults
        fields = ["unsafety", "certainty", "reported_to_police"]
        labels = {
            "unsafety": gettext_lazy("Hur otryggt kändes det?"),
            "certainty": gettext_lazy("Hur säker är uppgiften?"),
            "reported_to_police": gettext_lazy("Är det anmält till polisen?"),
        }
        widgets = dict.fromkeys(fields, forms.RadioSelect)
        error_messages = {
            name: {
                "required": gettext_lazy("Välj ett av svaren."),
                "invalid_choice": gettext_lazy("Välj ett av svaren."),
            }
            for name in fields
        }


def report_defaults(request: HttpRequest) -> HttpResponse:
    membership = _category_admin(request)
    municipality = membership.municipality
    instance = ReportDefaults.for_municipality(municipality.pk)
    form = DefaultsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            audit.record(
                actor=request.user,  # type: ignore[arg-type]
                action="reports.defaults_change",
                target=saved,
                municipality=municipality,
                changes={name: form.cleaned_data[name] for name in form.changed_data},
            )
        messages.success(request, _("Förvalen är sparade."))
        return redirect("reports_categories:defaults")
    return render(request, "reports/report_defaults.html", {"form": form})
