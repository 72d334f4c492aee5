"""Safety surveys and their results.

One `Survey` is one round of one survey in one year (the police's trygghetsmätning
2025, the municipality's own survey 2026). Rounds of the same survey share kind and
title; the results page puts them side by side by year.

Two kinds of data, kept apart because they answer different questions:
- `SurveyResult`: an aggregate someone else computed (the police's index, Brå's
  share), one row per item x area x gender x age band, with its respondent count.
- `SurveyResponse`: one respondent of the municipality's own survey (area, gender, age
  band, answers). Kept so that means come with their real spread (t-interval, Welch)
  and any breakdown can be made later. Nobody reads these rows in a page, an export
  or the API: only the aggregates computed from them, suppressed below the threshold.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Area, Municipality
from samordna.core.querysets import RestrictedManager


class Survey(models.Model):
    """One round (year) of a safety survey in a municipality."""

    class Kind(models.TextChoices):
        POLICE = "police_trygghetsmatning", _("Polisens trygghetsmätning")
        NTU = "bra_ntu", _("Brås Nationella trygghetsundersökning (NTU)")
        OWN = "own", _("Kommunens egen trygghetsundersökning")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("typ"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("namn"), max_length=200)
    year = models.PositiveSmallIntegerField(_("år"))
    source_note = models.TextField(_("källa och metod"), blank=True)
    is_synthetic = models.BooleanField(_("syntetiska data"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = RestrictedManager["Survey"]()

    class Meta:
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "title", "year"], name="survey_round_unique"
            ),
        ]
        verbose_name = _("trygghetsmätning")
        verbose_name_plural = _("trygghetsmätningar")

    def __str__(self) -> str:
        return f"{self.title} {self.year}"

    @property
    def is_respondent_level(self) -> bool:
        return self.kind == self.Kind.OWN


class SurveyItem(models.Model):
    """One question (or index) of a survey round, in a question group, on a scale."""

    class Group(models.TextChoices):
        DISORDER = "disorder", _("Ordningsstörningar")
        EXPOSURE = "exposure", _("Utsatthet för brott")
        WORRY = "worry", _("Oro för brott")
        INSECURITY = "insecurity", _("Otrygghet")
        POLICE = "police", _("Förtroende för polisen")
        OTHER = "other", _("Övrigt")

    class Scale(models.TextChoices):
        INDEX = "index", _("Index 0–6")
        SHARE = "share", _("Andel 0–1")
        OPTIONS = "options", _("Svarsalternativ")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("kod"), max_length=60)
    question = models.CharField(_("fråga"), max_length=300)
    group = models.CharField(_("frågeområde"), max_length=20, choices=Group.choices)
    scale = models.CharField(_("skala"), max_length=10, choices=Scale.choices)
    position = models.PositiveSmallIntegerField(default=0)

    objects = RestrictedManager["SurveyItem"]()

    class Meta:
        ordering = ["survey", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="survey_item_code_unique"),
        ]
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")

    def __str__(self) -> str:
        return self.question


class Gender(models.TextChoices):
    TOTAL = "T", _("Alla")
    WOMEN = "K", _("Kvinnor")
    MEN = "M", _("Män")


class SurveyResult(models.Model):
    """An imported aggregate: an item's value for an area (none: the whole
    municipality; `region`: a county or region) x gender x age band, with its n."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey(SurveyItem, on_delete=models.CASCADE, related_name="results")
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    region = models.CharField(_("län eller region"), max_length=100, blank=True)
    gender = models.CharField(_("kön"), max_length=1, choices=Gender.choices, default=Gender.TOTAL)
    age_band = models.CharField(_("åldersgrupp"), max_length=20, blank=True)
    value = models.FloatField(_("värde"))
    respondents = models.PositiveIntegerField(_("antal svarande"))

    objects = RestrictedManager["SurveyResult"]()

    class Meta:
        indexes = [models.Index(fields=["survey", "item"])]
        verbose_name = _("resultat")
        verbose_name_plural = _("resultat")

    def __str__(self) -> str:
        return f"{self.item.code} {self.gender} {self.value}"


class SurveyResponse(models.Model):
    """One respondent of an own survey: where, gender, age band and the answers
    ({item code: number or null}; shares as 1/0). Never shown one by one."""

    class Gender(models.TextChoices):
        WOMEN = "K", _("Kvinna")
        MEN = "M", _("Man")
        OTHER = "X", _("Annat eller vill inte svara")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    gender = models.CharField(_("kön"), max_length=1, choices=Gender.choices)
    age_band = models.CharField(_("åldersgrupp"), max_length=20)
    answers = models.JSONField(_("svar"), default=dict)

    objects = RestrictedManager["SurveyResponse"]()

    class Meta:
        verbose_name = _("svarande")
        verbose_name_plural = _("svarande")

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.pk}"
