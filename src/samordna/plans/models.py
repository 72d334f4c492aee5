"""The action plan the law requires, the agreement with the police and its citizen promises.

`ActionPlan` is the plan lag (2023:196) requires, for one period, with its rows in Brå's
columns and the revisions that keep what was decided; `Agreement` is the collaboration
agreement with the local police area, `CitizenPromise` its public part for one year and
`Commitment` one party's share of a promise, followed up through its interventions.

The tables keep the names they had when these models lived in `interventions`
(`db_table`): the move changed no row (migrations plans 0001, interventions 0004).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Municipality, Organisation, User
from samordna.core.querysets import RestrictedManager
from samordna.interventions.models import Intervention, Rag


class ActionPlan(models.Model):
    """The action plan lag (2023:196) requires (*åtgärdsplan*), for one period.

    Built on a confirmed year or tertial picture. The law's situation picture is in three
    parts (`mapping`, `other_information`, `analysis`); the plan itself is its rows in
    Brå's columns. A decided plan is changed only by a revision (`ActionPlanRevision`),
    which keeps what was decided before.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        DECIDED = "decided", _("Beslutad")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("rubrik"), max_length=200)
    period_key = models.CharField(_("period"), max_length=8)
    picture = models.ForeignKey(
        "situation.SituationPicture",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lägesbild"),
    )
    mapping = models.TextField(_("kartläggning av brottsligheten: omfattning och konsekvenser"))
    other_information = models.TextField(_("annan relevant information"), blank=True)
    analysis = models.TextField(_("analys"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    decided_by_body = models.CharField(_("beslutande organ"), max_length=200, blank=True)
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    decision_reference = models.CharField(_("diarienummer"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = RestrictedManager["ActionPlan"]()
    # The audit log names it as before the move (core.audit reads AUDIT_TYPE).
    AUDIT_TYPE = "interventions.actionplan"

    class Meta:
        db_table = "interventions_actionplan"
        ordering = ["-period_key", "-id"]
        verbose_name = _("åtgärdsplan")
        verbose_name_plural = _("åtgärdsplaner")

    def __str__(self) -> str:
        return self.title


class ActionPlanRow(models.Model):
    """One row in Brå's columns: cause (numbered) -> measure -> operational goal -> when ->
    who -> follow-up. Cause and measure may point at a `Cause` and an `Intervention`;
    the text columns hold what the board adopts."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="rows")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("ordning"))
    cause = models.ForeignKey(
        "problems.Cause", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cause_text = models.TextField(_("orsak"))
    intervention = models.ForeignKey(
        Intervention, on_delete=models.PROTECT, null=True, blank=True, related_name="plan_rows"
    )
    measure = models.TextField(_("åtgärd"))
    operational_goal = models.TextField(_("operativt mål"))
    when = models.CharField(_("när"), max_length=200)
    who = models.CharField(_("vem (kontakt)"), max_length=200)
    follow_up = models.CharField(_("uppföljning"), max_length=5, choices=Rag.choices, blank=True)

    objects = RestrictedManager["ActionPlanRow"]()
    # The audit log names it as before the move (core.audit reads AUDIT_TYPE).
    AUDIT_TYPE = "interventions.actionplanrow"

    class Meta:
        db_table = "interventions_actionplanrow"
        ordering = ["plan", "order", "id"]
        verbose_name = _("rad i åtgärdsplanen")
        verbose_name_plural = _("rader i åtgärdsplanen")

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.order}"


class ActionPlanRevision(models.Model):
    """A decision or revision of a plan: who decided what, when, and the plan as decided."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="revisions")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveSmallIntegerField(_("version"))
    reason = models.TextField(_("skäl"), blank=True)
    decided_by_body = models.CharField(_("beslutande organ"), max_length=200)
    decided_on = models.DateField(_("beslutsdatum"))
    decision_reference = models.CharField(_("diarienummer"), max_length=100, blank=True)
    # The plan and its rows as decided (plans.text.plan_snapshot).
    snapshot = models.JSONField()
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = RestrictedManager["ActionPlanRevision"]()
    # The audit log names it as before the move (core.audit reads AUDIT_TYPE).
    AUDIT_TYPE = "interventions.actionplanrevision"

    class Meta:
        db_table = "interventions_actionplanrevision"
        ordering = ["plan", "version"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="plan_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.version}"


class Agreement(models.Model):
    """The collaboration agreement between the municipality and the local police area
    (*samverkansöverenskommelse*)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SIGNED = "signed", _("Undertecknad")
        ENDED = "ended", _("Avslutad")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("rubrik"), max_length=200)
    police_area = models.CharField(_("lokalpolisområde"), max_length=200)
    starts_on = models.DateField(_("gäller från"))
    ends_on = models.DateField(_("gäller till"))
    focus_problems = models.ManyToManyField(
        "problems.Problem", blank=True, related_name="agreements", verbose_name=_("fokusproblem")
    )
    focus_text = models.TextField(_("fokusproblem"), blank=True)
    probable_causes = models.TextField(_("troliga orsaker"), blank=True)
    goals = models.TextField(_("mätbara mål"), blank=True)
    documentation = models.TextField(_("dokumentation"), blank=True)
    follow_up = models.TextField(_("uppföljning"), blank=True)
    # [{"role": "Kommundirektör", "organisation": "Örebro kommun"}]: roles, not people.
    signatories = models.JSONField(_("undertecknare"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    signed_on = models.DateField(_("undertecknad"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = RestrictedManager["Agreement"]()
    # The audit log names it as before the move (core.audit reads AUDIT_TYPE).
    AUDIT_TYPE = "interventions.agreement"

    class Meta:
        db_table = "interventions_agreement"
        ordering = ["-starts_on", "-id"]
        verbose_name = _("samverkansöverenskommelse")
        verbose_name_plural = _("samverkansöverenskommelser")

    def __str__(self) -> str:
        return self.title


class CitizenPromise(models.Model):
    """A citizen promise (*medborgarlöfte*): the public part of an agreement, one year."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="promises")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("år"))
    title = models.CharField(_("rubrik"), max_length=200)
    slug = models.SlugField(_("adress"), max_length=80)
    # Shown on the public page: written for the public, checked for personal data.
    public_summary = models.TextField(_("text till allmänheten"), blank=True)
    is_published = models.BooleanField(_("publicerat"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = RestrictedManager["CitizenPromise"]()
    # The audit log names it as before the move (core.audit reads AUDIT_TYPE).
    AUDIT_TYPE = "interventions.citizenpromise"

    class Meta:
        db_table = "interventions_citizenpromise"
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="promise_slug_unique"),
        ]
        verbose_name = _("medborgarlöfte")
        verbose_name_plural = _("medborgarlöften")

    def __str__(self) -> str:
        return self.title


class Commitment(models.Model):
    """One party's commitment in a citizen promise, followed up through its interventions."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerat")
        IN_PROGRESS = "in_progress", _("Pågår")
        DONE = "done", _("Genomfört")
        NOT_DONE = "not_done", _("Inte genomfört")

    promise = models.ForeignKey(
        CitizenPromise, on_delete=models.CASCADE, related_name="commitments"
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("part")
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    text = models.TextField(_("åtagande"))
    interventions = models.ManyToManyField(
        Intervention, blank=True, related_name="commitments", verbose_name=_("insatser")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    # The public status line ("Tre trygghetsvandringar av fyra är gjorda"); no internal notes.
    public_status = models.CharField(_("status till allmänheten"), max_length=300, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = RestrictedManager["Commitment"]()
    # The audit log names it as before the move (core.audit reads AUDIT_TYPE).
    AUDIT_TYPE = "interventions.commitment"

    class Meta:
        db_table = "interventions_commitment"
        ordering = ["promise", "order", "id"]
        verbose_name = _("åtagande")
        verbose_name_plural = _("åtaganden")

    def __str__(self) -> str:
        return self.text[:60]
