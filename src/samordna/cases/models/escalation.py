"""Questions lifted to the leadership group, and the register of where the gaps are.

An `Escalation` never names a child: it holds the need's domain, the organisations
the question went between, and the leadership group's decision. The decided ones
form the register of responsibility boundaries ("var glappen finns") that the
coordinator sees when proposing an owner. It survives the case's erasure.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.cases.models.case import Domain, Need, Programme
from samordna.core.models import Municipality, Organisation, User
from samordna.core.querysets import RestrictedManager


class Escalation(models.Model):
    """One need lifted to the leadership group (bounced twice, or too long without owner)."""

    class Cause(models.TextChoices):
        BOUNCES = "bounces", _("Lämnats tillbaka två gånger")
        DAYS = "days", _("För länge utan ägare")

    class Outcome(models.TextChoices):
        OWNER = "owner", _("En organisation tar frågan")
        SHARED = "shared", _("Delat ansvar")
        RULE = "rule", _("Stående regel för gränsen")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="escalations")
    domain = models.CharField(_("område"), max_length=20, choices=Domain.choices)
    # The organisations the question went between: the boundary.
    boundary = models.ManyToManyField(Organisation, related_name="+", verbose_name=_("gränsen"))
    cause = models.CharField(_("orsak"), max_length=10, choices=Cause.choices)
    escalated_at = models.DateTimeField(_("lyft"), default=timezone.now)
    outcome = models.CharField(_("beslut"), max_length=10, choices=Outcome.choices, blank=True)
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    shared_with: models.ManyToManyField[Organisation, Any] = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("delar ansvaret")
    )
    # About organisations, never a child: the form says so, and the register is read
    # by everyone who proposes owners.
    rule = models.TextField(_("regel för gränsen"), blank=True)
    decided_at = models.DateTimeField(_("beslutat"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = RestrictedManager["Escalation"]()

    class Meta:
        ordering = ["escalated_at", "id"]
        verbose_name = _("lyft fråga")
        verbose_name_plural = _("lyfta frågor")

    def __str__(self) -> str:
        return f"{self.get_domain_display()} {self.escalated_at:%Y-%m-%d}"
