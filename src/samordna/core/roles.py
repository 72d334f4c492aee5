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
    # TSI (the cases app): walled off from everything above, see docs/cases.md.
    TSI_PARTICIPANT = "tsi_participant", _("TSI-deltagare")
    TSI_COORDINATOR = "tsi_coordinator", _("TSI-samordnare")
    LEADERSHIP = "leadership", _("Ledningsgrupp (TSI)")


ALL_ROLES = frozenset(Role)
# The TSI roles: they always need a second factor (whatever the municipality chose)
# and get a shorter idle timeout (SAMORDNA_CASES_IDLE_MINUTES).
TSI_ROLES = frozenset({Role.TSI_PARTICIPANT, Role.TSI_COORDINATOR, Role.LEADERSHIP})
# The EST work (reporting, pictures, meetings, interventions, surveys): every other role.
EST_ROLES = ALL_ROLES - TSI_ROLES
# Who may keep the municipality's areas and places.
GEOGRAPHY_EDITORS = frozenset({Role.COORDINATOR, Role.ADMIN})
# Who may manage organisations, memberships and read the audit log.
ADMINS = frozenset({Role.ADMIN})
