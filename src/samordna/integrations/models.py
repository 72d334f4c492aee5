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
            # Covering the picture's per-type counts (situation.figures.police_series):
            # an index-only scan, where (municipality, week_key) alone lost to the FK index.
            models.Index(
                fields=["municipality", "source", "week_key", "type"], name="event_week_type"
            ),
            models.Index(
                fields=["municipality", "source", "tertial_key", "type"], name="event_tertial_type"
            ),
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


class KoladaKpi(models.Model):
    """A key figure's metadata as published by Kolada (`/v3/kpi`), shared by all municipalities.

    Written only by the Kolada import service, which fetches the metadata of every
    key figure it imports values for.
    """

    class MunicipalityType(models.TextChoices):
        MUNICIPALITY = "K", _("Kommun")
        REGION = "L", _("Region")
        ALL = "A", _("Kommun och region")

    id = models.CharField(_("nyckeltal"), max_length=10, primary_key=True)
    title = models.CharField(_("titel"), max_length=400)
    description = models.TextField(_("beskrivning"), blank=True)
    municipality_type = models.CharField(
        _("redovisas för"), max_length=1, choices=MunicipalityType.choices, blank=True
    )
    has_gender = models.BooleanField(_("redovisas per kön"), default=False)
    fetched_at = models.DateTimeField(_("hämtad"), default=timezone.now)

    objects = RestrictedManager["KoladaKpi"]()

    class Meta:
        ordering = ["id"]
        verbose_name = _("nyckeltal i Kolada")
        verbose_name_plural = _("nyckeltal i Kolada")

    def __str__(self) -> str:
        return f"{self.id} {self.title}"


class KoladaValue(models.Model):
    """One key figure's value for a municipality, year and gender, as Kolada published it.

    Kolada publishes `null` for values it does not have or keeps secret: stored as
    null, never as 0.
    """

    class Gender(models.TextChoices):
        TOTAL = "T", _("Totalt")
        WOMEN = "K", _("Kvinnor")
        MEN = "M", _("Män")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="kolada_values"
    )
    kpi = models.ForeignKey(KoladaKpi, on_delete=models.PROTECT, related_name="values")
    year = models.PositiveSmallIntegerField(_("år"))
    gender = models.CharField(_("kön"), max_length=1, choices=Gender.choices)
    value = models.FloatField(_("värde"), null=True, blank=True)
    # Kolada's own fields: how many the value rests on, and e.g. preliminary status.
    count = models.PositiveIntegerField(_("antal"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=40, blank=True)
    imported_at = models.DateTimeField(_("importerad"), default=timezone.now)

    objects = RestrictedManager["KoladaValue"]()

    class Meta:
        ordering = ["kpi_id", "-year", "gender"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kpi", "year", "gender"],
                name="kolada_value_municipality_kpi_year_gender_unique",
            ),
        ]
        verbose_name = _("värde från Kolada")
        verbose_name_plural = _("värden från Kolada")

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.year} {self.gender}: {self.value}"
