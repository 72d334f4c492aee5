"""The meeting page's forms, one per step. They parse input only; the services decide."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Area, Municipality, Organisation
from samordna.interventions.forms import InterventionForm
from samordna.interventions.services import InterventionInput
from samordna.meetings.models import AreaAssessment, Attendance, Meeting
from samordna.problems.models import Problem, ProblemStatus


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


class DecisionForm(InterventionForm):
    """An immediate intervention decided at the meeting, tied (optionally) to the problem
    it acts on: the problem's linked observations are then the decision's grounds."""

    problem = forms.ModelChoiceField(
        label=_("Problembild som beslutet gäller (valfritt)"),
        queryset=Problem.objects.none(),
        required=False,
        help_text=_("Iakttagelserna som är kopplade till problembilden följer med."),
    )

    def __init__(self, *args: Any, user: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, municipality=municipality, **kwargs)
        field: Any = self.fields["problem"]
        field.queryset = (
            Problem.objects.restrict(user, "view")
            .filter(municipality=municipality)
            .exclude(status=ProblemStatus.CLOSED)
            .order_by("title")
        )

    def to_input(self, raised_by: Organisation | None) -> InterventionInput:
        return replace(super().to_input(raised_by), problem=self.cleaned_data["problem"])
