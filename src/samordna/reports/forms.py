"""The web report form: one report with one or more observation blocks.

The forms only parse what the person typed into an `ObservationInput`; every rule
about what makes an observation acceptable lives in `intake.check_observation`, and
the service's errors are put back next to the field they belong to.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Area, Municipality, Organisation
from samordna.reports.categories import CategoryNode, walk
from samordna.reports.form_lists import form_lists
from samordna.reports.intake import ObservationInput
from samordna.reports.models import Observation
from samordna.reports.services import MAX_OBSERVATIONS
from samordna.reports.shortcuts import (
    RECENT_PLACES,
    TOP_CATEGORIES,
    recent_place_ids,
    top_category_ids,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# An approximate time band is filed as the band's first hour, local time.
BAND_START = {"morning": 6, "day": 10, "evening": 17, "night": 22}
UNSAFETY_CHOICES = [
    (1, _("1 – Lite otryggt")),
    (2, _("2 – Ganska otryggt")),
    (3, _("3 – Mycket otryggt")),
]
OBSERVATIONS_PREFIX = "obs"
# "När?": now, earlier today (give the time), or another day (date and time of day).
WHEN_CHOICES = [("now", _("Nu")), ("today", _("Tidigare idag")), ("other", _("Annan dag"))]
# Fields that have a value before anyone touches them: they alone do not make a block.
PREFILLED = frozenset({"when", "date", "unsafety", "certainty", "reported_to_police", "place_type"})
WHERE_MISSING = _("Välj en plats, tryck på ”Här jag står” eller skriv en adress.")


def _required(message: Any) -> dict[str, Any]:
    return {"required": message, "invalid_choice": message}


class ReportForm(forms.Form):
    """What one submission is: its idempotency key and, when there is a choice, for whom."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    organisation = forms.ModelChoiceField(
        label=_("Jag rapporterar för"),
        queryset=Organisation.objects.none(),
        widget=forms.RadioSelect,
        error_messages=_required(_("Välj vilken organisation du rapporterar för.")),
    )

    def __init__(self, *args: Any, organisations: Sequence[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organisation"]
        # Only the given ones may be chosen (read again only to check a posted choice).
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        self.only = organisations[0] if len(organisations) == 1 else None
        if self.only is not None:
            # One organisation: nothing to choose, so nothing to show.
            field.initial, field.required, field.widget = self.only, False, forms.HiddenInput()

    def clean_organisation(self) -> Organisation | None:
        return self.cleaned_data["organisation"] or self.only


class ObservationForm(forms.Form):
    """One observation block. Untouched extra blocks are skipped (see the formset)."""

    category = forms.TypedChoiceField(
        label=_("Vad såg du?"),
        coerce=int,
        error_messages=_required(_("Välj vad det gäller.")),
    )
    when = forms.ChoiceField(
        label=_("När?"),
        choices=WHEN_CHOICES,
        widget=forms.RadioSelect,
        required=False,
        initial="now",
    )
    date = forms.DateField(
        label=_("Datum"),
        required=False,
        initial=lambda: timezone.localdate(),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Ange datum."), "invalid": _("Ange datum som ÅÅÅÅ-MM-DD.")},
    )
    time_band = forms.ChoiceField(
        label=_("Ungefär när på dygnet?"),
        choices=Observation.TimeBand.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("En natt räknas till det datum den började."),
    )
    time_from = forms.TimeField(
        label=_("Klockan"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Ange tid som TT:MM.")},
    )
    time_to = forms.TimeField(
        label=_("Till klockan"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Ange tid som TT:MM.")},
        help_text=_("Om det pågick en stund. Före starttiden betyder nästa dag."),
    )
    place = forms.TypedChoiceField(
        label=_("Plats i listan"), coerce=int, required=False, empty_value=None
    )
    area = forms.TypedChoiceField(label=_("Område"), coerce=int, required=False, empty_value=None)
    address = forms.CharField(
        label=_("Adress eller beskrivning av platsen"),
        required=False,
        max_length=200,
        help_text=_("Till exempel Storgatan 12 eller gångtunneln vid skolan."),
    )
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    place_type = forms.ChoiceField(
        label=_("Typ av plats"),
        choices=[("", _("Vet inte")), *Observation.PlaceType.choices],
        widget=forms.RadioSelect,
        required=False,
        initial="",
    )
    people_count = forms.IntegerField(
        label=_("Ungefär hur många personer?"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": _("Ange ett heltal."), "min_value": _("Ange 0 eller fler.")},
    )
    unsafety = forms.TypedChoiceField(
        label=_("Hur otryggt kändes det?"),
        choices=UNSAFETY_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages=_required(_("Välj hur otryggt det kändes.")),
    )
    certainty = forms.ChoiceField(
        label=_("Hur säker är uppgiften?"),
        choices=Observation.Certainty.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages=_required(_("Välj hur säker uppgiften är.")),
    )
    reported_to_police = forms.ChoiceField(
        label=_("Är det anmält till polisen?"),
        choices=Observation.PoliceReported.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages=_required(_("Välj ja, nej eller vet inte.")),
        help_text=_("Vill du anmäla ett brott: ring polisen på 114 14."),
    )
    immediate_action = forms.CharField(
        label=_("Gjorde du något direkt?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Till exempel: ringde fastighetsjouren, tog bort klottret."),
    )
    free_text = forms.CharField(
        label=_("Anteckning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 1}),
    )

    def __init__(self, *args: Any, choices: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices
        fields: Any = self.fields
        fields["category"].choices = [("", _("Välj kategori")), *choices.category_choices]
        fields["place"].choices = [("", _("Ingen plats vald")), *choices.place_choices]
        fields["area"].choices = [("", _("Inget område valt")), *choices.area_choices]
        defaults = choices.defaults
        fields["unsafety"].initial = defaults.unsafety
        fields["certainty"].initial = defaults.certainty
        fields["reported_to_police"].initial = defaults.reported_to_police

    def has_changed(self) -> bool:
        """Touched by the reporter: the prefilled answers alone make no observation."""
        return any(name not in PREFILLED for name in self.changed_data)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        defaults = self.choices.defaults
        for name in ("unsafety", "certainty", "reported_to_police"):
            if data.get(name) in (None, "") and name not in self.errors:
                data[name] = getattr(defaults, name)
        self._clean_when(data)
        self._clean_where(data)
        return data

    def _clean_when(self, data: dict[str, Any]) -> None:
        when = data.get("when") or "other"  # no answer: a form from before "När?" had choices
        if when == "now":
            data["period"] = (timezone.now().replace(second=0, microsecond=0), None)
            data["time_band"] = ""
        elif when == "today":
            if data.get("time_from") is None:
                if "time_from" not in self.errors:
                    self.add_error("time_from", _("Ange ungefär vilken tid det var."))
                return
            day = timezone.localdate()
            data["period"] = _period(day, "", data["time_from"], data.get("time_to"))
            data["time_band"] = ""
        elif "date" in data:
            if data["date"] is None:
                self.add_error("date", _("Ange vilken dag det var."))
            elif not data.get("time_band") and not data.get("time_from"):
                self.add_error(
                    "time_band", _("Välj ungefär när på dygnet, eller ange en exakt tid.")
                )
            else:
                data["period"] = _period(
                    data["date"], data["time_band"], data["time_from"], data.get("time_to")
                )

    def _clean_where(self, data: dict[str, Any]) -> None:
        lon, lat, place = data.get("longitude"), data.get("latitude"), data.get("place")
        has_point = lon is not None and lat is not None
        given = has_point or place or data.get("area") or (data.get("address") or "").strip()
        if not given and not {"place", "area", "address"} & set(self.errors):
            self.add_error("place", WHERE_MISSING)
        row = self.choices.places.get(place) if place else None
        if row is None or lon is None or lat is None or row.area_id is None:
            return
        # The same question the page asks before sending: a pin outside the place's area
        # would be filed under the pin's area, which is not what the reporter chose.
        pin_area = self.choices.area_at(lon, lat)
        if pin_area is not None and pin_area.pk != row.area_id:
            place_area = self.choices.areas.get(row.area_id)
            self.add_error(
                "place",
                _(
                    "Platsen %(place)s ligger i %(place_area)s, men punkten på kartan ligger "
                    "i %(pin_area)s. Välj en annan plats eller ta bort punkten."
                )
                % {
                    "place": row.name,
                    "place_area": place_area.name if place_area else _("ett annat område"),
                    "pin_area": pin_area.name,
                },
            )

    def to_input(self) -> ObservationInput:
        """The cleaned block as plain intake data (call only when the form is valid)."""
        data = self.cleaned_data
        occurred_from, occurred_to = data["period"]
        return ObservationInput(
            category=self.choices.categories[data["category"]],
            occurred_from=occurred_from,
            occurred_to=occurred_to,
            time_band=data["time_band"],
            longitude=data["longitude"],
            latitude=data["latitude"],
            place=self.choices.places.get(data["place"]) if data["place"] else None,
            area=self.choices.areas.get(data["area"]) if data["area"] else None,
            address=data["address"],
            place_type=data["place_type"],
            people_count=data["people_count"],
            unsafety=data["unsafety"],
            certainty=data["certainty"],
            reported_to_police=data["reported_to_police"],
            immediate_action=data["immediate_action"],
            free_text=data["free_text"],
        )


def _period(
    day: date, band: str, start: time | None, end: time | None
) -> tuple[datetime, datetime | None]:
    if start is None:
        return datetime.combine(day, time(BAND_START[band]), STOCKHOLM), None
    begins = datetime.combine(day, start, STOCKHOLM)
    if end is None:
        return begins, None
    ends = datetime.combine(day, end, STOCKHOLM)
    # 23:30 to 00:30 is half past eleven to half past midnight, not a negative hour.
    return begins, ends if ends >= begins else ends + timedelta(days=1)


class Choices:
    """The municipality's categories, places and areas, read once per request.

    With `shortcuts` (only to draw the form, never to file) the lists start with the
    municipality's most used categories and the places this user chose last.
    """

    def __init__(self, user: Any, municipality: Municipality, *, shortcuts: bool = False) -> None:
        # The same for every member of the municipality, and read once per process
        # while it stays the same (reports.form_lists): the caller is a member.
        self.lists = lists = form_lists(municipality)
        self.categories = {n.category.pk: n.category for n in walk(lists.tree) if not n.is_group}
        self.category_choices = _grouped(lists.tree)
        self.places = lists.places
        self.place_choices: list[Any] = [(pk, p.name) for pk, p in self.places.items()]
        self.areas = lists.areas
        self.area_choices = [(pk, a.name) for pk, a in self.areas.items()]
        self.defaults = lists.defaults
        if shortcuts:
            self._add_shortcuts(user, municipality)

    def _add_shortcuts(self, user: Any, municipality: Municipality) -> None:
        names = dict(_leaves(self.category_choices))
        top = [pk for pk in top_category_ids(municipality.pk) if pk in names][:TOP_CATEGORIES]
        if top:
            self.category_choices = [
                (_("Vanligast här"), [(pk, names[pk]) for pk in top]),
                (_("Alla kategorier"), list(_leaves(self.category_choices))),
            ]
        recent = [pk for pk in recent_place_ids(user.pk, municipality.pk) if pk in self.places]
        if recent:
            self.place_choices = [
                (
                    _("Senast använda"),
                    [(pk, self.places[pk].name) for pk in recent][:RECENT_PLACES],
                ),
                (_("Alla platser"), self.place_choices),
            ]

    def area_at(self, lon: float, lat: float) -> Area | None:
        """The area under a point, EST areas first where they overlap (as core.locate)."""
        ordered, index = self.lists.area_index()
        found = int(index.locate([lon], [lat])[0])
        return ordered[found] if found >= 0 else None


def _leaves(choices: list[Any]) -> list[tuple[int, str]]:
    """The choosable (id, name) pairs, in order, whatever optgroups they sit in."""
    out: list[tuple[int, str]] = []
    for value, label in choices:
        if isinstance(label, list):
            out += [(pk, f"{value} – {name}") for pk, name in label]
        else:
            out.append((value, label))
    return out


def _grouped(tree: list[CategoryNode]) -> list[Any]:
    """Leaves as options; a parent becomes an <optgroup> of its children (never chosen)."""
    choices: list[Any] = []
    for node in tree:
        children = [(c.category.pk, c.name) for c in node.children]
        choices.append((node.name, children) if node.is_group else (node.category.pk, node.name))
    return choices


class BaseObservationFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    # Plain Swedish instead of Django's "Skicka minst 1 formulär."
    default_error_messages = {
        "too_few_forms": _("Fyll i minst en iakttagelse."),
        "too_many_forms": _("Högst %(num)d iakttagelser i en rapport."),
    }

    def __init__(self, *args: Any, choices: Choices, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", OBSERVATIONS_PREFIX)
        kwargs["form_kwargs"] = {"choices": choices}
        super().__init__(*args, **kwargs)

    def initial_form_count(self) -> int:
        # Blocks are never existing rows: "initial" only pre-fills, every block is new.
        return 0

    def filled_forms(self) -> list[ObservationForm]:
        """The blocks to file, in order: an untouched extra block is no observation."""
        return [f for f in self.forms if f.has_changed() or not f.empty_permitted]


ObservationFormSet = cast(
    type[BaseObservationFormSet],
    forms.formset_factory(
        ObservationForm,
        formset=BaseObservationFormSet,
        extra=0,
        min_num=1,
        max_num=MAX_OBSERVATIONS,
        validate_min=True,
        validate_max=True,
    ),
)


def formset_with_another_block(
    data: Any, choices: Choices, *, another: bool = True
) -> BaseObservationFormSet:
    """The posted blocks plus an empty one, unvalidated, for the no-JS "add" button;
    without `another`, the posted blocks alone (moved to another municipality's form).

    The posted values only pre-fill the blocks: the next POST is checked as usual.
    """
    try:
        count = int(data.get(f"{OBSERVATIONS_PREFIX}-TOTAL_FORMS", "1"))
    except ValueError:
        count = 1
    count = max(1, min(count, MAX_OBSERVATIONS - (1 if another else 0)))
    rows = [
        {
            name: data.get(f"{OBSERVATIONS_PREFIX}-{n}-{name}")
            for name in ObservationForm.base_fields
            if f"{OBSERVATIONS_PREFIX}-{n}-{name}" in data
        }
        for n in range(count)
    ]
    formset = ObservationFormSet(initial=rows, choices=choices)
    # min_num (1) + extra = the posted blocks, and one more when adding.
    formset.extra = count if another else count - 1
    return formset


# intake's field names that the form asks for under another name.
_FORM_FIELD = {"occurred_from": "date", "occurred_to": "time_to", "longitude": "place"}


def add_service_errors(
    report_form: ReportForm, filed: list[ObservationForm], errors: dict[str, list[str]]
) -> None:
    """Put report_submit's "observations.<n>.<field>" errors on the block and field they name."""
    for key, messages in errors.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "observations" and parts[1].isdigit():
            form = filed[int(parts[1]) - 1]
            name = _FORM_FIELD.get(parts[2], parts[2])
            if name == "date" and form.cleaned_data.get("time_from"):
                name = "time_from"
            if name not in form.fields:
                name = "free_text"
            for message in messages:
                form.add_error(name, message)
        else:
            for message in messages:
                report_form.add_error(None, message)


def error_summary(report_form: ReportForm, formset: BaseObservationFormSet) -> list[dict[str, str]]:
    """Every error as a link to its field, block by block, for the summary at the top."""
    items = [{"href": "#observations", "text": str(e)} for e in report_form.non_field_errors()]
    items += [{"href": "#observations", "text": str(e)} for e in formset.non_form_errors()]
    items += _field_links(report_form, "")
    for number, form in enumerate(formset.forms, start=1):
        prefix = _("Iakttagelse %(n)s") % {"n": number}
        items += _field_links(form, f"{prefix}: ")
    return items


def _field_links(form: forms.Form, prefix: str) -> list[dict[str, str]]:
    items = []
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS or name not in form.fields:
            continue
        field = form[name]
        target = field.auto_id + ("_0" if isinstance(field.field.widget, forms.RadioSelect) else "")
        for error in errors:
            items.append({"href": f"#{target}", "text": f"{prefix}{field.label} – {error}"})
    return items
