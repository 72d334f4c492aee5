"""The tertial analysis (*tertialanalys*): the analysis group's work on one tertial or year,
and the problems it chose for root-cause analysis.

The tables keep the names they had when these models lived in `problems` (`db_table`):
the move changed no row (migrations tertial 0001, problems 0002).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Municipality, User
from samordna.core.querysets import RestrictedManager
from samordna.problems.models import Problem


class TertialAnalysis(models.Model):
    """The analysis group's work on one tertial or year (*tertialanalys*).

    Built on that period's situation picture; records which problems were chosen for
    root-cause analysis and why, and which sources were used and left out.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Pågår")
        DONE = "done", _("Klar")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    period_key = models.CharField(_("period"), max_length=8)
    picture = models.ForeignKey(
        "situation.SituationPicture",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lägesbild"),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("möte"),
    )
    conclusions = models.TextField(_("slutsatser"), blank=True)
    sources_used = models.TextField(_("källor som använts"), blank=True)
    sources_left_out = models.TextField(_("källor som inte använts, och varför"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = RestrictedManager["TertialAnalysis"]()
    # The audit log names it as before the move (core.audit reads AUDIT_TYPE).
    AUDIT_TYPE = "problems.tertialanalysis"

    class Meta:
        db_table = "problems_tertialanalysis"
        ordering = ["-period_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "period_key"], name="tertial_analysis_once"
            ),
        ]
        verbose_name = _("tertialanalys")
        verbose_name_plural = _("tertialanalyser")

    def __str__(self) -> str:
        return self.period_key


class TertialSelection(models.Model):
    """A problem the tertial analysis chose for root-cause analysis, with the reason."""

    analysis = models.ForeignKey(
        TertialAnalysis, on_delete=models.CASCADE, related_name="selections"
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    problem = models.ForeignKey(Problem, on_delete=models.PROTECT, related_name="selections")
    justification = models.TextField(_("motivering"))
    selected_at = models.DateTimeField(default=timezone.now)
    selected_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = RestrictedManager["TertialSelection"]()
    # The audit log names it as before the move (core.audit reads AUDIT_TYPE).
    AUDIT_TYPE = "problems.tertialselection"

    class Meta:
        db_table = "problems_tertialselection"
        ordering = ["selected_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["analysis", "problem"], name="selection_once"),
        ]

    def __str__(self) -> str:
        return f"{self.analysis_id}: {self.problem_id}"
