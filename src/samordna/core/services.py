"""Writes to tenancy, people and geography. Each validates, saves and audits in one
transaction; a failure leaves nothing behind.

Permission checks belong to the caller's entry point (view, API, CLI) through the
policies; services trust their arguments but never their users' text.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from samordna.core import audit
from samordna.core.geo import AreaGeometry, fingerprint
from samordna.core.locate import locate_areas
from samordna.core.models import (
    Area,
    Membership,
    Municipality,
    Organisation,
    ParentOrganisation,
    Place,
    User,
)
from samordna.core.roles import Role


def municipality_create(
    *, actor: User | None, name: str, slug: str, code: str, is_demo: bool = False
) -> Municipality:
    with transaction.atomic():
        municipality = Municipality(name=name, slug=slug, code=code, is_demo=is_demo)
        municipality.full_clean()
        municipality.save()
        audit.record(
            actor=actor,
            action="municipality.create",
            target=municipality,
            changes={"name": name, "slug": slug, "code": code},
        )
    return municipality


def municipality_set_active(
    *, actor: User | None, municipality: Municipality, is_active: bool, reason: str
) -> Municipality:
    """Deactivate (or reactivate) a municipality: its data stay, its users are shut out
    (no membership in it is in force, `Membership.objects.in_force()`). The reason is
    required and kept in the log."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Ange varför."})
    if municipality.is_active == is_active:
        return municipality
    with transaction.atomic():
        municipality.is_active = is_active
        municipality.save(update_fields=["is_active"])
        audit.record(
            actor=actor,
            action="municipality.activate" if is_active else "municipality.deactivate",
            target=municipality,
            changes={"is_active": [not is_active, is_active], "reason": reason},
        )
    return municipality


def municipality_set_otp_roles(
    *, actor: User | None, municipality: Municipality, roles: list[str]
) -> Municipality:
    unknown = sorted(set(roles) - set(Role.values))
    if unknown:
        raise ValidationError({"otp_required_roles": f"Okända roller: {', '.join(unknown)}."})
    with transaction.atomic():
        before = list(municipality.otp_required_roles)
        municipality.otp_required_roles = sorted(set(roles))
        municipality.save(update_fields=["otp_required_roles"])
        audit.record(
            actor=actor,
            action="municipality.otp_roles",
            target=municipality,
            changes={"otp_required_roles": [before, municipality.otp_required_roles]},
        )
    return municipality


def organisation_create(
    *,
    actor: User | None,
    municipality: Municipality,
    name: str,
    slug: str,
    kind: str,
    parent: ParentOrganisation | None = None,
) -> Organisation:
    with transaction.atomic():
        organisation = Organisation(
            municipality=municipality, name=name, slug=slug, kind=kind, parent=parent
        )
        organisation.full_clean()
        organisation.save()
        changes: dict[str, Any] = {"name": name, "slug": slug, "kind": kind}
        if parent is not None:
            changes["parent"] = parent.slug
        audit.record(
            actor=actor, action="organisation.create", target=organisation, changes=changes
        )
    return organisation


def parent_organisation_create(*, actor: User | None, name: str, kind: str) -> ParentOrganisation:
    """An organisation that works in several municipalities; its branches link to it."""
    base = slugify(name)[:45] or "organisation"
    taken = set(
        ParentOrganisation.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug = next(s for s in (base, *(f"{base}-{n}" for n in range(2, 1000))) if s not in taken)
    with transaction.atomic():
        parent = ParentOrganisation(name=name, slug=slug, kind=kind)
        parent.full_clean()
        parent.save()
        audit.record(
            actor=actor,
            action="parent_organisation.create",
            target=parent,
            changes={"name": name, "slug": slug, "kind": kind},
        )
    return parent


def organisation_add(
    *,
    actor: User | None,
    municipality: Municipality,
    name: str,
    kind: str,
    parent: ParentOrganisation | None = None,
) -> Organisation:
    """Create an organisation with a short name derived from its name, unique in the tenant."""
    base = slugify(name)[:45] or "organisation"
    taken = set(
        Organisation.objects.filter(municipality=municipality, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    slug = next(s for s in (base, *(f"{base}-{n}" for n in range(2, 1000))) if s not in taken)
    return organisation_create(
        actor=actor, municipality=municipality, name=name, slug=slug, kind=kind, parent=parent
    )


def organisation_update(
    *, actor: User | None, organisation: Organisation, **fields: Any
) -> Organisation:
    allowed = {"name", "kind", "is_active"}
    if set(fields) - allowed:
        raise ValueError(f"Cannot change {sorted(set(fields) - allowed)}")
    with transaction.atomic():
        before = {k: getattr(organisation, k) for k in fields}
        for key, value in fields.items():
            setattr(organisation, key, value)
        organisation.full_clean()
        organisation.save(update_fields=list(fields))
        audit.record(
            actor=actor,
            action="organisation.update",
            target=organisation,
            changes=audit.diff(before, fields),
        )
    return organisation


def user_create(
    *,
    actor: User | None,
    username: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    municipality: Municipality | None = None,
) -> User:
    with transaction.atomic():
        user = User(username=username, email=email, first_name=first_name, last_name=last_name)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        audit.record(
            actor=actor,
            action="user.create",
            target=user,
            municipality=municipality,
            changes={"username": username},
        )
    return user


def user_deactivate(*, actor: User | None, user: User, municipality: Municipality) -> User:
    """Deactivation ends every session at once (auth refuses inactive users)."""
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit.record(
            actor=actor,
            action="user.deactivate",
            target=user,
            municipality=municipality,
            changes={"is_active": [True, False]},
        )
    return user


def membership_create(
    *, actor: User | None, user: User, organisation: Organisation, role: str
) -> Membership:
    with transaction.atomic():
        membership = Membership(
            user=user,
            organisation=organisation,
            municipality_id=organisation.municipality_id,
            role=role,
        )
        membership.full_clean()
        membership.save()
        audit.record(
            actor=actor,
            action="membership.create",
            target=membership,
            organisation=organisation,
            changes={"user": user.get_username(), "role": role},
        )
    return membership


def membership_set_active(
    *, actor: User | None, membership: Membership, is_active: bool
) -> Membership:
    with transaction.atomic():
        before = membership.is_active
        membership.is_active = is_active
        membership.save(update_fields=["is_active"])
        audit.record(
            actor=actor,
            action="membership.activate" if is_active else "membership.deactivate",
            target=membership,
            organisation=membership.organisation,
            changes={"is_active": [before, is_active]},
        )
    return membership


def area_create(
    *,
    actor: User | None,
    municipality: Municipality,
    name: str,
    kind: str,
    geometry: AreaGeometry,
    code: str = "",
    vintage: str = "",
) -> Area:
    with transaction.atomic():
        area = Area(
            municipality=municipality,
            name=name,
            kind=kind,
            code=code,
            vintage=vintage,
            geometry=geometry.wgs84,
            geometry_sweref=geometry.sweref,
            area_m2=geometry.area_m2,
        )
        area.full_clean()
        area.save()
        audit.record(
            actor=actor,
            action="area.create",
            target=area,
            changes={"name": name, "kind": kind, "code": code, "vintage": vintage},
        )
    return area


def place_create(
    *,
    actor: User | None,
    municipality: Municipality,
    name: str,
    kind: str,
    longitude: float,
    latitude: float,
    managing_organisation: Organisation | None = None,
) -> Place:
    if managing_organisation and managing_organisation.municipality_id != municipality.pk:
        raise ValidationError({"managing_organisation": "Organisationen hör till en annan kommun."})
    [area] = locate_areas(municipality.pk, [longitude], [latitude])
    with transaction.atomic():
        place = Place(
            municipality=municipality,
            name=name,
            kind=kind,
            longitude=longitude,
            latitude=latitude,
            managing_organisation=managing_organisation,
            area=area,
        )
        place.full_clean()
        place.save()
        audit.record(
            actor=actor,
            action="place.create",
            target=place,
            changes={"name": name, "kind": kind, "longitude": longitude, "latitude": latitude},
        )
    return place


def area_update_geometry(
    *, actor: User | None, area: Area, geometry: AreaGeometry, code: str | None = None
) -> Area:
    """Replace an area's borders (and code, when given). Identical input writes nothing."""
    new_code = area.code if code is None else code
    unchanged = (
        area.geometry == geometry.wgs84
        and area.geometry_sweref == geometry.sweref
        and area.code == new_code
    )
    if unchanged:
        return area
    with transaction.atomic():
        # Borders can run to thousands of vertices: the log keeps a fingerprint of each
        # version, enough to tell which one was in force, not every coordinate.
        before = {
            "area_m2": area.area_m2,
            "code": area.code,
            "geometry": fingerprint(area.geometry),
        }
        after = {
            "area_m2": geometry.area_m2,
            "code": new_code,
            "geometry": fingerprint(geometry.wgs84),
        }
        area.geometry = geometry.wgs84
        area.geometry_sweref = geometry.sweref
        area.area_m2 = geometry.area_m2
        area.code = new_code
        area.full_clean()
        area.save(update_fields=["geometry", "geometry_sweref", "area_m2", "code"])
        audit.record(
            actor=actor,
            action="area.update_geometry",
            target=area,
            changes=audit.diff(before, after),
        )
    return area


def user_invite(
    *,
    actor: User | None,
    organisation: Organisation,
    role: str,
    username: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Create a user with a first membership and mail them a link to choose a password.

    The user gets no password of ours: the link is the only way in, so no password
    ever travels by mail or through the admin's hands.
    """
    from samordna.core.invitations import send_invitation

    with transaction.atomic():
        user = user_create(
            actor=actor,
            username=username,
            email=email,
            first_name=first_name,
            last_name=last_name,
            municipality=organisation.municipality,
        )
        membership_create(actor=actor, user=user, organisation=organisation, role=role)
        transaction.on_commit(lambda: send_invitation(user))
    return user


def user_set_feedback_email(*, actor: User, user: User, enabled: bool) -> User:
    """Whether `user` gets the weekly e-mail digest of feedback on their reports.

    Only the person themselves sets it (the account page); the change is audited so it
    can be shown later why somebody got, or did not get, the mail.
    """
    if user.feedback_email == enabled:
        return user
    with transaction.atomic():
        user.feedback_email = enabled
        user.save(update_fields=["feedback_email"])
        audit.record(
            actor=actor,
            action="user.feedback_email",
            target=user,
            changes={"feedback_email": [not enabled, enabled]},
        )
    return user


def user_set_operator(*, actor: User | None, user: User, is_operator: bool) -> User:
    """Make `user` the installation's operator (or no longer): above every municipality's
    admin, always with a second factor (core.middleware)."""
    if user.is_operator == is_operator:
        return user
    with transaction.atomic():
        user.is_operator = is_operator
        user.save(update_fields=["is_operator"])
        audit.record(
            actor=actor,
            action="user.operator",
            target=user,
            changes={"is_operator": [not is_operator, is_operator]},
        )
    return user
