"""Goals and their indicators (*mål och indikatorer*).

A goal ("minska skadegörelsen i centrum och vid skolan") has indicators, each with a
source — own observations (a saved filter), police events, a survey item or a Kolada key
figure — a baseline, a target and a direction. The series, the target line and "on
track" are computed from the source when asked (goals.series), never stored.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Area, Municipality, Organisation, User
from samordna.core.querysets import RestrictedManager


class Goal(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("mål"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    areas = models.ManyToManyField(Area, blank=True, related_name="+", verbose_name=_("områden"))
    owner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarig organisation"),
    )
    action_plans = models.ManyToManyField(
        "plans.ActionPlan",
        blank=True,
        related_name="goals",
        verbose_name=_("åtgärdsplaner"),
    )
    interventions = models.ManyToManyField(
        "interventions.Intervention", blank=True, related_name="goals", verbose_name=_("insatser")
    )
    is_active = models.BooleanField(_("aktivt"), default=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = RestrictedManager["Goal"]()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    class Source(models.TextChoices):
        OBSERVATIONS = "observations", _("Egna iakttagelser")
        POLICE = "police", _("Polisens händelser")
        SURVEY = "survey", _("Trygghetsmätning")
        KOLADA = "kolada", _("Kolada")

    class Direction(models.TextChoices):
        DECREASE = "decrease", _("Ska minska")
        INCREASE = "increase", _("Ska öka")

    class Granularity(models.TextChoices):
        YEAR = "year", _("År")
        TERTIAL = "tertial", _("Tertial")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="indicators")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("indikator"), max_length=200)
    source = models.CharField(_("källa"), max_length=14, choices=Source.choices)
    # observations: the saved filter {"areas": [id], "categories": [id]}; police:
    # {"types": [str]} (police events have no place finer than the municipality).
    filter = models.JSONField(_("urval"), default=dict, blank=True)
    survey_item = models.ForeignKey(
        "surveys.SurveyItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fråga i trygghetsmätningen"),
    )
    # The survey area the item is read for (blank: the whole municipality).
    survey_area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kolada_kpi = models.ForeignKey(
        "integrations.KoladaKpi",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nyckeltal"),
    )
    granularity = models.CharField(
        _("period"), max_length=8, choices=Granularity.choices, default=Granularity.YEAR
    )
    direction = models.CharField(
        _("riktning"), max_length=8, choices=Direction.choices, default=Direction.DECREASE
    )
    unit = models.CharField(_("enhet"), max_length=40, blank=True)
    baseline_period = models.CharField(_("utgångsläge, period"), max_length=8)
    baseline_value = models.FloatField(_("utgångsläge, värde"), null=True, blank=True)
    target_period = models.CharField(_("målår eller -period"), max_length=8)
    target_value = models.FloatField(_("målvärde"))
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = RestrictedManager["Indicator"]()

    class Meta:
        ordering = ["goal", "order", "id"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")

    def __str__(self) -> str:
        return self.name
