"""Meetings of the EST work: the weekly meeting now; tertial, steering group and the
TSI meetings later (their kinds are reserved).

A meeting reviews one period (`period_key`) and, for the weekly meeting, confirms that
week's situation picture. Its agenda items, attendance and area assessments belong to
it; its decisions are `interventions.Intervention` rows with `decided_in` = the meeting.
The minutes (*minnesanteckningar*) are not stored: they are rendered from all of this.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Area, Municipality, Organisation, User
from samordna.core.querysets import RestrictedManager


class AgendaTemplate(models.Model):
    """A municipality's own weekly agenda; without one the standard (meetings.agenda) holds.

    `items` is a list of {"key", "title"} (see agenda.clean_items).
    """

    municipality = models.OneToOneField(Municipality, on_delete=models.PROTECT, related_name="+")
    items = models.JSONField(_("punkter"), default=list)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = RestrictedManager["AgendaTemplate"]()

    class Meta:
        verbose_name = _("dagordningsmall")
        verbose_name_plural = _("dagordningsmallar")

    def __str__(self) -> str:
        return f"{self.municipality_id}"


class Meeting(models.Model):
    """One meeting about one period of one municipality."""

    class Kind(models.TextChoices):
        EST_WEEKLY = "est_weekly", _("EST-veckomöte")
        # Reserved for later issues; nothing creates them yet.
        TERTIAL = "tertial", _("Tertialmöte")
        STEERING = "steering", _("Styrgrupp")
        TSI_BIWEEKLY = "tsi_biweekly", _("TSI-möte")
        LEADERSHIP = "leadership", _("Ledningsgrupp (TSI)")

    class Status(models.TextChoices):
        OPEN = "open", _("Pågår")
        CLOSED = "closed", _("Avslutat")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("slag"), max_length=16, choices=Kind.choices, default=Kind.EST_WEEKLY)
    period_key = models.CharField(_("period"), max_length=8)
    picture = models.ForeignKey(
        "situation.SituationPicture",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("lägesbild"),
    )
    held_at = models.DateTimeField(_("hölls"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    focus_areas = models.ManyToManyField(
        Area, blank=True, related_name="+", verbose_name=_("fokusområden")
    )
    focus_text = models.TextField(_("hot spots och fokus kommande vecka"), blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(_("avslutat"), null=True, blank=True)

    objects = RestrictedManager["Meeting"]()

    class Meta:
        ordering = ["-period_key", "-id"]
        constraints = [
            # One weekly meeting per week: starting it again opens the same one.
            models.UniqueConstraint(
                fields=["municipality", "kind", "period_key"], name="meeting_once_per_period"
            ),
        ]
        verbose_name = _("möte")
        verbose_name_plural = _("möten")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_key}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class AgendaItem(models.Model):
    """One point of a meeting's agenda, with the notes taken under it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.PositiveSmallIntegerField(_("nummer"))
    # The part of the meeting page it belongs to (meetings.agenda); empty: notes only.
    key = models.CharField(max_length=20, blank=True)
    title = models.CharField(_("rubrik"), max_length=200)
    notes = models.TextField(_("anteckningar"), blank=True)
    done = models.BooleanField(_("klar"), default=False)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_number"),
        ]
        verbose_name = _("dagordningspunkt")
        verbose_name_plural = _("dagordningspunkter")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Attendance(models.Model):
    """Who was there, by function (the EST routine has fixed functions, not names)."""

    class Function(models.TextChoices):
        EST_COORDINATOR = "est_coordinator", _("EST-samordnare")
        POLICE = "police", _("Polis")
        HOUSING = "housing", _("Bostadsbolag")
        MUNICIPAL = "municipal", _("Kommunal förvaltning")
        SECURITY = "security", _("Bevakningsföretag")
        OTHER = "other", _("Annan")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    function = models.CharField(_("funktion"), max_length=20, choices=Function.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    present = models.BooleanField(_("närvarande"), default=False)
    note = models.CharField(_("kommentar"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "function", "organisation"], name="attendance_once"
            ),
        ]
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")

    def __str__(self) -> str:
        return f"{self.get_function_display()} – {self.organisation_id}"


class AreaAssessment(models.Model):
    """The meeting's risk assessment of one area: better, unchanged or worse, and why."""

    class Assessment(models.TextChoices):
        BETTER = "better", _("Bättre")
        UNCHANGED = "unchanged", _("Oförändrat")
        WORSE = "worse", _("Sämre")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="assessments")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    assessment = models.CharField(_("bedömning"), max_length=10, choices=Assessment.choices)
    text = models.TextField(_("kommentar"), blank=True)

    class Meta:
        ordering = ["area__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "area"], name="assessment_once_per_area"),
        ]
        verbose_name = _("områdesbedömning")
        verbose_name_plural = _("områdesbedömningar")

    def __str__(self) -> str:
        return f"{self.area_id}: {self.assessment}"
