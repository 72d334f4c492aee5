"""Interventions (*insatser*): what the partners decided to do, who owns it, by when.

The weekly meeting decides immediate interventions and follows up their status
(red / amber / green); the tertial work adds what the method asks for: type and
technique, the numbered causes it addresses, a measurable goal, cost, evidence, and the
target, buffer and control areas its effect is measured in (`FollowUp`). The action
plan, the agreement and the citizen promises that build on interventions live in
`samordna.plans`.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Area, Municipality, Organisation, User
from samordna.core.querysets import RestrictedManager
from samordna.interventions.vocabulary import (
    Evidence,
    Kind,
    PreventionLevel,
    SocialLevel,
    Strategy,
)


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
    # Where it is carried out: the target area (A) of its effect follow-up.
    areas = models.ManyToManyField(Area, blank=True, related_name="+", verbose_name=_("områden"))
    # --- what kind of intervention (vocabulary) ---
    kind = models.CharField(_("typ"), max_length=12, choices=Kind.choices, blank=True)
    strategy = models.CharField(_("strategi"), max_length=12, choices=Strategy.choices, blank=True)
    # Keys of vocabulary.TECHNIQUES (situational only).
    techniques = models.JSONField(_("tekniker"), default=list, blank=True)
    social_level = models.CharField(
        _("nivå (social prevention)"), max_length=10, choices=SocialLevel.choices, blank=True
    )
    prevention_level = models.CharField(
        _("preventionsnivå"), max_length=10, choices=PreventionLevel.choices, blank=True
    )
    evidence = models.CharField(
        _("evidens för metoden"), max_length=10, choices=Evidence.choices, blank=True
    )
    # Brå's focus areas (problems.vocabulary.FocusArea values).
    tags = models.JSONField(_("fokusområden"), default=list, blank=True)
    # --- why, and to what end ---
    problem = models.ForeignKey(
        "problems.Problem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interventions",
        verbose_name=_("problembild"),
    )
    causes = models.ManyToManyField(
        "problems.Cause", blank=True, related_name="interventions", verbose_name=_("orsaker")
    )
    # The observations a meeting's decision rests on, chosen at the meeting; their
    # reporters are told what was decided (beside those linked through the problem).
    observations = models.ManyToManyField(
        "reports.Observation",
        blank=True,
        related_name="interventions",
        verbose_name=_("iakttagelser som beslutet bygger på"),
    )
    goal = models.TextField(_("mätbart mål"), blank=True)
    # --- who, when, what it costs ---
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("samverkanspartner")
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    cost_sek = models.PositiveIntegerField(_("kostnad (kr)"), null=True, blank=True)
    hours = models.PositiveIntegerField(_("arbetstid (timmar)"), null=True, blank=True)
    # --- effect follow-up: A = areas, B = buffer, C = control ---
    buffer_areas = models.ManyToManyField(
        Area, blank=True, related_name="+", verbose_name=_("buffertområden")
    )
    control_areas = models.ManyToManyField(
        Area, blank=True, related_name="+", verbose_name=_("kontrollområden")
    )
    # The last reminder about being overdue or without a named owner (once per day).
    reminded_at = models.DateTimeField(null=True, blank=True)
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

    @property
    def is_unowned(self) -> bool:
        """Open with nobody named: the case the method says must never happen."""
        return self.is_open and self.owner_person_id is None


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


class FollowUp(models.Model):
    """One follow-up of an intervention (*uppföljning*): production, process or effect.

    - production: was it done? (`done`, `note`);
    - process: how, why, at what cost (`note`, `cost_sek`, `hours`);
    - effect: counts in target A, buffer B and control C before (0) and after (1), frozen
      here when the follow-up is written, and the evaluation by
      `samordna.analysis.displacement` (`result`, `verdict`).
    """

    class Kind(models.TextChoices):
        PRODUCTION = "production", _("Produktion – blev det gjort?")
        PROCESS = "process", _("Process – hur, varför, till vilken kostnad?")
        EFFECT = "effect", _("Effekt – fungerade det?")

    class Done(models.TextChoices):
        YES = "yes", _("Ja")
        PARTLY = "partly", _("Delvis")
        NO = "no", _("Nej")

    class Source(models.TextChoices):
        OBSERVATIONS = "observations", _("Iakttagelser")
        POLICE = "police", _("Polisens händelser")

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="follow_ups"
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("slag"), max_length=12, choices=Kind.choices)
    done = models.CharField(_("genomförd"), max_length=8, choices=Done.choices, blank=True)
    note = models.TextField(_("beskrivning"), blank=True)
    cost_sek = models.PositiveIntegerField(_("kostnad (kr)"), null=True, blank=True)
    hours = models.PositiveIntegerField(_("arbetstid (timmar)"), null=True, blank=True)
    # Effect: the periods compared and what was counted.
    source = models.CharField(_("källa"), max_length=14, choices=Source.choices, blank=True)
    categories = models.ManyToManyField(
        "reports.Category", blank=True, related_name="+", verbose_name=_("kategorier")
    )
    before_from = models.DateField(_("före, från"), null=True, blank=True)
    before_to = models.DateField(_("före, till"), null=True, blank=True)
    after_from = models.DateField(_("efter, från"), null=True, blank=True)
    after_to = models.DateField(_("efter, till"), null=True, blank=True)
    # {"a0","a1","b0","b1","c0","c1"} as counted when the follow-up was written.
    counts = models.JSONField(default=dict, blank=True)
    # analysis.displacement's evaluation as plain data; the verdict in plain Swedish.
    result = models.JSONField(default=dict, blank=True)
    verdict = models.TextField(_("bedömning"), blank=True)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = RestrictedManager["FollowUp"]()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")

    def __str__(self) -> str:
        return f"{self.intervention_id} {self.kind}"
