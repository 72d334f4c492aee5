"""Interventions (*insatser*): what the partners decided to do, who owns it, by when.

A first, minimal model: the weekly meeting decides immediate interventions and follows
up their status (red / amber / green). The interventions issue extends it with types,
causes, goals, costs and the follow-up of production, process and effect.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Area, Municipality, Organisation, User
from samordna.core.querysets import RestrictedManager


class Status(models.TextChoices):
    DECIDED = "decided", _("Beslutad")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Klar")
    CANCELLED = "cancelled", _("Avbruten")


class Rag(models.TextChoices):
    """The traffic light partners report with (Brå's action-plan follow-up colours)."""

    GREEN = "green", _("Grön – enligt plan")
    AMBER = "amber", _("Gul – risk för försening")
    RED = "red", _("Röd – försenad eller hindrad")


# Finished one way or the other: never overdue, no longer followed up at the meeting.
CLOSED = (Status.DONE, Status.CANCELLED)


def stockholm_today() -> date:
    """Deadlines are dates in Europe/Stockholm (the project's TIME_ZONE)."""
    return timezone.localdate()


def open_q() -> models.Q:
    """Interventions still under way (followed up at the weekly meeting)."""
    return ~models.Q(status__in=CLOSED)


def overdue_q(today: date | None = None) -> models.Q:
    """Deadline passed and neither done nor cancelled: shown in red on every list."""
    return open_q() & models.Q(deadline__lt=today or stockholm_today())


class Intervention(models.Model):
    """One intervention with an owning organisation, an optional named person and a deadline.

    Title and description are about places and situations; the services refuse text
    with personal data in it (samordna.privacy).
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("insats"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    owner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="owned_interventions",
        verbose_name=_("ansvarig organisation"),
    )
    owner_person = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarig person"),
    )
    raised_by = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("väckt av"),
    )
    deadline = models.DateField(_("klart senast"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DECIDED
    )
    rag = models.CharField(_("läge"), max_length=5, choices=Rag.choices, default=Rag.GREEN)
    # Set when a meeting decided it (meetings.services.decision_create).
    decided_in = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("beslutad på mötet"),
    )
    areas = models.ManyToManyField(Area, blank=True, related_name="+", verbose_name=_("områden"))
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = RestrictedManager["Intervention"]()

    class Meta:
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["municipality", "status", "deadline"])]
        verbose_name = _("insats")
        verbose_name_plural = _("insatser")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.deadline < stockholm_today()


class InterventionUpdate(models.Model):
    """One status report: status, traffic light and a note, by whom and when.

    The intervention's own status and rag are the latest report's; these rows are the
    history. `meeting` is set when the report was given at a meeting (its minutes list it).
    """

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="updates")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    rag = models.CharField(_("läge"), max_length=5, choices=Rag.choices)
    note = models.TextField(_("kommentar"), blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intervention_updates",
    )
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = RestrictedManager["InterventionUpdate"]()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("lägesrapport")
        verbose_name_plural = _("lägesrapporter")

    def __str__(self) -> str:
        return f"{self.intervention_id} {self.status}/{self.rag}"
