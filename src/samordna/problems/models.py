"""Problems (*problembilder*), their root-cause analyses and the phase each area is in
(the tertial analysis that picks them is `samordna.tertial`).

A problem is a long-lasting or growing pattern of places and situations — never of named
persons. Observations and police events are linked to it by hand (picked on the map or
the list) or by its rule (areas + categories + period), which the services keep up to
date. Its workflow runs identified -> … -> closed, and every step is a `ProblemStep`
with who, when and why.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Area, Municipality, Organisation, Place, User
from samordna.core.querysets import RestrictedManager
from samordna.integrations.models import ExternalEvent
from samordna.reports.models import Category, Observation


class ProblemStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identifierad")
    WATCHED = "watched", _("Bevakas")
    PRIORITISED = "prioritised", _("Prioriterad")
    ANALYSED = "analysed", _("Analyserad")
    PLAN_DECIDED = "plan_decided", _("Åtgärdsplan beslutad")
    IN_PROGRESS = "in_progress", _("Åtgärder pågår")
    FOLLOW_UP = "follow_up", _("Uppföljning")
    CLOSED = "closed", _("Avslutad")


class ProblemOutcome(models.TextChoices):
    """How a closed problem ended."""

    SOLVED = "solved", _("Löst")
    REDUCED = "reduced", _("Minskat")
    HANDED_OVER = "handed_over", _("Överlämnat")


class Priority(models.IntegerChoices):
    HIGH = 1, _("Hög")
    MEDIUM = 2, _("Medel")
    LOW = 3, _("Låg")


class LinkVia(models.TextChoices):
    MANUAL = "manual", _("Vald för hand")
    RULE = "rule", _("Enligt regeln")


class Problem(models.Model):
    """One problem picture: what keeps happening, where, since when, who owns it."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    areas = models.ManyToManyField(Area, blank=True, related_name="+", verbose_name=_("områden"))
    places = models.ManyToManyField(Place, blank=True, related_name="+", verbose_name=_("platser"))
    categories = models.ManyToManyField(
        Category, blank=True, related_name="+", verbose_name=_("kategorier")
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
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
    # The organisation that raised it: it sees the status and gets the feedback.
    raised_by = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("väckt av"),
    )
    priority = models.PositiveSmallIntegerField(
        _("prioritet"), choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ProblemStatus.choices,
        default=ProblemStatus.IDENTIFIED,
    )
    outcome = models.CharField(
        _("utfall"), max_length=12, choices=ProblemOutcome.choices, blank=True
    )
    # Brå's focus areas (problems.vocabulary.FocusArea values).
    tags = models.JSONField(_("fokusområden"), default=list, blank=True)
    # The rule: observations in `areas` with `categories` from rule_from (to rule_to, or
    # open) are linked and kept linked as new ones arrive.
    rule_enabled = models.BooleanField(_("koppla iakttagelser enligt regel"), default=False)
    rule_from = models.DateField(_("regel från"), null=True, blank=True)
    rule_to = models.DateField(_("regel till"), null=True, blank=True)
    observations: models.ManyToManyField[Observation, ProblemObservation] = models.ManyToManyField(
        Observation, through="ProblemObservation", blank=True, related_name="problems"
    )
    police_events: models.ManyToManyField[ExternalEvent, ProblemPoliceEvent] = (
        models.ManyToManyField(
            ExternalEvent, through="ProblemPoliceEvent", blank=True, related_name="problems"
        )
    )
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = RestrictedManager["Problem"]()

    class Meta:
        ordering = ["priority", "-updated_at", "id"]
        indexes = [models.Index(fields=["municipality", "status"])]
        verbose_name = _("problembild")
        verbose_name_plural = _("problembilder")

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status == ProblemStatus.CLOSED


class ProblemObservation(models.Model):
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="observation_links")
    observation = models.ForeignKey(Observation, on_delete=models.PROTECT, related_name="+")
    via = models.CharField(max_length=8, choices=LinkVia.choices, default=LinkVia.MANUAL)
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["problem", "observation"], name="problem_observation_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.problem_id}: {self.observation_id}"


class ProblemPoliceEvent(models.Model):
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="police_links")
    event = models.ForeignKey(ExternalEvent, on_delete=models.PROTECT, related_name="+")
    via = models.CharField(max_length=8, choices=LinkVia.choices, default=LinkVia.MANUAL)
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["problem", "event"], name="problem_event_once"),
        ]

    def __str__(self) -> str:
        return f"{self.problem_id}: {self.event_id}"


class ProblemStep(models.Model):
    """One step of a problem's workflow: from, to, who, when, why. Append-only."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="steps")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=16, choices=ProblemStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=ProblemStatus.choices)
    outcome = models.CharField(max_length=12, choices=ProblemOutcome.choices, blank=True)
    reason = models.TextField(_("motivering"))
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = RestrictedManager["ProblemStep"]()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("steg")
        verbose_name_plural = _("steg")

    def __str__(self) -> str:
        return f"{self.problem_id}: {self.from_status} -> {self.to_status}"


class CauseAnalysis(models.Model):
    """The root-cause workspace of one problem (*orsaksanalys*).

    The tools are stored as structured JSON (shapes in problems.analysis.shapes and
    docs); the causes the measures point at are `Cause` rows, numbered per analysis.
    - triangle: {"offender": {"text", "controller"}, "target": {…}, "place": {…}}
      — the controllers are handler, guardian and manager;
    - fishbone: {"victim": [str], "offender": [str], "place": [str]};
    - event_chains: [{"title", "links": [str]}];
    - cause_tree: [{"text", "children": [...]}];
    - factors: [{"level": individual|family|school|area, "kind": risk|protective, "text"}];
    - hypotheses: [{"text", "for": str, "against": str, "status": open|supported|rejected}].
    """

    problem = models.OneToOneField(Problem, on_delete=models.CASCADE, related_name="analysis")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(_("sammanfattning"), blank=True)
    triangle = models.JSONField(default=dict, blank=True)
    fishbone = models.JSONField(default=dict, blank=True)
    event_chains = models.JSONField(default=list, blank=True)
    cause_tree = models.JSONField(default=list, blank=True)
    factors = models.JSONField(default=list, blank=True)
    hypotheses = models.JSONField(default=list, blank=True)
    sources = models.TextField(_("källor"), blank=True)
    # Shared: every EST member of the municipality may read it (else the problem's
    # owner organisation, the coordinators and the analysts only).
    is_shared = models.BooleanField(_("delad"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = RestrictedManager["CauseAnalysis"]()

    class Meta:
        verbose_name = _("orsaksanalys")
        verbose_name_plural = _("orsaksanalyser")

    def __str__(self) -> str:
        return f"{self.problem}"


class Cause(models.Model):
    """One numbered probable cause: interventions and action-plan rows point at it."""

    analysis = models.ForeignKey(CauseAnalysis, on_delete=models.CASCADE, related_name="causes")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField(_("nummer"))
    text = models.TextField(_("orsak"))
    level = models.CharField(_("nivå"), max_length=12, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)

    objects = RestrictedManager["Cause"]()

    class Meta:
        ordering = ["analysis", "number"]
        constraints = [
            models.UniqueConstraint(fields=["analysis", "number"], name="cause_number_unique"),
        ]
        verbose_name = _("orsak")
        verbose_name_plural = _("orsaker")

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class Phase(models.Model):
    """One step of a municipality's phase model (Brå's *fasmodell*), in order."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("ordning"))
    name = models.CharField(_("fas"), max_length=100)
    description = models.TextField(_("kännetecken"), blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)

    objects = RestrictedManager["Phase"]()

    class Meta:
        ordering = ["municipality", "order"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "order"], name="phase_order_unique"),
        ]
        verbose_name = _("fas")
        verbose_name_plural = _("faser")

    def __str__(self) -> str:
        return self.name


class AreaPhase(models.Model):
    """An area entered a phase on a date. The latest row is its phase; all rows its history."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="phases")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+")
    since = models.DateField(_("från och med"))
    note = models.TextField(_("motivering"), blank=True)
    set_at = models.DateTimeField(default=timezone.now)
    set_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = RestrictedManager["AreaPhase"]()

    class Meta:
        ordering = ["area", "-since", "-id"]
        verbose_name = _("områdets fas")
        verbose_name_plural = _("områdenas faser")

    def __str__(self) -> str:
        return f"{self.area_id}: {self.phase_id} {self.since}"
