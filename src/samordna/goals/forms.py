"""Forms for goals and indicators. They only parse input; the rules live in the
services, whose errors are put back on the field they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Area, Municipality, Organisation
from samordna.goals.models import Goal, Indicator
from samordna.goals.services import (
    GoalInput,
    IndicatorInput,
    categories_of,
    known_police_types,
    kpis_with_values,
    survey_items_of,
)
from samordna.integrations.models import KoladaKpi
from samordna.interventions.models import Intervention
from samordna.plans.models import ActionPlan
from samordna.reports.models import Category
from samordna.surveys.models import SurveyItem

NUMBER = {"invalid": _("Ange ett tal, t.ex. 12 eller 3,5.")}


class SurveyItemField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.survey.title} {obj.survey.year}: {obj.question}"


class GoalForm(forms.Form):
    title = forms.CharField(
        label=_("Mål"),
        max_length=200,
        help_text=_("Vad ska bli bättre, och var? T.ex. ”Minska skadegörelsen i centrum”."),
        error_messages={"required": _("Skriv vad målet är.")},
    )
    description = forms.CharField(
        label=_("Beskrivning (valfritt)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("Ansvarig organisation (valfritt)"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Områden"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    interventions = forms.ModelMultipleChoiceField(
        label=_("Insatser som ska bidra"),
        queryset=Intervention.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    action_plans = forms.ModelMultipleChoiceField(
        label=_("Åtgärdsplaner"),
        queryset=ActionPlan.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(
        label=_("Aktivt mål (visas i tertial- och årslägesbilden)"), required=False, initial=True
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["owner_organisation"].queryset = Organisation.objects.filter(
            municipality=municipality, is_active=True
        ).order_by("name")
        fields["areas"].queryset = Area.objects.filter(
            municipality=municipality, is_active=True
        ).order_by("name")
        fields["interventions"].queryset = Intervention.objects.filter(
            municipality=municipality
        ).order_by("title", "id")
        fields["action_plans"].queryset = ActionPlan.objects.filter(
            municipality=municipality
        ).order_by("title", "id")

    def to_input(self) -> GoalInput:
        d = self.cleaned_data
        return GoalInput(
            title=d["title"],
            description=d.get("description") or "",
            owner_organisation=d.get("owner_organisation"),
            areas=list(d.get("areas") or []),
            interventions=list(d.get("interventions") or []),
            action_plans=list(d.get("action_plans") or []),
            is_active=bool(d.get("is_active")),
        )


def goal_initial(goal: Goal) -> dict[str, Any]:
    return {
        "title": goal.title,
        "description": goal.description,
        "owner_organisation": goal.owner_organisation_id,
        "areas": list(goal.areas.values_list("pk", flat=True)),
        "interventions": list(goal.interventions.values_list("pk", flat=True)),
        "action_plans": list(goal.action_plans.values_list("pk", flat=True)),
        "is_active": goal.is_active,
    }


class IndicatorForm(forms.Form):
    name = forms.CharField(
        label=_("Indikator"),
        max_length=200,
        error_messages={"required": _("Skriv vad indikatorn mäter.")},
    )
    source = forms.ChoiceField(
        label=_("Källa"),
        choices=Indicator.Source.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj en källa.")},
    )
    granularity = forms.ChoiceField(
        label=_("Period"),
        choices=Indicator.Granularity.choices,
        initial=Indicator.Granularity.YEAR,
        help_text=_("Trygghetsmätningar och Kolada redovisas per år."),
    )
    direction = forms.ChoiceField(
        label=_("Riktning"), choices=Indicator.Direction.choices, initial="decrease"
    )
    unit = forms.CharField(
        label=_("Enhet (valfritt)"),
        max_length=40,
        required=False,
        help_text=_("T.ex. ”antal”, ”%” eller ”per 1 000 invånare”."),
    )
    baseline_period = forms.CharField(
        label=_("Utgångsläge, period"),
        max_length=8,
        help_text=_("År (2024) eller tertial (2024-T3)."),
        error_messages={"required": _("Ange utgångslägets period.")},
    )
    baseline_value = forms.FloatField(
        label=_("Utgångsläge, värde (valfritt)"),
        required=False,
        localize=True,
        error_messages=NUMBER,
        help_text=_("Tomt: värdet i serien för utgångsperioden."),
    )
    target_period = forms.CharField(
        label=_("Målperiod"),
        max_length=8,
        error_messages={"required": _("Ange när målet ska vara nått.")},
    )
    target_value = forms.FloatField(
        label=_("Målvärde"),
        localize=True,
        error_messages={"required": _("Ange målvärdet."), **NUMBER},
        help_text=_("Andelar i trygghetsmätningar anges i procent (0–100)."),
    )
    order = forms.IntegerField(label=_("Ordning"), required=False, min_value=0, max_value=1000)
    # Own observations
    areas = forms.ModelMultipleChoiceField(
        label=_("Områden (inget valt: hela kommunen)"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Kategorier"),
        queryset=Category.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("En kategori räknar också sina underkategorier."),
    )
    # Police events
    police_types = forms.MultipleChoiceField(
        label=_("Polisens händelsetyper"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Välj händelsetyper ur listan.")},
    )
    # Survey item
    survey_item = SurveyItemField(
        label=_("Fråga i trygghetsmätningen"),
        queryset=SurveyItem.objects.none(),
        required=False,
        help_text=_("Värdet för alla svarande; alla år av samma mätning."),
    )
    survey_area = forms.ModelChoiceField(
        label=_("Område i trygghetsmätningen (tomt: hela kommunen)"),
        queryset=Area.objects.none(),
        required=False,
    )
    # Kolada
    kolada_kpi = forms.ModelChoiceField(
        label=_("Nyckeltal i Kolada"),
        queryset=KoladaKpi.objects.none(),
        required=False,
        help_text=_("Bara nyckeltal med importerade värden för kommunen (totalt)."),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        areas = Area.objects.filter(municipality=municipality, is_active=True).order_by("name")
        fields["areas"].queryset = areas
        fields["survey_area"].queryset = areas
        fields["categories"].queryset = categories_of(municipality)
        fields["police_types"].choices = [(t, t) for t in known_police_types(municipality)]
        fields["survey_item"].queryset = survey_items_of(municipality)
        fields["kolada_kpi"].queryset = kpis_with_values(municipality)

    def to_input(self) -> IndicatorInput:
        d = self.cleaned_data
        return IndicatorInput(
            name=d["name"],
            source=d["source"],
            granularity=d["granularity"],
            direction=d["direction"],
            unit=d.get("unit") or "",
            baseline_period=(d.get("baseline_period") or "").strip(),
            baseline_value=d.get("baseline_value"),
            target_period=(d.get("target_period") or "").strip(),
            target_value=d.get("target_value"),
            order=d.get("order") or 0,
            areas=list(d.get("areas") or []),
            categories=list(d.get("categories") or []),
            police_types=list(d.get("police_types") or []),
            survey_item=d.get("survey_item"),
            survey_area=d.get("survey_area"),
            kolada_kpi=d.get("kolada_kpi"),
        )


def indicator_initial(indicator: Indicator) -> dict[str, Any]:
    saved = indicator.filter or {}
    return {
        "name": indicator.name,
        "source": indicator.source,
        "granularity": indicator.granularity,
        "direction": indicator.direction,
        "unit": indicator.unit,
        "baseline_period": indicator.baseline_period,
        "baseline_value": indicator.baseline_value,
        "target_period": indicator.target_period,
        "target_value": indicator.target_value,
        "order": indicator.order,
        "areas": saved.get("areas", []),
        "categories": saved.get("categories", []),
        "police_types": saved.get("types", []),
        "survey_item": indicator.survey_item_id,
        "survey_area": indicator.survey_area_id,
        "kolada_kpi": indicator.kolada_kpi_id,
    }
