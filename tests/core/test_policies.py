"""restrict(user, action): deny by default, scoped to memberships and roles."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, Group

from samordna.core import services
from samordna.core.models import Area, AuditEvent, Membership, Municipality, Organisation
from samordna.core.policies import policy_for
from samordna.core.querysets import RestrictedQuerySet
from samordna.core.roles import Role


def test_anonymous_and_inactive_users_see_nothing(world):
    inactive = world.user("admin")
    inactive.is_active = False
    inactive.save()

    for user in (AnonymousUser(), inactive):
        assert not Area.objects.restrict(user).exists()
        assert not Municipality.objects.restrict(user).exists()


def test_a_model_without_a_policy_shows_nothing(world):
    Group.objects.create(name="grupp")

    assert list(RestrictedQuerySet(Group).restrict(world.user("admin"))) == []


def test_members_see_their_own_municipality_only(world):
    user = world.user("reporter", "other_org")

    assert set(Area.objects.restrict(user)) == {world.area_a}
    assert set(Municipality.objects.restrict(user)) == {world.a}
    assert set(Organisation.objects.restrict(user)) == {world.a1, world.a2}


def test_a_deactivated_membership_grants_nothing(world):
    user = world.user("coordinator")
    services.membership_set_active(actor=None, membership=user.memberships.get(), is_active=False)

    assert not Area.objects.restrict(user).exists()


def test_writes_need_the_right_role(world):
    area = world.area_a
    policy = policy_for(Area)
    assert policy is not None

    assert policy.can(world.user("coordinator"), "change", area)
    assert policy.can(world.user("admin", "other_org"), "change", area)
    assert not policy.can(world.user("reporter"), "change", area)
    assert not policy.can(world.user("coordinator", "other_municipality"), "change", area)
    assert not policy.can(AnonymousUser(), "view", area)


def test_memberships_own_for_everyone_all_for_admins(world):
    reporter = world.user("reporter")
    admin_b = world.user("admin", "other_municipality")

    assert set(Membership.objects.restrict(reporter)) == set(reporter.memberships.all())
    # One membership per role in each of A1 and A2, and the spanning police area's
    # member in A2.
    assert Membership.objects.restrict(world.user("admin")).count() == 2 * len(Role) + 1
    assert not Membership.objects.restrict(admin_b).filter(municipality=world.a).exists()
    assert not Membership.objects.restrict(reporter, "change").exists()


def test_the_audit_log_is_read_only_and_for_admins(world):
    admin = world.user("admin")

    assert AuditEvent.objects.restrict(admin).filter(municipality=world.a).exists()
    assert not AuditEvent.objects.restrict(admin).filter(municipality=world.b).exists()
    assert not AuditEvent.objects.restrict(world.user("coordinator")).exists()
    for action in ("add", "change", "delete"):
        assert not AuditEvent.objects.restrict(admin, action).exists()
