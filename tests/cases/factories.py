"""A TSI programme in municipality A with one case shared with A1 by both guardians.

The world's TSI users: participant own_org (A1, on the team, covered by consent),
participant other_org (A2, on the team, NOT covered), coordinator own_org (A1,
coordinates the programme), leadership own_org (A1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from samordna.cases import services
from samordna.cases.models import Case, Consent, Guardian, Programme
from samordna.cases.responsibility import need_add, need_bounce, need_propose

CHILD_NAME = "Tindra Fiktivsson"
# Skatteverket's well-known test number ("Tolvan"): valid check digit, nobody's own.
PERSONAL_NUMBER = "19121212-1212"
GUARDIAN_NAMES = ("Maja Fiktivsson", "Olle Fiktivsson")
GUARDIAN_CONTACT = "070-000 00 01, maja@example.invalid"
SECRET_NOTE = "Behöver stöd med läxor och fritid (fiktivt)"


@dataclass
class Tsi:
    programme: Programme
    case: Case
    guardians: list[Guardian]
    consents: list[Consent]


def verified_login(client, user) -> None:
    """Sign in with a confirmed TOTP device, as after entering a one-time code."""
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


def build_tsi(world, *, consent_from: int = 2) -> Tsi:
    coordinator = world.user("tsi_coordinator")
    programme = services.programme_create(
        actor=None,
        municipality=world.a,
        kind="tsi",
        name="TSI Alfagården",
        prefix="AG",
        area=world.area_a,
        legal_bases=["consent", "osl_10_15a"],
    )
    services.programme_member_add(
        actor=None,
        programme=programme,
        user=coordinator,
        organisation=world.a1,
        part="coordinator",
    )
    for relation, organisation in (("own_org", world.a1), ("other_org", world.a2)):
        services.programme_member_add(
            actor=None,
            programme=programme,
            user=world.user("tsi_participant", relation),
            organisation=organisation,
            part="participant",
        )
    case = services.case_open(
        actor=None,
        programme=programme,
        name=CHILD_NAME,
        personal_number=PERSONAL_NUMBER,
        birth_year=timezone.localdate().year - 11,
        school_unit="Alfaskolan",
    )
    for relation, organisation in (("own_org", world.a1), ("other_org", world.a2)):
        services.case_team_add(
            actor=None,
            case=case,
            user=world.user("tsi_participant", relation),
            organisation=organisation,
        )
    guardians = [
        services.guardian_add(actor=None, case=case, name=name, contact=GUARDIAN_CONTACT)
        for name in GUARDIAN_NAMES
    ]
    consents = [
        give_consent(coordinator, case, guardian, [world.a1])
        for guardian in guardians[:consent_from]
    ]
    return Tsi(programme=programme, case=case, guardians=guardians, consents=consents)


def give_consent(actor, case, guardian, organisations, *, kinds=("case", "identity"), days=180):
    today = timezone.localdate()
    return services.consent_record(
        actor=actor,
        case=case,
        guardian=guardian,
        organisations=organisations,
        kinds=kinds,
        purpose="Samordnat stöd i skola och fritid",
        valid_from=today - timedelta(days=1),
        valid_to=today + timedelta(days=days),
        child_view="Barnet vill ha hjälp med läxor.",
    )


NEED_TEXTS = ("Läxhjälp efter skolan (fiktivt)", "Följe till fritidsgården (fiktivt)")


def build_needs(world, tsi: Tsi) -> dict[str, Any]:
    """Three needs on the case: one proposed to A1, one handed back once by A1 (open),
    one handed back twice (escalated to the leadership group)."""
    participant = world.user("tsi_participant")
    proposed = need_add(
        actor=None, case=tsi.case, domain="school", description=NEED_TEXTS[0], owner=world.a1
    )
    bounced = need_add(
        actor=None, case=tsi.case, domain="leisure", description=NEED_TEXTS[1], owner=world.a1
    )
    need_bounce(actor=participant, need=bounced, organisation=world.a1, reason="Inte vårt")
    escalated = need_add(
        actor=None, case=tsi.case, domain="family", description="Föräldrastöd", owner=world.a1
    )
    for reason in ("Inte vårt", "Fortfarande inte vårt"):
        if escalated.status == "open":
            need_propose(actor=None, need=escalated, owner=world.a1)
        need_bounce(actor=participant, need=escalated, organisation=world.a1, reason=reason)
    return {"proposed": proposed, "bounced": bounced, "escalated": escalated}
