"""A deactivated municipality keeps its data and shuts its users out; reactivated, they
see it again (issue 19). The shutting out is `Membership.objects.in_force()`."""

from __future__ import annotations

from samordna.core.models import Area, AuditEvent
from tests.permissions import sign_in


def _toggle(client, world, reason):
    return client.post(f"/drift/kommuner/{world.a.pk}/aktiv/", {"reason": reason})


def test_a_deactivated_municipalitys_member_sees_none_of_it_until_reactivated(client, world):
    # given: a coordinator of A sees A's areas
    member = world.user("coordinator")
    client.force_login(member)
    assert world.area_a.name in client.get("/omraden/").content.decode()
    client.logout()

    # when: the operator deactivates A
    sign_in(client, world.user("operator", "platform"))
    response = _toggle(client, world, "Kommunen har sagt upp avtalet")
    client.logout()

    # then: the data is kept, the member sees none of it and has no role
    assert response.status_code == 302
    assert Area.objects.filter(pk=world.area_a.pk).exists()
    client.force_login(member)
    assert "Du är inte kopplad till någon organisation" in client.get("/").content.decode()
    areas = client.get("/omraden/")
    assert areas.status_code == 403
    assert world.area_a.name not in areas.content.decode()
    assert world.area_a.name not in client.get("/api/v1/areas/").content.decode()
    client.logout()

    # when: reactivated
    sign_in(client, world.user("operator", "platform"))
    _toggle(client, world, "Nytt avtal")
    client.logout()

    # then: the member sees A again
    client.force_login(member)
    assert world.area_a.name in client.get("/omraden/").content.decode()
    actions = list(
        AuditEvent.objects.filter(target_id=str(world.a.pk), action__startswith="municipality.")
        .order_by("pk")
        .values_list("action", "changes__reason")
    )
    assert actions[-2:] == [
        ("municipality.deactivate", "Kommunen har sagt upp avtalet"),
        ("municipality.activate", "Nytt avtal"),
    ]


def test_another_municipality_is_untouched(client, world):
    # given
    member_of_b = world.user("coordinator", "other_municipality")

    # when
    sign_in(client, world.user("operator", "platform"))
    _toggle(client, world, "Avtalet upphörde")
    client.logout()

    # then
    client.force_login(member_of_b)
    assert world.area_b.name in client.get("/omraden/").content.decode()
