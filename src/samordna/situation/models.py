"""Situation pictures and their distribution.

A picture is live (compiled on request) while it is a draft or proposed. Confirming
(*fastställa*) freezes it: the compiled document, with the list of included
observations, is stored with a SHA-256 content hash, and later edits of observations
never change it. A correction makes a new version with a reason; the old one stays.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Municipality, Organisation, User
from samordna.core.querysets import RestrictedManager


class SituationPicture(models.Model):
    """One version of a municipality's picture of one period (week, tertial or year)."""

    class Kind(models.TextChoices):
        WEEK = "week", _("Vecka")
        TERTIAL = "tertial", _("Tertial")
        YEAR = "year", _("År")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        PROPOSED = "proposed", _("Förslag")
        CONFIRMED = "confirmed", _("Fastställd")
        DISTRIBUTED = "distributed", _("Distribuerad")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("slag"), max_length=8, choices=Kind.choices)
    period_key = models.CharField(_("period"), max_length=8)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    summary = models.TextField(_("sammanfattning"), blank=True)
    correction_of = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrected_by"
    )
    correction_reason = models.TextField(_("skäl till rättelsen"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    proposed_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(_("fastställd"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    distributed_at = models.DateTimeField(_("distribuerad"), null=True, blank=True)
    # The compiled document at confirmation (docs/situation-format.md) and its hash.
    snapshot = models.JSONField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)

    objects = RestrictedManager["SituationPicture"]()

    class Meta:
        ordering = ["-period_key", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "period_key", "version"], name="picture_version_unique"
            ),
        ]
        verbose_name = _("lägesbild")
        verbose_name_plural = _("lägesbilder")

    def __str__(self) -> str:
        return f"{self.period_key} v{self.version}"

    @property
    def is_frozen(self) -> bool:
        return self.snapshot is not None

    @property
    def is_superseded(self) -> bool:
        return hasattr(self, "corrected_by")


class Recipient(models.Model):
    """Someone on a municipality's distribution list: a user, or an organisation's address."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(_("e-post"), blank=True)
    attach_pdf = models.BooleanField(_("bifoga PDF"), default=False)
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = RestrictedManager["Recipient"]()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(organisation__isnull=False),
                name="recipient_user_or_organisation",
            ),
            models.UniqueConstraint(
                fields=["municipality", "user"],
                condition=models.Q(user__isnull=False),
                name="recipient_user_once",
            ),
            models.UniqueConstraint(
                fields=["municipality", "organisation", "email"],
                condition=models.Q(user__isnull=True),
                name="recipient_organisation_address_once",
            ),
        ]
        verbose_name = _("mottagare")
        verbose_name_plural = _("mottagare")

    def __str__(self) -> str:
        return str(self.user or self.organisation)

    @property
    def address(self) -> str:
        return self.user.email if self.user else self.email


class Delivery(models.Model):
    """One picture to one recipient: in-app always, by e-mail when there is an address.

    A failed e-mail is kept with its error and retried (`samordna deliver_pictures`);
    it is shown on the picture's page, never dropped silently.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar")
        SENT = "sent", _("Skickad")
        FAILED = "failed", _("Misslyckades")

    picture = models.ForeignKey(
        SituationPicture, on_delete=models.PROTECT, related_name="deliveries"
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="deliveries")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(_("läst"), null=True, blank=True)

    objects = RestrictedManager["Delivery"]()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["picture", "recipient"], name="delivery_once_per_recipient"
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.picture} -> {self.recipient}"


class Reminder(models.Model):
    """A reporter was reminded that their organisation has not reported for a week.

    Kept so that `samordna compile_pictures` reminds each person once per week, however
    often it runs.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    week_key = models.CharField(max_length=8)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "user", "week_key"], name="reminder_once_per_week"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.week_key}"
