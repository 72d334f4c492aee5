"""Forms for deciding an intervention and reporting its status.

They only parse input; the rules live in the services, whose errors are put back on
the field they name (`core.forms.add_service_errors`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samordna.core.forms import DATE_WIDGET, PersonChoiceField, est_areas, people_of
from samordna.core.models import Area, Municipality, Organisation, User
from samordna.interventions.followup import FollowUpInput, categories_of
from samordna.interventions.models import FollowUp, Intervention, Rag, Status
from samordna.interventions.services import InterventionInput
from samordna.interventions.vocabulary import (
    TECHNIQUES,
    Evidence,
    Kind,
    PreventionLevel,
    SocialLevel,
    Strategy,
)
from samordna.problems.models import Cause, Problem
from samordna.problems.vocabulary import FocusArea
from samordna.reports.models import Category


class InterventionForm(forms.Form):
    """An intervention to decide: what, who owns it, who answers for it, by when."""

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

    def __init__(
        self,
        *args: Any,
        municipality: Municipality,
        organisations: QuerySet[Organisation] | None = None,
        **kwargs: Any,
    ) -> None:
        """`organisations`: those who may own it (all the municipality's when not given)."""
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        if organisations is None:
            organisations = Organisation.objects.filter(municipality=municipality)
        fields["owner_organisation"].queryset = organisations.filter(is_active=True).order_by(
            "name"
        )
        fields["owner_person"].queryset = people_of(municipality, organisations)
        fields["areas"].queryset = est_areas(municipality)

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
        )


class ReportForm(forms.Form):
    """A status report: where it stands, the traffic light, and a short note."""

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


def _choices(enum: Any, empty: str) -> list[tuple[str, str]]:
    return [("", empty), *enum.choices]


def technique_choices() -> list[tuple[Any, list[tuple[str, Any]]]]:
    """The 25 techniques grouped under their strategy, as the published table has them."""
    return [
        (label, [(key, name) for key, (owner, name) in TECHNIQUES.items() if owner == value])
        for value, label in Strategy.choices
    ]


class CauseChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.analysis.problem.title}: {obj.number}. {obj.text}"


class InterventionFullForm(InterventionForm):
    """Everything the method asks of an intervention: kind and technique, the problem
    and its causes, a measurable goal, partners, start, cost, evidence and the target,
    buffer and control areas. Used to decide between meetings and to edit."""

    kind = forms.ChoiceField(label=_("Typ av insats"), choices=_choices(Kind, "–"), required=False)
    strategy = forms.ChoiceField(
        label=_("Strategi (situationell prevention)"),
        choices=_choices(Strategy, "–"),
        required=False,
    )
    techniques = forms.MultipleChoiceField(
        label=_("Tekniker (situationell prevention)"),
        choices=technique_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Teknikerna måste höra till den valda strategin."),
    )
    social_level = forms.ChoiceField(
        label=_("Nivå (social prevention)"), choices=_choices(SocialLevel, "–"), required=False
    )
    prevention_level = forms.ChoiceField(
        label=_("Preventionsnivå"), choices=_choices(PreventionLevel, "–"), required=False
    )
    evidence = forms.ChoiceField(
        label=_("Evidens för metoden"), choices=_choices(Evidence, "–"), required=False
    )
    tags = forms.MultipleChoiceField(
        label=_("Fokusområden"),
        choices=FocusArea.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    problem = forms.ModelChoiceField(
        label=_("Problembild"), queryset=Problem.objects.none(), required=False
    )
    causes = CauseChoiceField(
        label=_("Orsaker som insatsen riktar sig mot"),
        queryset=Cause.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Bara orsaker ur den valda problembildens orsaksanalys."),
    )
    goal = forms.CharField(
        label=_("Mätbart mål"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Vad ska ha hänt, hur mycket och till när?"),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Samverkanspartner"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    starts_on = forms.DateField(
        label=_("Start"),
        widget=DATE_WIDGET,
        required=False,
        error_messages={"invalid": _("Ange datum som ÅÅÅÅ-MM-DD.")},
    )
    cost_sek = forms.IntegerField(
        label=_("Kostnad (kr)"),
        min_value=0,
        required=False,
        error_messages={"invalid": _("Ange ett heltal."), "min_value": _("Ange 0 eller mer.")},
    )
    hours = forms.IntegerField(
        label=_("Arbetstid (timmar)"),
        min_value=0,
        required=False,
        error_messages={"invalid": _("Ange ett heltal."), "min_value": _("Ange 0 eller mer.")},
    )
    buffer_areas = forms.ModelMultipleChoiceField(
        label=_("Buffertområden (B)"),
        queryset=Area.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Runt insatsområdet: dit problemet kan flytta."),
    )
    control_areas = forms.ModelMultipleChoiceField(
        label=_("Kontrollområden (C)"),
        queryset=Area.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Liknande områden utan insatsen: hur det hade gått ändå."),
    )

    def __init__(self, *args: Any, municipality: Municipality, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, municipality=municipality, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["areas"].label = _("Insatsområden (A)")
        fields["problem"].queryset = (
            Problem.objects.restrict(user).filter(municipality=municipality).order_by("title")
        )
        fields["causes"].queryset = (
            Cause.objects.restrict(user)
            .filter(municipality=municipality, is_active=True)
            .select_related("analysis__problem")
            .order_by("analysis__problem__title", "number")
        )
        fields["partners"].queryset = fields["owner_organisation"].queryset
        fields["buffer_areas"].queryset = est_areas(municipality)
        fields["control_areas"].queryset = est_areas(municipality)

    def to_input(self, raised_by: Organisation | None) -> InterventionInput:
        data = self.cleaned_data
        return replace(
            super().to_input(raised_by),
            kind=data["kind"],
            strategy=data["strategy"],
            techniques=list(data["techniques"]),
            social_level=data["social_level"],
            prevention_level=data["prevention_level"],
            evidence=data["evidence"],
            tags=list(data["tags"]),
            problem=data["problem"],
            causes=list(data["causes"]),
            goal=data["goal"],
            partners=list(data["partners"]),
            starts_on=data["starts_on"],
            cost_sek=data["cost_sek"],
            hours=data["hours"],
            buffer_areas=list(data["buffer_areas"]),
            control_areas=list(data["control_areas"]),
        )


def initial_of(intervention: Intervention) -> dict[str, Any]:
    """An intervention's values as a form's initial data (for editing)."""
    return {
        "title": intervention.title,
        "description": intervention.description,
        "owner_organisation": intervention.owner_organisation_id,
        "owner_person": intervention.owner_person_id,
        "deadline": intervention.deadline,
        "kind": intervention.kind,
        "strategy": intervention.strategy,
        "techniques": list(intervention.techniques),
        "social_level": intervention.social_level,
        "prevention_level": intervention.prevention_level,
        "evidence": intervention.evidence,
        "tags": list(intervention.tags),
        "problem": intervention.problem_id,
        "goal": intervention.goal,
        "starts_on": intervention.starts_on,
        "cost_sek": intervention.cost_sek,
        "hours": intervention.hours,
        **{
            name: list(getattr(intervention, name).values_list("pk", flat=True))
            for name in ("areas", "causes", "partners", "buffer_areas", "control_areas")
        },
    }


class FollowUpForm(forms.Form):
    """One follow-up; which fields count depends on its kind (the service checks)."""

    kind = forms.ChoiceField(
        label=_("Slag av uppföljning"),
        choices=FollowUp.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj vilket slags uppföljning det är.")},
    )
    done = forms.ChoiceField(
        label=_("Blev insatsen genomförd?"),
        choices=FollowUp.Done.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    note = forms.CharField(
        label=_("Beskrivning"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Produktion: vad som gjordes. Process: hur och varför det gick som det gick."),
    )
    cost_sek = forms.IntegerField(label=_("Kostnad (kr)"), min_value=0, required=False)
    hours = forms.IntegerField(label=_("Arbetstid (timmar)"), min_value=0, required=False)
    source = forms.ChoiceField(
        label=_("Vad räknas"),
        choices=[(FollowUp.Source.OBSERVATIONS.value, FollowUp.Source.OBSERVATIONS.label)],
        initial=FollowUp.Source.OBSERVATIONS.value,
        required=False,
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Kategorier (inga valda: alla)"),
        queryset=Category.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    before_from = forms.DateField(label=_("Före, från"), widget=DATE_WIDGET, required=False)
    before_to = forms.DateField(label=_("Före, till och med"), widget=DATE_WIDGET, required=False)
    after_from = forms.DateField(label=_("Efter, från"), widget=DATE_WIDGET, required=False)
    after_to = forms.DateField(label=_("Efter, till och med"), widget=DATE_WIDGET, required=False)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["categories"].queryset = categories_of(municipality.pk)

    def to_input(self) -> FollowUpInput:
        data = self.cleaned_data
        return FollowUpInput(
            kind=data["kind"],
            done=data["done"] or "",
            note=data["note"],
            cost_sek=data["cost_sek"],
            hours=data["hours"],
            source=data["source"] or "",
            categories=list(data["categories"]),
            before_from=data["before_from"],
            before_to=data["before_to"],
            after_from=data["after_from"],
            after_to=data["after_to"],
        )
