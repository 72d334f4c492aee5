"""The demo's group: Örebro and Lekeberg, which share the local police area, both
consenting. Lekeberg is the demo's second municipality (loaded by its own demo code):
without it there is no group. Idempotent: a second run changes nothing."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from samordna.core import audit
from samordna.core.models import Membership, Municipality, User
from samordna.core.roles import Role
from samordna.groups.models import GroupMember, MunicipalityGroup

NAME = "Lokalpolisområde Örebro"
SLUG = "lokalpolisomrade-orebro"
DESCRIPTION = (
    "Örebro och Lekeberg delar lokalpolisområde. Den gemensamma lägesbilden bygger på "
    "kommunernas fastställda lägesbilder (syntetiska demodata)."
)
MEMBER_CODES = ("1880", "1814")  # Örebro, Lekeberg


def load_demo_groups() -> int:
    """The group and its consenting members; the number of rows made (0 when there
    already is one, or when a member municipality is missing)."""
    municipalities = list(Municipality.objects.filter(code__in=MEMBER_CODES, is_active=True))
    if len(municipalities) < len(MEMBER_CODES):
        return 0
    made = 0
    with transaction.atomic():
        group = MunicipalityGroup.objects.filter(slug=SLUG).first()
        if group is None:
            group = MunicipalityGroup.objects.create(name=NAME, slug=SLUG, description=DESCRIPTION)
            audit.record(actor=None, action="group.create", target=group, changes={"demo": True})
            made += 1
        for municipality in sorted(municipalities, key=lambda m: m.code, reverse=True):
            if GroupMember.objects.open().filter(group=group, municipality=municipality).exists():
                continue
            admin = _admin(municipality)
            member = GroupMember.objects.create(
                group=group,
                municipality=municipality,
                invited_by=admin,
                consent_given_at=timezone.now(),
                consent_given_by=admin,
            )
            audit.record(actor=None, action="group.consent", target=member, changes={"demo": True})
            made += 1
    return made


def _admin(municipality: Municipality) -> User | None:
    membership = (
        Membership.objects.in_force()
        .filter(municipality=municipality, role=Role.ADMIN)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership is not None else None
