"""Forms of the survey import: what the file is, and how its columns are read."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.surveys.imports.rows import MAX_YEAR, MIN_YEAR
from samordna.surveys.models import Survey
from samordna.tabular.files import UPLOAD_MAX_BYTES

FORMATS = ("csv", "xlsx")
MAPPING_HELP = _(
    "Bara om en kolumn tolkas fel, t.ex. ”Stadsdel=område, Fråga 3=andel, Kommentar=-” "
    "(- = använd inte; för egna undersökningar: index = tal 0–6, andel = ja/nej)."
)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Vilken undersökning"), choices=Survey.Kind.choices)
    title = forms.CharField(
        label=_("Namn"),
        max_length=200,
        help_text=_("Samma namn varje år, så hamnar åren bredvid varandra."),
    )
    year = forms.IntegerField(
        label=_("År"),
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        help_text=_("Krävs för en egen undersökning, och om filen saknar en kolumn för år."),
    )
    source_note = forms.CharField(
        label=_("Källa och metod"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("T.ex. vem som gjorde undersökningen, urval och svarsfrekvens."),
    )
    file = forms.FileField(
        label=_("Fil"), help_text=_("CSV (UTF-8, avgränsad med ; eller ,) eller Excel (.xlsx).")
    )
    mapping = forms.CharField(label=_("Kolumner"), required=False, help_text=MAPPING_HELP)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower().lstrip(".") not in FORMATS:
            raise forms.ValidationError(_("Välj en fil som slutar på .csv eller .xlsx."))
        if upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("Filen är större än 20 MB. Dela upp den."))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == Survey.Kind.OWN and not data.get("year"):
            self.add_error("year", _("Ange vilket år den egna undersökningen gjordes."))
        return data


class MappingForm(forms.Form):
    mapping = forms.CharField(label=_("Kolumner"), required=False, help_text=MAPPING_HELP)
