"""The demo's group of Örebro and Lekeberg (groups.demo)."""

from __future__ import annotations

from samordna.core import services
from samordna.core.models import AuditEvent
from samordna.groups.demo import SLUG, load_demo_groups
from samordna.groups.models import GroupMember, MunicipalityGroup


def _orebro():
    return services.municipality_create(actor=None, name="Örebro", slug="orebro", code="1880")


def test_without_lekeberg_there_is_no_group(world):
    _orebro()

    assert load_demo_groups() == 0
    assert not MunicipalityGroup.objects.filter(slug=SLUG).exists()


def test_both_consent_and_a_second_run_changes_nothing(world):
    orebro = _orebro()
    lekeberg = services.municipality_create(
        actor=None, name="Lekeberg", slug="lekeberg", code="1814"
    )

    assert load_demo_groups() == 3
    events = AuditEvent.objects.count()
    assert load_demo_groups() == 0

    assert AuditEvent.objects.count() == events
    members = GroupMember.objects.consenting().filter(group__slug=SLUG)
    assert {m.municipality for m in members} == {orebro, lekeberg}
