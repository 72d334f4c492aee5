"""The county app's forms: the coordination function, and the county view's period."""

from __future__ import annotations

from django import forms

from samordna.core.forms import DATE_WIDGET
from samordna.county.selectors import KINDS


class CoordinationForm(forms.Form):
    description = forms.CharField(
        label="Samordningsfunktion",
        max_length=300,
        help_text="Vilken funktion har uppdraget och var finns den, till exempel "
        "”Brottsförebyggande samordnare, kommunledningskontoret”. Roller, inte namn.",
    )
    appointed_on = forms.DateField(
        label="Utsedd", required=False, widget=DATE_WIDGET, help_text="Datum för beslutet."
    )


class PeriodForm(forms.Form):
    slag = forms.ChoiceField(label="Period", choices=list(KINDS.items()), required=False)
    period = forms.CharField(label="Vilken", required=False, max_length=8)
