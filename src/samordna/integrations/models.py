"""Events published by outside sources, shown beside the municipality's own reports.

Today the one source is the Swedish Police's events API (polisen.se). Rows are
written only by the import services in `samordna.integrations.polisen`.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Municipality
from samordna.core.querysets import RestrictedManager


class ExternalEvent(models.Model):
    """One event as published by an outside source (e.g. a police event), stored once.

    The police give a place only as the centre point of the municipality or county
    (`area_centre_lat/lon`): never an incident's location, so never put it on a map
    as if it were one.
    """

    class Source(models.TextChoices):
        POLISEN = "polisen", _("Polisen")

    source = models.CharField(_("källa"), max_length=20, choices=Source.choices)
    external_id = models.CharField(_("källans id"), max_length=64)
    occurred_at = models.DateTimeField(_("tidpunkt"))
    # Period keys stored at write time (Stockholm time): TruncWeek on SQLite is too slow.
    week_key = models.CharField(max_length=8)
    tertial_key = models.CharField(max_length=7)
    type = models.CharField(_("händelsetyp"), max_length=100)
    name = models.CharField(_("rubrik"), max_length=300)
    summary = models.TextField(_("sammanfattning"), blank=True)
    url = models.URLField(_("länk"), max_length=500)
    location_name = models.CharField(_("plats enligt källan"), max_length=100)
    county = models.CharField(_("län"), max_length=40, blank=True)
    # Set only when the event belongs to a municipality registered in Samordna.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="external_events",
    )
    # The municipality the event belongs to, registered or not; blank when county-only.
    municipality_name = models.CharField(_("kommun"), max_length=100, blank=True)
    is_summary = models.BooleanField(_("sammanfattning av flera händelser"), default=False)
    area_centre_lat = models.FloatField(_("kommunens eller länets mittpunkt, latitud"))
    area_centre_lon = models.FloatField(_("kommunens eller länets mittpunkt, longitud"))
    imported_at = models.DateTimeField(_("importerad"), default=timezone.now)

    objects = RestrictedManager["ExternalEvent"]()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="external_event_source_id_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "week_key"]),
            models.Index(fields=["municipality", "tertial_key"]),
            models.Index(fields=["municipality", "occurred_at"]),
        ]
        verbose_name = _("extern händelse")
        verbose_name_plural = _("externa händelser")

    def __str__(self) -> str:
        return self.name


def event_field(name: str) -> models.Field[Any, Any]:
    """ExternalEvent's concrete field `name` (its attname works too: "municipality_id")."""
    field = ExternalEvent._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{name} is not a concrete field of ExternalEvent")
    return field
