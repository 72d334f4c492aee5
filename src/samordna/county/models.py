"""The county's view (issue 19): what a municipality shares with its county, the
aggregates of its confirmed week pictures, and its named coordination function.

A county officer (`core.CountyMembership`) sees only the municipalities of the county
that share with it now (`CountySharing` without `revoked_at`), and of them only the
aggregates below: counts per week, tertial and category, copied from the confirmed
week pictures when they are confirmed (county.aggregates), never the observations.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Municipality, User
from samordna.core.querysets import RestrictedManager


class CountySharing(models.Model):
    """A municipality's consent to show its aggregates and compliance to its county.

    One active row per municipality; stopping keeps the row with `revoked_at`, so the
    history of consent stays on record."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField(_("delar sedan"), default=timezone.now)
    shared_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("slutade dela"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = RestrictedManager["CountySharing"]()

    class Meta:
        ordering = ["-shared_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"],
                condition=models.Q(revoked_at__isnull=True),
                name="county_sharing_one_active",
            ),
        ]
        verbose_name = _("delning med länsstyrelsen")
        verbose_name_plural = _("delningar med länsstyrelsen")

    def __str__(self) -> str:
        return f"{self.municipality_id}: {'delar' if self.revoked_at is None else 'delar inte'}"


class CoordinationFunction(models.Model):
    """Who holds the coordination function lag (2023:196) requires (*samordningsfunktion*):
    a function or role and where it sits, never a person's name."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.PROTECT, related_name="coordination_function"
    )
    description = models.CharField(_("samordningsfunktion"), max_length=300)
    appointed_on = models.DateField(_("utsedd"), null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = RestrictedManager["CoordinationFunction"]()

    class Meta:
        verbose_name = _("samordningsfunktion")
        verbose_name_plural = _("samordningsfunktioner")

    def __str__(self) -> str:
        return self.description


class ConfirmedWeek(models.Model):
    """The newest confirmed version of one municipality's week picture, as the county's
    aggregates know it (county.aggregates writes it when the picture is confirmed)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    week_key = models.CharField(max_length=8)
    picture = models.ForeignKey(
        "situation.SituationPicture", on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveSmallIntegerField(default=1)
    confirmed_at = models.DateTimeField()
    total = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["municipality", "week_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "week_key"], name="county_confirmed_week_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.week_key}"


class WeekCount(models.Model):
    """Observations of one category in one confirmed week picture, per tertial (a week
    that straddles two tertials has a row in each). `category_code` is the national
    category's code ("" for a municipality's own category with no national parent)."""

    week = models.ForeignKey(ConfirmedWeek, on_delete=models.CASCADE, related_name="counts")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    week_key = models.CharField(max_length=8)
    tertial_key = models.CharField(max_length=8)
    category_code = models.CharField(max_length=40, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["municipality", "week_key"], name="county_count_week"),
            models.Index(fields=["municipality", "tertial_key"], name="county_count_tertial"),
        ]

    def __str__(self) -> str:
        return f"{self.week_key} {self.category_code}: {self.count}"
