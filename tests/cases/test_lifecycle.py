"""The case's life in the pages: close with a reason, legal hold, erasure that shows what
goes and asks for the pseudonym, team changes, disclosures and other legal bases — each
audited, each through the gate (one access row), each refused to everyone else."""

from __future__ import annotations

from django.utils import timezone

from samordna.cases.models import Case, CaseAccess, CaseTeamMember, Disclosure, OtherBasis
from samordna.core.models import AuditEvent
from tests.cases.factories import CHILD_NAME, verified_login


def _events(action: str) -> int:
    return AuditEvent.objects.filter(action=f"tsi.{action}").count()


def test_close_hold_and_erase_through_the_pages(client, world, tsi):
    verified_login(client, world.user("tsi_coordinator"))
    base = f"/tsi/{tsi.case.pk}"

    assert client.post(f"{base}/avsluta/", {"reason": "moved"}).status_code == 302
    case = Case.objects.get(pk=tsi.case.pk)
    assert (case.status, case.close_reason) == ("closed", "moved")
    assert _events("case.close") == 1
    client.post(f"{base}/bevarande/", {"hold": "on", "reason": "Begäran från tingsrätten"})
    held = client.get(f"{base}/gallra/").content.decode()
    assert "bevarandebeslut och kan inte gallras" in held
    client.post(f"{base}/bevarande/", {"hold": "off", "reason": ""})
    assert _events("case.legal_hold") == 2

    preview = client.get(f"{base}/gallra/").content.decode()
    wrong = client.post(f"{base}/gallra/", {"pseudonym": "fel"})
    assert "Vårdnadshavare" in preview
    assert "Pseudonymen stämmer inte" in wrong.content.decode()
    assert Case.objects.get(pk=tsi.case.pk).status == "closed"
    erased = client.post(f"{base}/gallra/", {"pseudonym": tsi.case.pseudonym})

    assert erased.status_code == 302
    case = Case.objects.get(pk=tsi.case.pk)
    assert (case.status, case.name) == ("erased", "")
    assert _events("case.erase") == 1
    # Every request above was one row, all granted on the coordinator's role.
    rows = CaseAccess.objects.filter(case=tsi.case)
    assert rows.count() == 7
    assert set(rows.values_list("ground", flat=True)) == {"coordinator"}


def test_an_open_case_cannot_be_erased(client, world, tsi):
    verified_login(client, world.user("tsi_coordinator"))

    response = client.post(f"/tsi/{tsi.case.pk}/gallra/", {"pseudonym": tsi.case.pseudonym})

    assert "måste avslutas" in response.content.decode()
    assert Case.objects.get(pk=tsi.case.pk).name == CHILD_NAME


def test_team_changes_disclosures_and_other_bases(client, world, tsi):
    verified_login(client, world.user("tsi_coordinator"))
    base = f"/tsi/{tsi.case.pk}"
    member = CaseTeamMember.objects.get(case=tsi.case, organisation=world.a2)

    asked = client.get(f"{base}/team/{member.pk}/ta-bort/").content.decode()
    client.post(f"{base}/team/{member.pk}/ta-bort/", {"confirm": "on"})
    client.post(
        f"{base}/utlamnande/nytt/",
        {
            "from_organisation": world.a1.pk,
            "to_organisation": world.a2.pk,
            "what": "Närvaro",
            "basis": "osl_10_15a",
        },
    )
    same = client.post(
        f"{base}/utlamnande/nytt/",
        {
            "from_organisation": world.a1.pk,
            "to_organisation": world.a1.pk,
            "what": "Närvaro",
            "basis": "consent",
        },
    )
    client.post(
        f"{base}/annan-grund/ny/",
        {
            "organisation": world.a2.pk,
            "basis": "osl_10_15a",
            "note": "Fara för barnet",
            "valid_from": timezone.localdate().isoformat(),
        },
    )

    assert "tas bort från teamet" in asked
    assert not CaseTeamMember.objects.filter(pk=member.pk).exists()
    assert "Mottagaren måste vara en annan organisation" in same.content.decode()
    assert Disclosure.objects.get().basis == "osl_10_15a"
    assert OtherBasis.objects.get().organisation_id == world.a2.pk
    page = client.get(f"{base}/").content.decode()
    assert "Sekretessbrytande bestämmelse (OSL 10 kap. 15 a §)" in page
    for action in ("case.team_remove", "case.disclosure_record", "case.other_basis_record"):
        assert _events(action) == 1


def test_a_participant_cannot_close_or_erase(client, world, tsi):
    verified_login(client, world.user("tsi_participant"))

    for path, data in (("avsluta/", {"reason": "moved"}), ("gallra/", {"pseudonym": "x"})):
        assert client.post(f"/tsi/{tsi.case.pk}/{path}", data).status_code == 404
    assert Case.objects.get(pk=tsi.case.pk).status == "open"
    assert not CaseAccess.objects.filter(granted=True).exists()
