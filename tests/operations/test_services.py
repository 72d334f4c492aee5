"""Adding a municipality: the service and `samordna add_municipality`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from samordna.core import services as core_services
from samordna.core.models import AuditEvent, Municipality
from samordna.operations.services import municipality_add


def _state():
    return Municipality.objects.count(), AuditEvent.objects.count()


def _add(*args):
    out = StringIO()
    call_command("add_municipality", *args, stdout=out)
    return out.getvalue()


def test_the_command_adds_a_municipality_and_audits_it(world):
    # when
    output = _add("--name", "Kumla", "--code", "1881", "--slug", "kumla")

    # then
    kumla = Municipality.objects.get(code="1881")
    assert (kumla.name, kumla.slug, kumla.is_active) == ("Kumla", "kumla", True)
    assert not kumla.is_demo
    assert "Kumla (1881) är tillagd" in output
    event = AuditEvent.objects.get(action="municipality.create", target_id=str(kumla.pk))
    assert event.municipality == kumla
    assert event.channel == "cli"
    assert event.changes == {"name": "Kumla", "slug": "kumla", "code": "1881"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--name", "Kumla", "--code", "1899", "--slug", "kumla"], "1899 är ingen svensk"),
        (["--name", "Kumla", "--code", "abc", "--slug", "kumla"], "abc är ingen svensk kommunkod"),
        (["--name", "Hallsberg", "--code", "1881", "--slug", "kumla"], "Kommun 1881 heter Kumla"),
        (["--name", "Kumla", "--code", "1881", "--slug", "alfa"], "Kortnamnet alfa används redan"),
        (["--name", "Kumla", "--code", "1881", "--slug", "Kumla Ö"], "Kortnamnet får bara ha"),
    ],
)
def test_bad_input_is_refused_in_swedish_and_writes_nothing(world, args, message):
    # given
    before = _state()

    # when
    with pytest.raises(CommandError) as refused:
        _add(*args)

    # then
    assert "Ingen kommun lades till." in str(refused.value)
    assert message in str(refused.value)
    assert _state() == before


def test_a_taken_code_is_refused(world):
    # given: Kumla exists already
    municipality_add(actor=None, name="Kumla", code="1881", slug="kumla")
    before = _state()

    # when
    with pytest.raises(CommandError, match="Kommunkoden 1881 \\(Kumla\\) finns redan"):
        _add("--name", "Kumla", "--code", "1881", "--slug", "kumla-2")

    # then
    assert _state() == before


def test_the_command_exits_non_zero(world):
    from django.core.management import execute_from_command_line

    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(
            ["samordna", "add_municipality", "--name", "X", "--code", "0000", "--slug", "x"]
        )
    assert exited.value.code != 0


def test_the_official_spelling_is_stored_and_the_slug_derived(world):
    # when: lower case name, no slug (the pages allow both)
    orebro_lan = municipality_add(actor=None, name="lekeberg", code="1814", slug="")

    # then
    assert (orebro_lan.name, orebro_lan.slug) == ("Lekeberg", "lekeberg")


def test_an_empty_name_is_taken_from_the_code(world):
    assert municipality_add(actor=None, name="", code="1881", slug="").name == "Kumla"


def test_the_service_gives_field_errors(world):
    with pytest.raises(ValidationError) as refused:
        municipality_add(actor=None, name="Örebro", code="1881", slug="")
    assert refused.value.message_dict == {"name": ["Kommun 1881 heter Kumla, inte Örebro."]}


def test_deactivating_needs_a_reason_and_is_audited(world):
    # given
    operator = world.user("operator", "platform")

    # when: no reason
    with pytest.raises(ValidationError):
        core_services.municipality_set_active(
            actor=operator, municipality=world.a, is_active=False, reason="  "
        )
    world.a.refresh_from_db()
    assert world.a.is_active

    # when: with a reason
    core_services.municipality_set_active(
        actor=operator, municipality=world.a, is_active=False, reason="Avtalet upphörde"
    )

    # then
    world.a.refresh_from_db()
    assert not world.a.is_active
    event = AuditEvent.objects.get(action="municipality.deactivate", target_id=str(world.a.pk))
    assert event.actor == operator
    assert event.changes == {"is_active": [True, False], "reason": "Avtalet upphörde"}


def test_set_operator_makes_and_unmakes_the_operator_on_record(world):
    # given
    user = world.user("admin")

    # when
    out = StringIO()
    call_command("set_operator", user.username, stdout=out)
    call_command("set_operator", user.username, "--remove", stdout=out)

    # then
    user.refresh_from_db()
    assert not user.is_operator
    changes = list(
        AuditEvent.objects.filter(action="user.operator", target_id=str(user.pk))
        .order_by("pk")
        .values_list("changes", flat=True)
    )
    assert changes == [{"is_operator": [False, True]}, {"is_operator": [True, False]}]


def test_set_operator_refuses_an_unknown_user(world):
    before = _state()
    with pytest.raises(CommandError, match="Det finns ingen användare med namnet 'ingen'"):
        call_command("set_operator", "ingen")
    assert _state() == before
