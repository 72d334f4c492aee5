"""Writes of municipality groups: propose a group, invite, consent, decline, revoke.

Each service checks that the actor is an admin of the municipality it acts for,
validates everything before it writes (Swedish messages, nothing half saved) and writes
its audit event in the same transaction, in the log of the municipality that acted.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from samordna.core import audit
from samordna.core.models import Municipality, User
from samordna.groups.models import GroupMember, MunicipalityGroup
from samordna.groups.policies import require_admin

NOT_ADMIN = "Bara kommunens administratör kan göra det här för kommunen."
NO_CONSENT = "Kryssa i att kommunen samtycker. Utan samtycke visas ingenting av kommunen."


def group_create(
    *,
    actor: User,
    municipality: Municipality,
    name: str,
    description: str = "",
    consent: bool,
) -> MunicipalityGroup:
    """Propose a group: the proposing municipality is its first member, consenting."""
    require_admin(actor, municipality.pk, NOT_ADMIN)
    name, description = name.strip(), description.strip()
    errors = {}
    if not name:
        errors["name"] = "Ge gruppen ett namn, t.ex. lokalpolisområdets."
    if not consent:
        errors["consent"] = NO_CONSENT
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        group = MunicipalityGroup.objects.create(
            name=name[:200],
            slug=_free_slug(name),
            description=description[:2000],
            created_by=actor,
        )
        GroupMember.objects.create(
            group=group,
            municipality=municipality,
            invited_by=actor,
            consent_given_at=timezone.now(),
            consent_given_by=actor,
        )
        audit.record(
            actor=actor,
            action="group.create",
            target=group,
            municipality=municipality,
            changes={"name": group.name, "consent": True},
        )
    return group


def _free_slug(name: str) -> str:
    base = slugify(name)[:40] or "grupp"
    if base == "ny":  # the address of the page that proposes a group
        base = "ny-grupp"
    slug, n = base, 1
    while MunicipalityGroup.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def member_invite(
    *, actor: User, group: MunicipalityGroup, inviting: Municipality, invited: Municipality
) -> GroupMember:
    """An admin of a consenting member invites another municipality. Nothing of the
    invited municipality shows until its own admin consents."""
    require_admin(actor, inviting.pk, NOT_ADMIN)
    if not GroupMember.objects.consenting().filter(group=group, municipality=inviting).exists():
        raise ValidationError("Bara en kommun som själv samtycker kan bjuda in andra.")
    if not invited.is_active:
        raise ValidationError({"municipality": "Kommunen är inte aktiv i Samordna."})
    if GroupMember.objects.open().filter(group=group, municipality=invited).exists():
        raise ValidationError({"municipality": f"{invited.name} är redan med eller inbjuden."})
    try:
        with transaction.atomic():
            member = GroupMember.objects.create(group=group, municipality=invited, invited_by=actor)
            audit.record(
                actor=actor,
                action="group.invite",
                target=member,
                municipality=inviting,
                changes={"group": group.name, "invited": invited.name},
            )
    except IntegrityError as exc:  # invited by somebody else at the same moment
        raise ValidationError({"municipality": f"{invited.name} är redan inbjuden."}) from exc
    return member


def member_consent(*, actor: User, member: GroupMember, confirm: bool) -> GroupMember:
    """The invited municipality's admin consents: from now on its confirmed pictures
    are part of the joint picture."""
    require_admin(actor, member.municipality_id, NOT_ADMIN)
    if not confirm:
        raise ValidationError({"confirm": NO_CONSENT})
    with transaction.atomic():
        member = _locked(member)
        if not member.is_pending:
            raise ValidationError("Inbjudan gäller inte längre, eller samtycket är redan givet.")
        member.consent_given_at, member.consent_given_by = timezone.now(), actor
        member.save(update_fields=["consent_given_at", "consent_given_by"])
        audit.record(
            actor=actor,
            action="group.consent",
            target=member,
            changes={"group": member.group.name},
        )
    return member


def member_revoke(*, actor: User, member: GroupMember, confirm: bool) -> GroupMember:
    """Revoke the consent (or decline the invitation). It takes effect at once: the
    municipality leaves the joint picture. The row stays as the record."""
    require_admin(actor, member.municipality_id, NOT_ADMIN)
    if not confirm:
        raise ValidationError({"confirm": "Kryssa i att du är säker."})
    with transaction.atomic():
        member = _locked(member)
        if member.revoked_at is not None:
            raise ValidationError("Samtycket är redan återkallat.")
        declined = member.consent_given_at is None
        member.revoked_at, member.revoked_by = timezone.now(), actor
        member.save(update_fields=["revoked_at", "revoked_by"])
        audit.record(
            actor=actor,
            action="group.decline" if declined else "group.revoke",
            target=member,
            changes={"group": member.group.name},
        )
    return member


def _locked(member: GroupMember) -> GroupMember:
    return (
        GroupMember.objects.select_for_update(of=("self",))
        .select_related("group", "municipality")
        .get(pk=member.pk)
    )
