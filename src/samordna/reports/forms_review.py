"""Forms of the review queue: they only parse what the coordinator typed.

Every rule about what a correction, rejection or bulk action may do lives in
`reports.review`; its errors are put back next to the field they name.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Organisation
from samordna.reports.filtersets import ObservationFilterSet
from samordna.reports.forms import Choices
from samordna.reports.models import Category, Observation
from samordna.reports.redaction import REASON_MAX as REDACT_REASON_MAX
from samordna.reports.review import BULK_ACTIONS, REASON_MAX

_WHEN = {"type": "datetime-local"}
_WHEN_FORMAT = "%Y-%m-%dT%H:%M"
_WHEN_ERRORS = {"invalid": _("Ange datum och tid som ÅÅÅÅ-MM-DD TT:MM.")}


def _minute(moment: datetime | None) -> datetime | None:
    # The form shows whole minutes; an untouched field must not count as a change.
    return moment.replace(second=0, microsecond=0) if moment else None


class CorrectionForm(forms.Form):
    """What, where and when. Only the fields the coordinator changed are passed on."""

    category = forms.TypedChoiceField(
        label=_("Kategori"), coerce=int, error_messages={"required": _("Välj en kategori.")}
    )
    area = forms.TypedChoiceField(label=_("Område"), coerce=int, required=False, empty_value=None)
    occurred_from = forms.DateTimeField(
        label=_("Från"),
        widget=forms.DateTimeInput(attrs=_WHEN, format=_WHEN_FORMAT),
        error_messages={"required": _("Ange när det hände."), **_WHEN_ERRORS},
    )
    occurred_to = forms.DateTimeField(
        label=_("Till"),
        required=False,
        widget=forms.DateTimeInput(attrs=_WHEN, format=_WHEN_FORMAT),
        error_messages=_WHEN_ERRORS,
    )
    time_band = forms.ChoiceField(
        label=_("Ungefär när på dygnet"),
        choices=[("", _("Ingen, tiden är exakt")), *Observation.TimeBand.choices],
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, data: Any = None, *, observation: Observation, choices: Choices) -> None:
        initial = {
            "category": observation.category_id,
            "area": observation.area_id,
            "occurred_from": _minute(observation.occurred_from),
            "occurred_to": _minute(observation.occurred_to),
            "time_band": observation.time_band,
        }
        super().__init__(data, initial=initial)
        self.observation, self.choices = observation, choices
        fields: Any = self.fields
        category_choices = list(choices.category_choices)
        if observation.category_id not in choices.categories:
            # A retired category stays selectable for the row that already has it.
            category_choices.append((observation.category_id, observation.category.name))
        fields["category"].choices = category_choices
        fields["area"].choices = [("", _("Inget område")), *choices.area_choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The review service leaves a field as it is when given nothing, so clearing
        # these would silently do nothing: say so instead.
        cleared_to = data.get("occurred_to") is None and "occurred_to" not in self.errors
        if self.observation.occurred_to and "occurred_to" in self.changed_data and cleared_to:
            self.add_error("occurred_to", _("Sluttiden kan ändras men inte tas bort."))
        if self.observation.area_id and "area" in self.changed_data and data.get("area") is None:
            self.add_error("area", _("Området kan bytas men inte tas bort."))
        return data

    def changes(self) -> dict[str, Any]:
        """The changed fields as keyword arguments for `observation_correct`."""
        data, changed = self.cleaned_data, set(self.changed_data)
        values: dict[str, Any] = {}
        if "category" in changed:
            values["category"] = self.choices.categories.get(data["category"])
            if values["category"] is None:  # the retired category it already has
                values["category"] = self.observation.category
        if "area" in changed:
            values["area"] = self.choices.areas.get(data["area"])
        for name in ("occurred_from", "occurred_to", "time_band"):
            if name in changed:
                values[name] = data[name]
        return values


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Skäl"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Rapportören läser skälet. Skriv inga namn eller andra personuppgifter."),
        error_messages={
            "required": _("Skriv varför iakttagelsen avvisas."),
            "max_length": _("Skälet är för långt: högst %(limit_value)d tecken."),
        },
    )


class RedactForm(forms.Form):
    """Which text to remove from an observation, and why. Typed or pasted, never
    selected with a mouse: the server finds every occurrence."""

    passage = forms.CharField(
        label=_("Text som ska bort"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Klistra in eller skriv exakt det som ska bort, till exempel ett namn. "
            "Varje ställe där det står byts mot [borttaget]."
        ),
    )
    everything = forms.BooleanField(label=_("Ta bort all text"), required=False)
    reason = forms.CharField(
        label=_("Skäl"),
        max_length=REDACT_REASON_MAX,
        help_text=_("Kort, utan att upprepa det som tas bort, t.ex. ”namn på boende”."),
        error_messages={
            "required": _("Skriv varför texten tas bort."),
            "max_length": _("Skälet är för långt: högst %(limit_value)d tecken."),
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("everything") and not (data.get("passage") or "").strip():
            self.add_error(
                "passage",
                _("Skriv eller klistra in texten som ska bort, eller välj all text."),
            )
        return data


class DuplicateForm(forms.Form):
    """Which of the suggested candidates is the original."""

    of = forms.TypedChoiceField(
        coerce=int, error_messages={"invalid_choice": _("Välj en av de föreslagna iakttagelserna.")}
    )

    def __init__(self, *args: Any, candidates: list[Observation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {c.pk: c for c in candidates}
        self.fields["of"].choices = [(pk, str(pk)) for pk in self.candidates]  # type: ignore[attr-defined]

    def original(self) -> Observation:
        return self.candidates[self.cleaned_data["of"]]


class BulkForm(forms.Form):
    """A bulk action on every row of the current filter (the filter is in the query string).

    `expected` is the count the coordinator confirmed: if the filter matches another
    number of rows by the time they confirm, nothing is done and they are asked again.
    """

    action = forms.ChoiceField(choices=[(a, a) for a in BULK_ACTIONS])
    reason = forms.CharField(
        label=_("Skäl"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alla rapportörer läser skälet. Skriv inga namn eller andra personuppgifter."),
        error_messages={"max_length": _("Skälet är för långt: högst %(limit_value)d tecken.")},
    )
    expected = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("confirmed") and data.get("action") == "reject" and not data.get("reason"):
            self.add_error("reason", _("Skriv varför iakttagelserna avvisas."))
        return data


def error_summary(*forms_: forms.Form) -> list[dict[str, str]]:
    """Every error as a link to its field, for the summary at the top of the page."""
    items = []
    for form in forms_:
        for name, errors in form.errors.items():
            field = form[name] if name in form.fields else None
            href = f"#{field.auto_id}" if field is not None else "#main"
            if field is not None and isinstance(field.field.widget, forms.RadioSelect):
                href += "_0"
            label = f"{field.label} – " if field is not None else ""
            items += [{"href": href, "text": f"{label}{error}"} for error in errors]
    return items


def add_service_errors(form: forms.Form, errors: dict[str, list[str]]) -> None:
    """Put a review service's {field: messages} next to the field, or above the form."""
    for key, messages in errors.items():
        for message in messages:
            form.add_error(key if key in form.fields else None, message)


# --- the filter -----------------------------------------------------------------------

# The list's filter form leaves out the municipality: the page shows the current one only.
FILTER_FIELDS = [n for n in ObservationFilterSet.base_filters if n != "municipality"]


def queue_filter(data: Any, *, request: Any, queryset: Any, municipality: Any) -> Any:
    """ObservationFilterSet as the queue uses it: new observations unless told otherwise,
    and lists to choose from where the API takes codes and slugs."""
    data = data.copy()
    data.pop("municipality", None)
    data.pop("page", None)
    if "status" not in data:
        data["status"] = Observation.Status.SUBMITTED
    filterset = ObservationFilterSet(data, request=request, queryset=queryset)
    fields: Any = filterset.form.fields
    # The values stay codes and slugs (what the filter and the API take); names are shown.
    fields["category"].widget = forms.Select(choices=_category_options(request.user, municipality))
    fields["category"].label = _("Kategori")
    fields["organisation"].widget = forms.Select(
        choices=_organisation_options(request.user, municipality)
    )
    fields["organisation"].label = _("Organisation")
    fields["area"].queryset = fields["area"].queryset.filter(municipality=municipality)
    fields["area"].empty_label = _("Alla områden")
    fields["status"].empty_label = _("Alla lägen")
    fields["source"].empty_label = _("Alla källor")
    return filterset


def _category_options(user: Any, municipality: Any) -> list[Any]:
    # Retired categories too: old observations still carry them.
    categories = list(
        Category.objects.restrict(user)
        .filter(Q(municipality=None) | Q(municipality=municipality))
        .order_by("sort_order", "name")
    )
    options: list[Any] = [("", _("Alla kategorier"))]
    for parent in (c for c in categories if c.parent_id is None):
        children = [(c.code, c.name) for c in categories if c.parent_id == parent.pk]
        if children:
            # Choosing the parent means all of its subcategories (see the filterset).
            every = _("Alla inom %(name)s") % {"name": parent.name}
            options.append((parent.name, [(parent.code, every), *children]))
        else:
            options.append((parent.code, parent.name))
    return options


def _organisation_options(user: Any, municipality: Any) -> list[Any]:
    organisations = (
        Organisation.objects.restrict(user).filter(municipality=municipality).order_by("name")
    )
    return [("", _("Alla organisationer")), *((o.slug, o.name) for o in organisations)]


def describe_filter(filterset: Any) -> list[tuple[str, str]]:
    """The filter in words, as (label, value) pairs, for the confirmation page."""
    form = filterset.form
    words = []
    for name in FILTER_FIELDS:
        value = form.cleaned_data.get(name)
        if value in (None, ""):
            continue
        field = form.fields[name]
        shown = str(value) if name == "area" else _label(field.widget.choices, value)
        words.append((str(field.label), shown))
    return words


def _label(choices: Any, value: Any) -> str:
    for key, label in choices:
        if isinstance(label, list | tuple):  # an <optgroup>
            found = _label(label, value)
            if found != str(value):
                return found
        elif str(key) == str(value):
            return str(label)
    return str(value)
