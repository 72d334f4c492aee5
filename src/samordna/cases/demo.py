"""The demo's TSI part: "TSI Baronbackarna" with a few clearly fictional cases.

Run after the demo municipality exists (`samordna load_demo`, then
`samordna load_demo_cases`). Idempotent: users and memberships are looked up before
they are created, and the cases are loaded once, with the programme. Every name is
invented and marked fictional; the personal identity numbers are not valid ones.
TSI roles always need a second factor: each demo user enrols an authenticator app
at the first sign-in, like any TOTP user.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from samordna.cases import services, work
from samordna.cases.models import Case, Consent, MeetingCase, Programme
from samordna.cases.responsibility import need_accept, need_add, need_bounce, need_propose
from samordna.core import services as core_services
from samordna.core.demo import cast
from samordna.core.models import Area, Membership, Municipality, Organisation, User

HEALTH = "vardcentralen-baronbackarna"
PROGRAMME_PREFIX = "BB"


@dataclass(frozen=True)
class DemoTsiUser:
    username: str
    first_name: str
    organisation: str
    role: str
    part: str


USERS = (
    DemoTsiUser("tsi-samordnare", "TSI-samordnare", cast.SOCIAL, "tsi_coordinator", "coordinator"),
    DemoTsiUser("tsi-skola", "Mentor", cast.SKOLA, "tsi_participant", "participant"),
    DemoTsiUser("tsi-fritid", "Fritidsledare", cast.FRITID, "tsi_participant", "participant"),
    DemoTsiUser("tsi-social", "Socialsekreterare", cast.SOCIAL, "tsi_participant", "participant"),
    DemoTsiUser("tsi-vard", "Skolsköterska", HEALTH, "tsi_participant", "participant"),
    DemoTsiUser("tsi-polis", "Områdespolis", cast.POLISEN, "tsi_participant", "participant"),
    DemoTsiUser("tsi-ledning", "Enhetschef", cast.TRYGGHET, "leadership", "leadership"),
)


def load_demo_cases() -> dict[str, int]:
    """Load the TSI demo into the demo municipality; returns what was created."""
    municipality = Municipality.objects.filter(slug=cast.MUNICIPALITY_SLUG, is_demo=True).first()
    if municipality is None:
        raise ValueError("Demokommunen saknas: kör ”samordna load_demo” först.")
    created = {"användare": 0, "ärenden": 0}
    with transaction.atomic():
        organisations = _organisations(municipality)
        users = _users(municipality, organisations, created)
        programme = Programme.objects.filter(
            municipality=municipality, prefix=PROGRAMME_PREFIX
        ).first()
        if programme is None:
            programme = _programme(municipality, organisations, users)
            created["ärenden"] = _cases(programme, organisations, users)
    return created


def _organisations(municipality: Municipality) -> dict[str, Organisation]:
    existing = {o.slug: o for o in Organisation.objects.filter(municipality=municipality)}
    if HEALTH not in existing:
        existing[HEALTH] = core_services.organisation_create(
            actor=None,
            municipality=municipality,
            name="Vårdcentralen Baronbackarna (fiktiv)",
            slug=HEALTH,
            kind="region",
        )
    return existing


def _users(
    municipality: Municipality, organisations: dict[str, Organisation], created: dict[str, int]
) -> dict[str, User]:
    users = {}
    for demo in USERS:
        user = User.objects.filter(username=demo.username).first()
        if user is None:
            user = core_services.user_create(
                actor=None,
                username=demo.username,
                email=f"{demo.username}@{cast.EMAIL_DOMAIN}",
                first_name=demo.first_name,
                last_name="Demo",
                password=cast.DEMO_PASSWORD,
                municipality=municipality,
            )
            created["användare"] += 1
        elif user.email != f"{demo.username}@{cast.EMAIL_DOMAIN}":
            continue  # somebody's own account with a demo name: never give it TSI roles
        organisation = organisations[demo.organisation]
        if not Membership.objects.filter(
            user=user, organisation=organisation, role=demo.role
        ).exists():
            core_services.membership_create(
                actor=None, user=user, organisation=organisation, role=demo.role
            )
        users[demo.username] = user
    return users


def _programme(
    municipality: Municipality, organisations: dict[str, Organisation], users: dict[str, User]
) -> Programme:
    area = Area.objects.filter(municipality=municipality, name="Baronbackarna").first()
    programme = services.programme_create(
        actor=None,
        municipality=municipality,
        kind="tsi",
        name="TSI Baronbackarna",
        prefix=PROGRAMME_PREFIX,
        area=area,
        legal_bases=["consent", "osl_10_15a", "osl_10_18a"],
    )
    for demo in USERS:
        if demo.username in users:
            services.programme_member_add(
                actor=None,
                programme=programme,
                user=users[demo.username],
                organisation=organisations[demo.organisation],
                part=demo.part,
            )
    return programme


# (name, which guardians consent, which kinds, expired): one case of each consent shape.
STORIES = (
    ("Fiktiva Alva Demosson", 2, ("case", "identity", "assessment", "minutes"), False),
    ("Fiktive Noah Testsson", 2, ("minutes",), False),
    ("Fiktiva Elsa Provsson", 1, ("case", "identity", "assessment", "minutes"), False),
    ("Fiktive Liam Låtsasson", 2, ("case", "identity", "assessment", "minutes"), True),
)


def _cases(
    programme: Programme, organisations: dict[str, Organisation], users: dict[str, User]
) -> int:
    """One case of each consent shape: full; minutes only; one guardian of two; expired.
    A fifth family revoked its consent: that case is closed and waits for erasure."""
    coordinator = users["tsi-samordnare"]
    team = _team(organisations, users)
    shared = sorted({organisation for _, organisation in team}, key=lambda o: o.pk)
    cases = []
    for name, consenting, kinds, expired in STORIES:
        case, guardians = _open(programme, name, team, coordinator)
        for guardian in guardians[:consenting]:
            consent = services.consent_record(
                actor=coordinator,
                case=case,
                guardian=guardian,
                organisations=shared,
                kinds=kinds,
                purpose="Samordnat stöd i skola, fritid och hemmet (demo)",
                valid_from=timezone.localdate() - timedelta(days=30),
                valid_to=timezone.localdate() + timedelta(days=335),
                child_view="Barnet vill ha hjälp med läxorna och börja på fritidsgården.",
            )
            if expired:
                _age(consent)
        cases.append(case)
    _work_on(cases[0], organisations, users)
    _minutes_only(cases[1], users)
    revoked, guardians = _open(programme, "Fiktiva Selma Exempelsson", team, coordinator)
    for guardian in guardians:
        consent = services.consent_record(
            actor=coordinator,
            case=revoked,
            guardian=guardian,
            organisations=shared,
            kinds=["case"],
            purpose="Samordnat stöd (demo)",
            valid_from=timezone.localdate() - timedelta(days=60),
            valid_to=timezone.localdate() + timedelta(days=300),
        )
        services.consent_revoke(actor=coordinator, consent=consent)
    services.case_close(actor=coordinator, case=revoked, reason="consent_revoked")
    return len(cases) + 1


def _team(
    organisations: dict[str, Organisation], users: dict[str, User]
) -> list[tuple[str, Organisation]]:
    # The coordinator is on the team for social services: inside consent they read the
    # content like anyone else; outside it, only what their role needs.
    members = (
        ("tsi-skola", cast.SKOLA),
        ("tsi-fritid", cast.FRITID),
        ("tsi-social", cast.SOCIAL),
        ("tsi-vard", HEALTH),
        ("tsi-samordnare", cast.SOCIAL),
    )
    return [(name, organisations[org]) for name, org in members if name in users]


def _open(
    programme: Programme, name: str, team: list[tuple[str, Organisation]], coordinator: User
) -> tuple[Case, list[Any]]:
    # No personal identity number: any number with a valid check digit may be a real
    # child's, and an invalid one is refused. The identity page shows the name.
    case = services.case_open(
        actor=coordinator,
        programme=programme,
        name=name,
        birth_year=timezone.localdate().year - 11,
        school_unit="Baronbackarnas skola (fiktivt)",
    )
    users = {u.username: u for u in User.objects.filter(username__in=[n for n, _ in team])}
    for username, organisation in team:
        services.case_team_add(
            actor=coordinator, case=case, user=users[username], organisation=organisation
        )
    guardians = [
        services.guardian_add(
            actor=coordinator,
            case=case,
            name=f"Fiktiv vårdnadshavare {g} till {name}",
            contact=f"070-000 00 0{g} (fiktivt)",
        )
        for g in (1, 2)
    ]
    return case, guardians


def _age(consent: Consent) -> None:
    """The expired shape: the demo dates this consent as given and ended last year (a
    consent that has already ended is refused when typed in, so it is aged here)."""
    today = timezone.localdate()
    Consent.objects.filter(pk=consent.pk).update(
        valid_from=today - timedelta(days=400), valid_to=today - timedelta(days=35)
    )


def _minutes_only(case: Case, users: dict[str, User]) -> None:
    """Content the minutes-only consent does not cover, and minutes it does."""
    coordinator = users["tsi-samordnare"]
    work.factor_add(
        actor=coordinator,
        case=case,
        kind="risk",
        domain="peers",
        rating=2,
        note="Äldre kamrater på kvällstid (fiktivt).",
    )
    need_add(actor=coordinator, case=case, domain="leisure", description="Fritidsplats.")
    item = MeetingCase.objects.filter(case=case).first()
    if item is not None:
        work.minutes_write(
            actor=coordinator, item=item, minutes="Familjen tackar ja till fritidsgården (fiktivt)."
        )


def _work_on(case: Case, organisations: dict[str, Organisation], users: dict[str, User]) -> None:
    coordinator = users["tsi-samordnare"]
    work.factor_add(
        actor=coordinator,
        case=case,
        kind="risk",
        domain="school",
        rating=2,
        note="Hög frånvaro under hösten (fiktivt).",
    )
    work.factor_add(
        actor=coordinator,
        case=case,
        kind="protective",
        domain="leisure",
        rating=3,
        note="Spelar fotboll i föreningen (fiktivt).",
    )
    work.goal_add(
        actor=coordinator,
        case=case,
        text="Närvaro över 90 % till jullovet.",
        due=timezone.localdate() + timedelta(days=60),
    )
    work.action_add(
        actor=coordinator,
        case=case,
        kind="leisure",
        owner=organisations[cast.FRITID],
        starts_on=timezone.localdate(),
    )
    school = need_add(
        actor=coordinator,
        case=case,
        domain="school",
        description="Läxhjälp två dagar i veckan.",
        owner=organisations[cast.SKOLA],
    )
    need_accept(actor=users.get("tsi-skola"), need=school, organisation=organisations[cast.SKOLA])
    family = need_add(
        actor=coordinator,
        case=case,
        domain="family",
        description="Föräldrastöd.",
        owner=organisations[cast.FRITID],
    )
    need_bounce(
        actor=users.get("tsi-fritid"),
        need=family,
        organisation=organisations[cast.FRITID],
        reason="Föräldrastöd ligger hos socialtjänsten.",
    )
    need_propose(actor=coordinator, need=family, owner=organisations[cast.SOCIAL])
    _bounced_twice(case, organisations, users)
    work.meeting_create(
        actor=coordinator, programme=case.programme, kind="case", held_on=timezone.localdate()
    )
    work.meeting_create(
        actor=coordinator, programme=case.programme, kind="leadership", held_on=timezone.localdate()
    )


def _bounced_twice(
    case: Case, organisations: dict[str, Organisation], users: dict[str, User]
) -> None:
    """A question that fell between school and leisure: now with the leadership group."""
    coordinator = users["tsi-samordnare"]
    need = need_add(
        actor=coordinator,
        case=case,
        domain="leisure",
        description="Någon vuxen som följer med till fritidsgården första veckorna.",
        owner=organisations[cast.FRITID],
    )
    for username, slug, reason in (
        ("tsi-fritid", cast.FRITID, "Vi har ingen personal för följe, det är skolans elevhälsa."),
        ("tsi-skola", cast.SKOLA, "Följe på fritiden ligger utanför skolans uppdrag."),
    ):
        if need.status == "open":
            need_propose(actor=coordinator, need=need, owner=organisations[slug])
        need_bounce(
            actor=users.get(username), need=need, organisation=organisations[slug], reason=reason
        )


def demo_logins() -> list[tuple[str, str, str]]:
    return [(d.username, d.role, d.organisation) for d in USERS]
