"""The operator's forms. They parse; the services check against Sweden's municipalities
and write."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.core.forms import InviteForm, OrganisationForm
from samordna.core.models import Area, Municipality, ParentOrganisation
from samordna.tabular.files import UPLOAD_MAX_BYTES


class MunicipalityForm(forms.Form):
    code = forms.CharField(
        label=_("Kommunkod"),
        max_length=4,
        # The page lists the municipalities not yet added (a datalist): type a code or a name.
        widget=forms.TextInput(
            attrs={"list": "kommunkoder", "inputmode": "numeric", "autocomplete": "off"}
        ),
        help_text=_("SCB:s fyrsiffriga kod, t.ex. 1881 för Kumla."),
        error_messages={"required": _("Ange kommunkoden.")},
    )
    name = forms.CharField(
        label=_("Namn"),
        max_length=100,
        required=False,
        help_text=_("Lämna tomt så hämtas det officiella namnet från koden."),
    )
    slug = forms.CharField(
        label=_("Kortnamn"),
        max_length=50,
        required=False,
        help_text=_("Används i adresser, t.ex. kumla. Lämna tomt så görs det av namnet."),
    )


class AreaUploadForm(forms.Form):
    file = forms.FileField(
        label=_("GeoJSON-fil"),
        help_text=_("En FeatureCollection i EPSG:4326 (WGS84) eller EPSG:3006 (SWEREF 99 TM)."),
        error_messages={"required": _("Välj en fil.")},
    )
    kind = forms.ChoiceField(label=_("Områdestyp"), choices=Area.Kind.choices, initial="est")
    name_field = forms.CharField(
        label=_("Egenskapen som håller namnet"),
        max_length=80,
        initial="name",
        error_messages={"required": _("Ange vilken egenskap som håller områdets namn.")},
    )
    crs = forms.ChoiceField(
        label=_("Koordinatsystem"),
        choices=[
            ("", _("Avgör av filen")),
            ("EPSG:4326", _("EPSG:4326 (WGS84, longitud/latitud)")),
            ("EPSG:3006", _("EPSG:3006 (SWEREF 99 TM)")),
        ],
        required=False,
    )
    vintage = forms.CharField(
        label=_("Version"),
        max_length=20,
        required=False,
        help_text=_("Bara för DeSO och RegSO, t.ex. 2025."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() not in {".geojson", ".json"}:
            raise forms.ValidationError(_("Välj en fil som slutar på .geojson eller .json."))
        if upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("Filen är större än 20 MB. Dela upp den."))
        return upload


class BranchOrganisationForm(OrganisationForm):
    """A partner organisation, optionally the municipality's branch of one that works in
    several municipalities (an existing parent, or a new one of the same name)."""

    parent = forms.ModelChoiceField(
        label=_("Del av en organisation i flera kommuner"),
        queryset=ParentOrganisation.objects.all(),
        required=False,
        empty_label=_("Nej, bara i den här kommunen"),
    )
    new_parent = forms.BooleanField(
        label=_("Skapa en ny sådan organisation med samma namn"),
        required=False,
        help_text=_("T.ex. ett lokalpolisområde som arbetar i flera kommuner."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("parent") and data.get("new_parent"):
            raise forms.ValidationError(
                _("Välj antingen en befintlig organisation eller att skapa en ny, inte båda.")
            )
        return data


class AdminInviteForm(InviteForm):
    """The municipality's first admin: the role is fixed."""

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, municipality=municipality, **kwargs)
        del self.fields["role"]


class ActivationForm(forms.Form):
    reason = forms.CharField(
        label=_("Skäl"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sparas i granskningsloggen."),
        error_messages={"required": _("Ange varför.")},
    )
