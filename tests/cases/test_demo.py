"""The TSI demo: loads into the demo municipality once, shows the flow end to end."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samordna.cases import access
from samordna.cases.models import Case, Escalation, Need
from samordna.core import services
from samordna.core.demo import cast
from samordna.core.models import AuditEvent, User


@pytest.fixture
def demo_municipality(db):
    municipality = services.municipality_create(
        actor=None,
        name=cast.MUNICIPALITY_NAME,
        slug=cast.MUNICIPALITY_SLUG,
        code=cast.MUNICIPALITY_CODE,
        is_demo=True,
    )
    for organisation in cast.ORGANISATIONS:
        services.organisation_create(
            actor=None,
            municipality=municipality,
            name=organisation.name,
            slug=organisation.slug,
            kind=organisation.kind,
        )
    return municipality


def _load() -> None:
    call_command("load_demo_cases", stdout=io.StringIO())


def test_the_demo_loads_once_and_shows_the_flow(demo_municipality):
    _load()
    events = AuditEvent.objects.count()
    _load()

    assert AuditEvent.objects.count() == events  # idempotent
    cases = Case.objects.filter(programme__name="TSI Baronbackarna").order_by("pseudonym")
    assert len(cases) == 5
    assert all("Fiktiv" in case.name for case in cases)
    school = User.objects.get(username="tsi-skola")
    # One case of each consent shape: full; minutes only; one guardian of two; expired;
    # and a fifth whose consent was revoked.
    grants = access.grants(school)
    assert set(grants) == {cases[0].pk, cases[1].pk}
    assert grants[cases[1].pk].kinds == frozenset({"minutes"})
    assert cases[4].status == "closed"
    assert Need.objects.filter(case=cases[0], bounces=1).exists()
    assert Escalation.objects.filter(need__case=cases[0], decided_at=None).count() == 1


def test_the_demo_needs_the_demo_municipality(db):
    with pytest.raises(CommandError):
        _load()
