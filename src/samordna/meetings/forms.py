"""The meeting page's forms, one per step. They parse input only; the services decide.

The two that touch interventions are the meeting's own: reporting an intervention's
status is step 2 (`services.followup_report`), and deciding one is the meeting's decision
(step 7). They use the shared fields of `core.forms` and the interventions' vocabulary
and input, never the interventions' forms.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from samordna.core.forms import DATE_WIDGET, PersonChoiceField, est_areas, people_of
from samordna.core.models import Area, Municipality, Organisation, User
from samordna.interventions.models import Rag, Status
from samordna.interventions.services import InterventionInput
from samordna.meetings.models import AreaAssessment, Attendance, Meeting
from samordna.problems.models import Problem, ProblemStatus
from samordna.reports.feedback import place_in_words
from samordna.reports.models import Observation


class StartForm(forms.Form):
    week = forms.CharField(
        label=_("Vecka som mötet går igenom"),
        max_length=8,
        help_text=_("Till exempel 2026-W47. Oftast förra veckan."),
        error_messages={"required": _("Ange vilken vecka mötet gäller.")},
    )


class AttendanceForm(forms.Form):
    """One "present" box and note per row of the meeting's attendance list."""

    def __init__(self, *args: Any, rows: list[Attendance], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"present_{row.pk}"] = forms.BooleanField(
                label=_("Närvarande"), required=False, initial=row.present
            )
            self.fields[f"note_{row.pk}"] = forms.CharField(
                label=_("Kommentar"),
                required=False,
                max_length=200,
                initial=row.note,
                # The label is there for screen readers; the hint shows what it is for.
                widget=forms.TextInput(attrs={"placeholder": _("Kommentar, t.ex. ersättare")}),
            )

    def lines(self) -> list[dict[str, Any]]:
        return [
            {"row": row, "present": self[f"present_{row.pk}"], "note": self[f"note_{row.pk}"]}
            for row in self.rows
        ]


class AttendanceAddForm(forms.Form):
    function = forms.ChoiceField(label=_("Funktion"), choices=Attendance.Function.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("Välj organisation.")},
    )
    present = forms.BooleanField(label=_("Närvarande"), required=False, initial=True)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(
            municipality=municipality, is_active=True
        ).order_by("name")


class AgendaItemForm(forms.Form):
    notes = forms.CharField(
        label=_("Anteckningar"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    done = forms.BooleanField(label=_("Punkten är klar"), required=False)


ASSESSMENT_CHOICES = [("", _("Inte bedömt")), *AreaAssessment.Assessment.choices]


class AssessmentForm(forms.Form):
    """Better / unchanged / worse and a comment for each EST area."""

    def __init__(
        self, *args: Any, areas: list[Area], current: dict[int, AreaAssessment], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.areas = areas
        for area in areas:
            existing = current.get(area.pk)
            self.fields[f"assessment_{area.pk}"] = forms.ChoiceField(
                label=area.name,
                choices=ASSESSMENT_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                initial=existing.assessment if existing else "",
            )
            self.fields[f"text_{area.pk}"] = forms.CharField(
                label=_("Kommentar om %(area)s") % {"area": area.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=existing.text if existing else "",
            )

    def lines(self) -> list[dict[str, Any]]:
        return [
            {"area": a, "assessment": self[f"assessment_{a.pk}"], "text": self[f"text_{a.pk}"]}
            for a in self.areas
        ]


class FocusForm(forms.Form):
    focus_areas = forms.ModelMultipleChoiceField(
        label=_("Fokusområden kommande vecka"),
        queryset=Area.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    focus_text = forms.CharField(
        label=_("Hot spots och fokus"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Platser och tider att hålla extra koll på."),
    )

    def __init__(self, *args: Any, meeting: Meeting, areas: list[Area], **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"focus_areas": list(meeting.focus_areas.all()), "focus_text": meeting.focus_text},
        )
        super().__init__(*args, **kwargs)
        field: Any = self.fields["focus_areas"]
        field.queryset = Area.objects.filter(pk__in=[a.pk for a in areas]).order_by("name")


class ReportForm(forms.Form):
    """Step 2: an intervention's status as reported at the meeting, its traffic light and a
    short note."""

    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    rag = forms.ChoiceField(
        label=_("Läge"),
        choices=Rag.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj grönt, gult eller rött.")},
    )
    note = forms.CharField(
        label=_("Kommentar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class GroundsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """An observation as the meeting knows it: category, place and day; never its text,
    which may hold what the guard missed."""

    def label_from_instance(self, obj: Any) -> str:
        day = date_format(timezone.localtime(obj.occurred_from), "D j M H:i")
        return f"{obj.category.name} · {place_in_words(obj)} · {day}"


class DecisionForm(forms.Form):
    """An immediate intervention decided at the meeting: what, which organisation present
    owns it, who answers for it, by when, and (optionally) the problem it acts on: the
    problem's linked observations are then the decision's grounds."""

    title = forms.CharField(
        label=_("Insats"),
        max_length=200,
        help_text=_("Vad ska göras, och var? Skriv om platser, inte om personer."),
        error_messages={"required": _("Skriv vad insatsen är.")},
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("Ansvarig organisation"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("Välj vilken organisation som ansvarar.")},
    )
    owner_person = PersonChoiceField(
        label=_("Ansvarig person (valfritt)"), queryset=User.objects.none(), required=False
    )
    deadline = forms.DateField(
        label=_("Klart senast"),
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Ange när insatsen ska vara klar."),
            "invalid": _("Ange datum som ÅÅÅÅ-MM-DD."),
        },
    )
    description = forms.CharField(
        label=_("Beskrivning (valfritt)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Områden (valfritt)"),
        queryset=Area.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    problem = forms.ModelChoiceField(
        label=_("Problembild som beslutet gäller (valfritt)"),
        queryset=Problem.objects.none(),
        required=False,
        help_text=_("Iakttagelserna som är kopplade till problembilden följer med."),
    )
    observations = GroundsField(
        label=_("Veckans iakttagelser som beslutet bygger på (valfritt)"),
        queryset=Observation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("De som rapporterade dem får veta vad mötet beslutade."),
        error_messages={"invalid_choice": _("Välj bland veckans iakttagelser.")},
    )

    def __init__(
        self,
        *args: Any,
        user: Any,
        municipality: Municipality,
        organisations: QuerySet[Organisation],
        grounds: QuerySet[Observation],
        **kwargs: Any,
    ) -> None:
        """`organisations`: those who may own it, the ones present at the meeting."""
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["owner_organisation"].queryset = organisations.filter(is_active=True).order_by(
            "name"
        )
        fields["owner_person"].queryset = people_of(municipality, organisations)
        fields["areas"].queryset = est_areas(municipality)
        fields["observations"].queryset = grounds
        fields["problem"].queryset = (
            Problem.objects.restrict(user, "view")
            .filter(municipality=municipality)
            .exclude(status=ProblemStatus.CLOSED)
            .order_by("title")
        )

    def to_input(self, raised_by: Organisation | None) -> InterventionInput:
        data = self.cleaned_data
        return InterventionInput(
            title=data["title"],
            description=data["description"],
            owner_organisation=data["owner_organisation"],
            owner_person=data["owner_person"],
            raised_by=raised_by,
            deadline=data["deadline"],
            areas=list(data["areas"]),
            problem=data["problem"],
        )
