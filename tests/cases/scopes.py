"""One programme with a case of every consent shape, each holding text of every kind.

Every piece of text is unique to its case and its kind ("Behov minutes hemligt"), so a
test can tell from a response body exactly which kinds of which case it showed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from samordna.cases import services, work
from samordna.cases.models import Case, Consent, Escalation, NeedEvent, Programme
from samordna.cases.responsibility import escalate_due, need_add
from tests.cases.factories import give_consent

ALL_KINDS = frozenset({"case", "identity", "assessment", "minutes"})

# shape -> (guardians with custody, guardians who consent, kinds, how it ends)
SHAPES: dict[str, tuple[int, int, frozenset[str], str]] = {
    "full": (2, 2, ALL_KINDS, ""),
    "minutes": (2, 2, frozenset({"minutes"}), ""),
    "caseident": (2, 2, frozenset({"case", "identity"}), ""),
    "assessment": (2, 2, frozenset({"assessment"}), ""),
    "oneoftwo": (2, 1, ALL_KINDS, ""),
    "expired": (2, 2, ALL_KINDS, "expired"),
    "nocustody": (0, 0, ALL_KINDS, ""),
    "basis": (2, 0, ALL_KINDS, "basis"),
}
# The shapes where the coordinator is also on the team for A1 (and so reads content).
COORDINATOR_ON_TEAM = {"full", "minutes"}


def secrets(shape: str) -> dict[str, list[str]]:
    """The text of each kind in the case of `shape`; `guardians` is the coordinator's."""
    return {
        "identity": [f"Namn {shape} Hemlig", f"Skola {shape} hemlig"],
        "assessment": [f"Faktor {shape} hemlig"],
        "case": [
            f"Behov {shape} hemligt",
            f"Skäl {shape} hemligt",
            f"Mål {shape} hemligt",
            f"Insats {shape} hemlig",
            f"Utlämnat {shape} hemligt",
        ],
        "minutes": [f"Anteckning {shape} hemlig"],
        "guardians": [f"Förälder {shape} ett", f"Förälder {shape} två"],
    }


@dataclass
class Scopes:
    programme: Programme
    cases: dict[str, Case]
    meeting_id: int
    escalation_id: int | None = None
    needs: dict[str, int] = field(default_factory=dict)


def build_scopes(world) -> Scopes:
    coordinator = world.user("tsi_coordinator")
    programme = services.programme_create(
        actor=None,
        municipality=world.a,
        kind="tsi",
        name="TSI Omfång",
        prefix="OM",
        legal_bases=["consent", "osl_10_15a"],
    )
    services.programme_member_add(
        actor=None, programme=programme, user=coordinator, organisation=world.a1, part="coordinator"
    )
    for relation, organisation in (("own_org", world.a1), ("other_org", world.a2)):
        services.programme_member_add(
            actor=None,
            programme=programme,
            user=world.user("tsi_participant", relation),
            organisation=organisation,
            part="participant",
        )
    cases = {shape: _case(world, programme, shape) for shape in SHAPES}
    meeting = work.meeting_create(
        actor=None, programme=programme, kind="case", held_on=timezone.localdate()
    )
    for item in meeting.items.select_related("case"):
        shape = next(s for s, c in cases.items() if c.pk == item.case_id)
        work.minutes_write(actor=coordinator, item=item, minutes=secrets(shape)["minutes"][0])
    # Every need is overdue a year from now: each becomes a question for the leadership.
    escalate_due(now=timezone.now() + timedelta(days=365))
    scopes = Scopes(programme=programme, cases=cases, meeting_id=meeting.pk)
    scopes.needs = {shape: case.needs.get().pk for shape, case in cases.items()}
    scopes.escalation_id = Escalation.objects.filter(programme=programme).first().pk
    return scopes


def _case(world, programme: Programme, shape: str) -> Case:
    custody, consenting, kinds, ending = SHAPES[shape]
    text = secrets(shape)
    coordinator = world.user("tsi_coordinator")
    case = services.case_open(
        actor=None,
        programme=programme,
        name=text["identity"][0],
        birth_year=timezone.localdate().year - 11,
        school_unit=text["identity"][1],
    )
    team = [("tsi_participant", "own_org", world.a1), ("tsi_participant", "other_org", world.a2)]
    if shape in COORDINATOR_ON_TEAM:
        team.append(("tsi_coordinator", "own_org", world.a1))
    for role, relation, organisation in team:
        services.case_team_add(
            actor=None, case=case, user=world.user(role, relation), organisation=organisation
        )
    # "nocustody": the only guardian lacks custody, so nobody's consent is required.
    guardians = [
        services.guardian_add(actor=None, case=case, name=name, has_custody=custody > 0)
        for name in text["guardians"][: max(custody, 1)]
    ]
    for guardian in guardians[:consenting]:
        consent = give_consent(coordinator, case, guardian, [world.a1], kinds=sorted(kinds))
        if ending == "expired":
            _expire(consent)
    if ending == "basis":
        services.other_basis_record(
            actor=coordinator,
            case=case,
            organisation=world.a1,
            basis="osl_10_15a",
            note="Sekretessbrytande bestämmelse",
            valid_from=timezone.localdate(),
        )
    _content(world, case, text)
    return case


def _expire(consent: Consent) -> None:
    today = timezone.localdate()
    Consent.objects.filter(pk=consent.pk).update(
        valid_from=today - timedelta(days=300), valid_to=today - timedelta(days=1)
    )


def _content(world, case: Case, text: dict[str, list[str]]) -> None:
    need = need_add(actor=None, case=case, domain="school", description=text["case"][0])
    # Handed back once, before the consent took its present shape: a direct row, since
    # the services rightly refuse to propose a need to an organisation outside consent.
    need.bounces = 1
    need.save(update_fields=["bounces"])
    NeedEvent.objects.create(
        need=need, kind="bounced", organisation=world.a1, reason=text["case"][1]
    )
    work.goal_add(actor=None, case=case, text=text["case"][2])
    work.action_add(
        actor=None,
        case=case,
        kind="mentor",
        owner=world.a1,
        starts_on=timezone.localdate(),
        description=text["case"][3],
    )
    services.disclosure_record(
        actor=world.user("tsi_coordinator"),
        case=case,
        from_organisation=world.a1,
        to_organisation=world.a2,
        what=text["case"][4],
        basis="consent",
    )
    work.factor_add(
        actor=None, case=case, kind="risk", domain="school", rating=2, note=text["assessment"][0]
    )


def content_kinds(role: str, relation: str, shape: str) -> frozenset[str]:
    """What the rule says `role` in `relation` may read of the case of `shape`: written
    out here independently of the gate, so the test checks the gate, not itself."""
    custody, consenting, kinds, ending = SHAPES[shape]
    covered = ending == "basis" or (custody > 0 and consenting == custody and ending != "expired")
    if not covered or relation != "own_org":
        return frozenset()
    if role == "tsi_participant" or (role == "tsi_coordinator" and shape in COORDINATOR_ON_TEAM):
        return ALL_KINDS if ending == "basis" else kinds
    return frozenset()
