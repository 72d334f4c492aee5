"""The work on a case: assessment, plan and support actions, and the meetings.

Free text (notes, goals, minutes) is encrypted like identity; erasure clears it.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.cases.crypto import EncryptedTextField
from samordna.cases.models.case import Case, Domain, Programme
from samordna.core.models import Municipality, Organisation, User
from samordna.core.querysets import RestrictedManager


class Factor(models.Model):
    """A risk or protective factor in one domain, rated 1 (weak) to 3 (strong)."""

    class Kind(models.TextChoices):
        RISK = "risk", _("Riskfaktor")
        PROTECTIVE = "protective", _("Skyddsfaktor")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="factors")
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices)
    domain = models.CharField(_("område"), max_length=20, choices=Domain.choices)
    rating = models.PositiveSmallIntegerField(
        _("styrka"), choices=[(1, _("Svag")), (2, _("Måttlig")), (3, _("Stark"))]
    )
    note = EncryptedTextField(_("anteckning"), blank=True)
    assessed_at = models.DateTimeField(default=timezone.now)
    assessed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = RestrictedManager["Factor"]()

    class Meta:
        ordering = ["domain", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.case} – {self.get_kind_display()}"


class Goal(models.Model):
    """A goal in the case's plan."""

    class Status(models.TextChoices):
        OPEN = "open", _("Pågår")
        ACHIEVED = "achieved", _("Uppnått")
        DROPPED = "dropped", _("Avbrutet")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="goals")
    text = EncryptedTextField(_("mål"))
    due = models.DateField(_("följs upp"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")

    objects = RestrictedManager["Goal"]()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.case} – {_('mål')} {self.pk}"


class SupportAction(models.Model):
    """A support action with an owning organisation and dates."""

    class Kind(models.TextChoices):
        FAMILY_SUPPORT = "family_support", _("Familjebehandlare")
        PARENT_PROGRAMME = "parent_programme", _("Föräldraprogram")
        LEISURE = "leisure", _("Fritidsaktivitet")
        MENTOR = "mentor", _("Mentor")
        SCHOOL_SUPPORT = "school_support", _("Särskilt stöd i skolan")
        OTHER = "other", _("Annan insats")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(_("insats"), max_length=20, choices=Kind.choices)
    description = EncryptedTextField(_("beskrivning"), blank=True)
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("från"))
    ends_on = models.DateField(_("till"), null=True, blank=True)

    objects = RestrictedManager["SupportAction"]()

    class Meta:
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return f"{self.case} – {self.get_kind_display()}"


class CaseMeeting(models.Model):
    """The biweekly case meeting, or the leadership group every fifth week (aggregates).

    Kept inside cases: the `meetings` app was not there when this was written, and a
    case meeting's agenda must never be readable through the EST meeting machinery.
    """

    class Kind(models.TextChoices):
        CASE = "case", _("Ärendemöte")
        LEADERSHIP = "leadership", _("Ledningsgrupp")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="meetings")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices)
    held_on = models.DateField(_("datum"))
    # A leadership meeting's aggregates, frozen when the meeting is created: the group
    # discusses one picture, and the record shows what it saw.
    snapshot = models.JSONField(_("sammanställning vid mötet"), default=dict, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = RestrictedManager["CaseMeeting"]()

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class MeetingCase(models.Model):
    """A case on a meeting's agenda, with its minutes: visible only to that case's team."""

    meeting = models.ForeignKey(CaseMeeting, on_delete=models.PROTECT, related_name="items")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="meeting_items")
    minutes = EncryptedTextField(_("minnesanteckningar"), blank=True)
    written_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    written_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager["MeetingCase"]()

    class Meta:
        ordering = ["case__pseudonym"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "case"], name="meeting_case_once"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} – {self.case}"
