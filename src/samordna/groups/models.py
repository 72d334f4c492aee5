"""Groups of municipalities with a joint picture (issue 19).

Municipalities that share a police area may form a group. The group's joint weekly and
tertial picture is built from each member's confirmed pictures only (groups.joint),
and a member counts only while its consent is in force: given by an admin of that
municipality, revocable at any time. Every step is kept: a revoked or declined row
stays as the record, and a new invitation makes a new row.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Municipality, User
from samordna.core.querysets import RestrictedManager, RestrictedQuerySet


class MunicipalityGroup(models.Model):
    """Municipalities that share a joint picture, e.g. those of one local police area."""

    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn"), unique=True)
    description = models.TextField(_("beskrivning"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = RestrictedManager["MunicipalityGroup"]()

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommungrupp")
        verbose_name_plural = _("kommungrupper")

    def __str__(self) -> str:
        return self.name


class GroupMemberQuerySet(RestrictedQuerySet["GroupMember"]):
    def open(self) -> GroupMemberQuerySet:
        """Invited or consenting: not revoked or declined."""
        return self.filter(revoked_at__isnull=True)

    def consenting(self) -> GroupMemberQuerySet:
        """The members whose consent is in force today, in an active municipality."""
        return self.filter(
            consent_given_at__isnull=False,
            revoked_at__isnull=True,
            municipality__is_active=True,
        )

    def pending(self) -> GroupMemberQuerySet:
        return self.filter(consent_given_at__isnull=True, revoked_at__isnull=True)


class GroupMemberManager(RestrictedManager["GroupMember"]):
    def get_queryset(self) -> GroupMemberQuerySet:
        return GroupMemberQuerySet(self.model, using=self._db)

    def open(self) -> GroupMemberQuerySet:
        return self.get_queryset().open()

    def consenting(self) -> GroupMemberQuerySet:
        return self.get_queryset().consenting()

    def pending(self) -> GroupMemberQuerySet:
        return self.get_queryset().pending()


class GroupMember(models.Model):
    """A municipality in a group: invited, consenting, or no longer (revoked or declined).

    Nothing of the municipality shows in the joint picture unless `consent_given_at` is
    set and `revoked_at` is not."""

    group = models.ForeignKey(MunicipalityGroup, on_delete=models.PROTECT, related_name="members")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    invited_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent_given_at = models.DateTimeField(_("samtycke givet"), null=True, blank=True)
    consent_given_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("återkallat"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = GroupMemberManager()

    class Meta:
        ordering = ["municipality__name", "-invited_at"]
        constraints = [
            # One open row per municipality and group; the closed ones are the history.
            models.UniqueConstraint(
                fields=["group", "municipality"],
                condition=Q(revoked_at__isnull=True),
                name="group_member_open_once",
            ),
        ]
        verbose_name = _("medlem i kommungrupp")
        verbose_name_plural = _("medlemmar i kommungrupper")

    def __str__(self) -> str:
        return f"{self.group_id}: {self.municipality_id}"

    @property
    def is_consenting(self) -> bool:
        return self.consent_given_at is not None and self.revoked_at is None

    @property
    def is_pending(self) -> bool:
        return self.consent_given_at is None and self.revoked_at is None
