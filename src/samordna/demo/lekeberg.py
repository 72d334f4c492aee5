"""Load (or top up) the demo's second municipality, Lekeberg, after Örebro (issue 19).

The same machinery as Örebro's (samordna.demo.loader and observations): its areas,
organisations, users and places, and a small synthetic history drawn by the same
generator over its own areas. Then what the county's view and a group's joint picture
read: confirmed weekly pictures for the last weeks and a decided action plan. Also the
police area that works in both municipalities (its two branches linked by one
`ParentOrganisation`, and a member in both) and the county officer. Idempotent and one
transaction, as Örebro's load.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from samordna.core import audit
from samordna.core.demo import cast, lekeberg
from samordna.core.models import CountyMembership, Organisation, ParentOrganisation, User
from samordna.county.demo import load_demo_county
from samordna.demo.loader import (
    DemoError,
    DemoLogin,
    LoadResult,
    create_demo_user,
    demo_categories,
    demo_logins,
    ensure_areas,
    ensure_municipality,
    ensure_organisations,
    ensure_places,
    ensure_users,
    load_streams,
)
from samordna.demo.observations import Progress, StreamTarget
from samordna.groups.demo import load_demo_groups
from samordna.plans.demo import load_demo_plain_plan
from samordna.situation.demo import confirm_recent_weeks


def load_lekeberg(
    *, today: date, days: int | None = None, scale: int = 1, progress: Progress | None = None
) -> LoadResult:
    """Lekeberg up to (not including) `today`; Örebro's demo must be loaded first."""
    with transaction.atomic():
        result = LoadResult(
            municipality=ensure_municipality(
                lekeberg.MUNICIPALITY_NAME, lekeberg.MUNICIPALITY_SLUG, lekeberg.MUNICIPALITY_CODE
            )
        )
        areas = ensure_areas(result, lekeberg.AREAS_FILE)
        organisations = ensure_organisations(result, lekeberg.ORGANISATIONS)
        orebro_police = _orebro_police()
        _police_area(result, [orebro_police, organisations[lekeberg.POLISEN]])
        member_of = {**organisations, lekeberg.in_orebro(cast.POLISEN): orebro_police}
        users = ensure_users(result, member_of, lekeberg.USERS)
        _county_officer(result)
        places = ensure_places(
            result, organisations, lekeberg.PLACES, {"school": lekeberg.BILDNING}
        )
        target = StreamTarget(
            municipality=result.municipality,
            today=today,
            areas=areas,
            organisations={played: organisations[s] for played, s in lekeberg.PLAYS.items()},
            users=users,
            places=places,
            categories=demo_categories(),
            areas_file=lekeberg.AREAS_FILE,
            volume=lekeberg.VOLUME_SHARE,
            reporter_of=lekeberg.REPORTER_OF,
        )
        load_streams(
            result, target, "lekeberg-", lekeberg.SEED, days=days, scale=scale, progress=progress
        )
        _pictures_and_plan(result, users, today)
        # What the two municipalities share once both are there: the joint picture.
        result.count("kommungrupp", load_demo_groups())
        # Last: the county's view reads what both municipalities confirmed (county.demo).
        result.count("länsstyrelsen", load_demo_county(today))
    result.logins = _logins(result, organisations, orebro_police)
    return result


def _orebro_police() -> Organisation:
    police = Organisation.objects.filter(
        municipality__slug=cast.MUNICIPALITY_SLUG, slug=cast.POLISEN
    ).first()
    if police is None:
        raise DemoError("Läs in demokommunen Örebro först: Lekeberg delar polisområde med den.")
    return police


def _police_area(result: LoadResult, branches: list[Organisation]) -> None:
    """The local police area of both municipalities, linking its two branches."""
    parent = ParentOrganisation.objects.filter(slug=lekeberg.POLICE_AREA_SLUG).first()
    if parent is None:
        parent = ParentOrganisation.objects.create(
            name=lekeberg.POLICE_AREA_NAME, slug=lekeberg.POLICE_AREA_SLUG, kind="police"
        )
        audit.record(
            actor=None,
            action="parent_organisation.create",
            target=parent,
            changes={"name": parent.name},
        )
        result.count("huvudorganisationer")
    for branch in branches:
        if branch.parent_id != parent.pk:
            Organisation.objects.filter(pk=branch.pk).update(parent=parent)
            audit.record(
                actor=None,
                action="organisation.update",
                target=branch,
                organisation=branch,
                changes={"parent": [None, parent.slug]},
            )


def _county_officer(result: LoadResult) -> None:
    """The county administrative board's demo officer, for Örebro län (code 18)."""
    demo = lekeberg.COUNTY_OFFICER
    user = User.objects.filter(username=demo.username).first()
    if user is None:
        user = create_demo_user(demo, None)
        result.count("användare")
    elif user.email != demo.email:
        result.skipped_users.append(demo.username)
        return
    if not CountyMembership.objects.filter(user=user, county_code=lekeberg.COUNTY_CODE).exists():
        membership = CountyMembership.objects.create(user=user, county_code=lekeberg.COUNTY_CODE)
        audit.record(
            actor=None,
            action="county_membership.create",
            target=membership,
            changes={"user": user.get_username(), "county": lekeberg.COUNTY_CODE},
        )
        result.count("länsmedlemskap")


def _pictures_and_plan(result: LoadResult, users: dict[str, User], today: date) -> None:
    coordinator = users.get("samordnare-lekeberg")
    if coordinator is None:
        return  # Somebody's own account holds the name: no pictures without the demo user.
    municipality = result.municipality
    weeks = confirm_recent_weeks(
        municipality, actor=coordinator, today=today, weeks=lekeberg.CONFIRMED_WEEKS
    )
    result.count("fastställda lägesbilder", weeks)
    plan = load_demo_plain_plan(
        municipality,
        today,
        title=lekeberg.ACTION_PLAN_TITLE,
        analysis=lekeberg.ACTION_PLAN_ANALYSIS,
        rows=lekeberg.ACTION_PLAN_ROWS,
    )
    result.count("åtgärdsplan", plan)


def _logins(
    result: LoadResult, organisations: dict[str, Organisation], orebro_police: Organisation
) -> list[DemoLogin]:
    names = {slug: o.name for slug, o in organisations.items()}
    names[lekeberg.in_orebro(cast.POLISEN)] = orebro_police.name
    logins = demo_logins(result, lekeberg.USERS, names)
    if lekeberg.COUNTY_OFFICER.username not in result.skipped_users:
        logins.append(
            DemoLogin(
                lekeberg.COUNTY_OFFICER.username,
                "Länsstyrelsen",
                lekeberg.COUNTY_ORGANISATION,
                cast.DEMO_PASSWORD,
            )
        )
    return logins
