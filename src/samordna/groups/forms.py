"""Forms of the group pages: parse input; the services validate again and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Municipality


class GroupForm(forms.Form):
    name = forms.CharField(
        label=_("Gruppens namn"),
        max_length=200,
        help_text=_("T.ex. lokalpolisområdet ni delar: Lokalpolisområde Örebro."),
        error_messages={"required": _("Ge gruppen ett namn.")},
    )
    description = forms.CharField(
        label=_("Beskrivning"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vad kommunerna delar, t.ex. polisområde och samverkansöverenskommelse."),
    )
    consent = forms.BooleanField(
        label=_("Vår kommun samtycker till att dela sina fastställda lägesbilder med gruppen"),
        error_messages={"required": _("Kryssa i samtycket. Utan det bildas ingen grupp.")},
    )


class InviteForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Kommun"),
        queryset=Municipality.objects.none(),
        empty_label=_("Välj kommun"),
        error_messages={
            "required": _("Välj en kommun."),
            "invalid_choice": _("Kommunen kan inte bjudas in till gruppen."),
        },
    )

    def __init__(self, *args: Any, choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["municipality"]
        field.queryset = choices


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ja, jag gör det för kommunen"),
        error_messages={"required": _("Kryssa i rutan för att bekräfta.")},
    )
