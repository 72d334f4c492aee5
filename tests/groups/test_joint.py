"""The joint picture: built from consenting members' confirmed pictures only."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samordna.core.models import Municipality
from samordna.groups.joint import joint_picture
from samordna.groups.models import GroupMember
from samordna.public.models import Publication
from samordna.situation.models import SituationPicture
from samordna.tertial.models import TertialAnalysis
from tests.groups.factories import TERTIAL, WEEK, group_of, picture


def _columns(joint):
    """{category: {member name: text}, "total": text} for easy reading."""
    names = [m.name for m in joint.contributing]
    return {
        row.code: {
            **dict(zip(names, (f.text for f in row.figures), strict=True)),
            "total": row.total.text,
        }
        for row in joint.rows
    }


def test_counts_side_by_side_with_the_total(world):
    # Given A and B consenting, both confirmed the week
    group = group_of(world.a, world.b)
    picture(world.a, counts={"klotter": 12, "inbrott": 7}, summary="Lugnt i Alfa.")
    picture(world.b, counts={"klotter": 9}, summary="Mer klotter i Beta.")

    # When the joint picture is built
    joint = joint_picture(group, WEEK)

    # Then each category has both members' counts and their sum
    assert _columns(joint) == {
        "klotter": {"Alfastad": "12", "Betaby": "9", "total": "21"},
        "inbrott": {"Alfastad": "7", "Betaby": "färre än 5", "total": "7"},
    }
    assert joint.total.text == "28"
    assert [m.summary for m in joint.contributing] == ["Lugnt i Alfa.", "Mer klotter i Beta."]
    assert joint.missing == []


def test_an_invited_municipality_without_consent_contributes_nothing(world):
    # Given B is invited but has not consented, and has a confirmed week
    group = group_of(world.a, invited=(world.b,))
    picture(world.a, counts={"klotter": 12})
    picture(world.b, counts={"klotter": 40, "hemligt": 30}, summary="Betas hemliga ord")

    joint = joint_picture(group, WEEK)

    # Then nothing of B is there: no column, no count in the totals, no summary, no name
    assert [m.name for m in joint.members] == ["Alfastad"]
    assert _columns(joint) == {"klotter": {"Alfastad": "12", "total": "12"}}
    assert joint.total.text == "12"


def test_a_revoked_consent_takes_the_member_out_at_once(world):
    group = group_of(world.a, world.b)
    picture(world.a, counts={"klotter": 12})
    picture(world.b, counts={"klotter": 9})
    assert len(joint_picture(group, WEEK).contributing) == 2

    GroupMember.objects.filter(group=group, municipality=world.b).update(revoked_at=timezone.now())

    joint = joint_picture(group, WEEK)
    assert [m.name for m in joint.members] == ["Alfastad"]
    assert _columns(joint) == {"klotter": {"Alfastad": "12", "total": "12"}}


def test_a_deactivated_municipality_leaves_the_picture(world):
    group = group_of(world.a, world.b)
    picture(world.a, counts={"klotter": 12})
    picture(world.b, counts={"klotter": 9})
    Municipality.objects.filter(pk=world.b.pk).update(is_active=False)

    assert [m.name for m in joint_picture(group, WEEK).members] == ["Alfastad"]


def test_a_draft_never_shows_and_the_member_is_named_as_missing(world):
    # Given B has only a draft (and a proposed picture) of the week
    group = group_of(world.a, world.b)
    picture(world.a, counts={"klotter": 12})
    picture(world.b, status=SituationPicture.Status.DRAFT, summary="Betas utkast")
    picture(world.b, status=SituationPicture.Status.PROPOSED, summary="Betas förslag", version=2)

    joint = joint_picture(group, WEEK)

    assert [m.name for m in joint.contributing] == ["Alfastad"]
    assert [m.name for m in joint.missing] == ["Betaby"]
    assert all("Beta" not in m.summary for m in joint.members)
    assert joint.short_label == "v. 40"


def test_the_newest_confirmed_version_counts_not_a_correction_in_draft(world):
    group = group_of(world.a)
    picture(world.a, counts={"klotter": 10}, summary="v1", version=1)
    picture(world.a, counts={"klotter": 20}, summary="v2", version=2)
    picture(world.a, status=SituationPicture.Status.DRAFT, summary="v3 utkast", version=3)

    joint = joint_picture(group, WEEK)

    assert joint.contributing[0].summary == "v2"
    assert _columns(joint)["klotter"]["total"] == "20"


def test_no_observation_is_read_and_one_picture_row_per_member(world):
    group = group_of(world.a, world.b)
    picture(world.a, counts={"klotter": 12}, version=1)
    picture(world.a, counts={"klotter": 14}, version=2)
    picture(world.b, counts={"klotter": 9})

    with CaptureQueriesContext(connection) as queries:
        joint = joint_picture(group, WEEK)

    sql = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in sql if "reports_" in s], "the joint picture read raw observations"
    picture_queries = [s for s in sql if "situation_situationpicture" in s]
    assert len(picture_queries) == 1
    assert len(joint.contributing) == 2
    # Of the frozen document only the categories and the summary are selected.
    select = picture_queries[0].split(" FROM ")[0]
    assert "snapshot__categories" in select
    assert not re.search(r'"snapshot"\s*(,\s*"|$)', select), "the whole frozen document was read"


def test_small_counts_and_a_total_that_would_give_one_back_are_hidden(world):
    # Given B's count is small: B's people know their own 3, so the total (A's 2 + B's 3)
    # would tell them A's 2
    group = group_of(world.a, world.b)
    picture(world.a, counts={"klotter": 2, "inbrott": 40})
    picture(world.b, counts={"klotter": 3, "inbrott": 50})

    joint = joint_picture(group, WEEK)

    assert _columns(joint) == {
        "klotter": {"Alfastad": "färre än 5", "Betaby": "färre än 5", "total": "visas inte"},
        "inbrott": {"Alfastad": "40", "Betaby": "50", "total": "90"},
    }
    # The grand total minus the shown 90 would give the hidden 5 back: hidden too.
    assert joint.total.text == "visas inte"


def test_the_strictest_public_threshold_of_the_members_applies(world):
    group = group_of(world.a, world.b)
    Publication.objects.create(municipality=world.b, min_count=10)
    picture(world.a, counts={"klotter": 8})
    picture(world.b, counts={"klotter": 30})

    joint = joint_picture(group, WEEK)

    assert joint.minimum == 10
    assert _columns(joint)["klotter"]["Alfastad"] == "färre än 10"


def test_a_tertial_shows_the_conclusions_of_a_done_analysis_only(world):
    # Given A's tertial confirmed and analysed (done); B's analysis done on a draft picture
    group = group_of(world.a, world.b)
    a_picture = picture(world.a, TERTIAL, counts={"klotter": 30})
    picture(world.b, TERTIAL, status=SituationPicture.Status.DRAFT)
    for municipality, text, pic in (
        (world.a, "Klottret växer i Alfa.", a_picture),
        (world.b, "Betas slutsatser", None),
    ):
        TertialAnalysis.objects.create(
            municipality=municipality,
            period_key=TERTIAL,
            picture=pic,
            status=TertialAnalysis.Status.DONE,
            conclusions=text,
        )

    joint = joint_picture(group, TERTIAL)

    assert [m.conclusions for m in joint.members] == ["Klottret växer i Alfa.", ""]
    assert [m.name for m in joint.missing] == ["Betaby"]
    assert _columns(joint)["klotter"]["total"] == "30"


def test_a_draft_tertial_analysis_is_not_shown(world):
    group = group_of(world.a)
    picture(world.a, TERTIAL, counts={"klotter": 30})
    TertialAnalysis.objects.create(
        municipality=world.a, period_key=TERTIAL, conclusions="Halvfärdigt"
    )

    assert joint_picture(group, TERTIAL).members[0].conclusions == ""
