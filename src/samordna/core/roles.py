"""Roles a membership can hold, and which roles may do what (one place, used everywhere)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REPORTER = "reporter", _("Rapportör")
    COORDINATOR = "coordinator", _("Samordnare")
    ANALYST = "analyst", _("Analytiker")
    PARTNER = "partner", _("Samverkanspart")
    MANAGEMENT = "management", _("Ledning")
    ADMIN = "admin", _("Kommunadministratör")


ALL_ROLES = frozenset(Role)
# Who may keep the municipality's areas and places.
GEOGRAPHY_EDITORS = frozenset({Role.COORDINATOR, Role.ADMIN})
# Who may manage organisations, memberships and read the audit log.
ADMINS = frozenset({Role.ADMIN})
