"""Writes of the county app, each audited in its own transaction: sharing with the
county starts and stops, and the coordination function is named."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from samordna.core import audit
from samordna.core.models import Municipality, User
from samordna.core.roles import ADMINS
from samordna.county.models import CoordinationFunction, CountySharing
from samordna.county.policies import COORDINATION_EDITORS, require_role
from samordna.interventions.text import text_problems

DESCRIPTION_MAX = 300


def active_sharing(municipality: Municipality) -> CountySharing | None:
    return CountySharing.objects.filter(municipality=municipality, revoked_at__isnull=True).first()


def _check(actor: User | None, municipality_id: int, roles: frozenset[str], message: str) -> None:
    """`actor` None is the system (the demo); anyone else needs one of `roles`."""
    if actor is not None:
        require_role(actor, municipality_id, roles, message)


def sharing_start(*, actor: User | None, municipality: Municipality) -> CountySharing:
    """The municipality starts sharing its aggregates and compliance with its county."""
    _check(actor, municipality.pk, ADMINS, "Bara kommunens administratörer beslutar om delning.")
    with transaction.atomic():
        Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
        if active_sharing(municipality) is not None:
            raise ValidationError("Kommunen delar redan med länsstyrelsen.")
        sharing = CountySharing.objects.create(municipality=municipality, shared_by=actor)
        audit.record(
            actor=actor,
            action="county.share",
            target=sharing,
            changes={"county": municipality.code[:2]},
        )
    return sharing


def sharing_stop(*, actor: User | None, municipality: Municipality) -> CountySharing:
    """The municipality stops sharing: the county sees nothing of it from now on."""
    _check(actor, municipality.pk, ADMINS, "Bara kommunens administratörer beslutar om delning.")
    with transaction.atomic():
        Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
        sharing = active_sharing(municipality)
        if sharing is None:
            raise ValidationError("Kommunen delar inte med länsstyrelsen.")
        sharing.revoked_at, sharing.revoked_by = timezone.now(), actor
        sharing.save(update_fields=["revoked_at", "revoked_by"])
        audit.record(
            actor=actor,
            action="county.unshare",
            target=sharing,
            changes={"county": municipality.code[:2]},
        )
    return sharing


def coordination_set(
    *,
    actor: User | None,
    municipality: Municipality,
    description: str,
    appointed_on: date | None,
) -> CoordinationFunction:
    """Name the coordination function (a function or role, never a person's name)."""
    _check(
        actor,
        municipality.pk,
        COORDINATION_EDITORS,
        "Bara samordnare och administratörer anger samordningsfunktionen.",
    )
    description = description.strip()
    problems = text_problems({"description": description}, limit=DESCRIPTION_MAX)
    if not description:
        problems["description"] = "Skriv vilken funktion som har uppdraget och var den finns."
    if appointed_on is not None and appointed_on > timezone.localdate():
        problems["appointed_on"] = "Datumet kan inte ligga i framtiden."
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        function, created = CoordinationFunction.objects.select_for_update().get_or_create(
            municipality=municipality,
            defaults={
                "description": description,
                "appointed_on": appointed_on,
                "updated_by": actor,
            },
        )
        if not created:
            function.description, function.appointed_on = description, appointed_on
            function.updated_at, function.updated_by = timezone.now(), actor
            function.save()
        audit.record(
            actor=actor,
            action="county.coordination_set",
            target=function,
            changes={"description": description, "appointed_on": str(appointed_on or "")},
        )
    return function
