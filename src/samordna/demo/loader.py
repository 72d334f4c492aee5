"""Load (or top up) the demo municipality Örebro: areas, organisations, users, places
and synthetic reports.

Idempotent: everything is looked up before it is created, so a second run on the
same day adds no rows and no audit events. Observations come in streams (the
normal demo, and one per `--scale`, see `observations.py`); a later run adds only
the days since the last. The whole load is one transaction: an error leaves the
database as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction

from samordna.core import services
from samordna.core.demo import cast
from samordna.core.geo import area_geometry
from samordna.core.models import Area, Membership, Municipality, Organisation, Place, User
from samordna.core.roles import Role
from samordna.county.demo import load_demo_county
from samordna.demo.observations import Progress, StreamTarget, load_stream
from samordna.goals.demo import load_demo_goals
from samordna.interventions.demo import load_demo_interventions
from samordna.meetings.demo import DemoCast, load_demo_meeting
from samordna.plans.demo import load_demo_plans
from samordna.problems.analysis.demo import load_demo_analysis
from samordna.problems.demo import load_demo_problems
from samordna.public.demo import publish_demo
from samordna.reports.counts import refresh_counts
from samordna.reports.models import Category
from samordna.surveys.demo import load_demo_surveys
from samordna.tertial.demo import load_demo_tertial

SEED = 1880
HISTORY_DAYS = 1096
MANAGED_BY_KIND = {"school": cast.SKOLA, "youth": cast.FRITID}


class DemoError(Exception):
    """The demo cannot be loaded into this database; the message says why, in Swedish."""


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    organisation: str
    password: str


@dataclass
class LoadResult:
    """What one run created (by Swedish label), what it left alone, and the logins."""

    municipality: Municipality
    created: dict[str, int] = field(default_factory=dict)
    skipped_users: list[str] = field(default_factory=list)
    logins: list[DemoLogin] = field(default_factory=list)

    def count(self, label: str, n: int = 1) -> None:
        if n:
            self.created[label] = self.created.get(label, 0) + n

    @property
    def warnings(self) -> list[str]:
        return [
            f"Användaren ”{username}” finns redan och är ingen demoanvändare; den lämnas orörd."
            for username in self.skipped_users
        ]


def load_demo(
    *, today: date, days: int | None = None, scale: int = 1, progress: Progress | None = None
) -> LoadResult:
    """Load the demo up to (not including) `today`; `days` limits how far back it starts."""
    if scale < 1:
        raise DemoError("Skalan måste vara ett heltal som är minst 1.")
    if days is not None and days < 1:
        raise DemoError("Antalet dagar måste vara minst 1.")
    with transaction.atomic():
        result = LoadResult(municipality=_municipality())
        areas = _areas(result)
        organisations = _organisations(result)
        users = _users(result, organisations)
        places = _places(result, organisations)
        target = StreamTarget(
            municipality=result.municipality,
            today=today,
            areas=areas,
            organisations=organisations,
            users=users,
            places=places,
            categories=_categories(),
        )
        start = today - timedelta(days=days or HISTORY_DAYS)
        streams = [("demo", SEED, 1)]
        if scale > 1:
            # A separate stream: the normal demo stays the same at every scale.
            streams.append((f"skala-{scale}", SEED + scale, scale - 1))
        for stream, seed, volume in streams:
            counts = load_stream(
                target, stream=stream, seed=seed, scale=volume, start=start, progress=progress
            )
            result.count("rapporter", counts.reports)
            result.count("iakttagelser", counts.observations)
        refresh_counts(result.municipality.pk)
        _meeting(result, target)
        result.count("trygghetsmätningar", load_demo_surveys(result.municipality, areas))
        result.count("offentlig sida", publish_demo(result.municipality))
        _est_story(result, today)
        # Last: the county's view reads what the story confirmed (county.demo).
        result.count("länsstyrelsen", load_demo_county(today))
    result.logins = demo_logins(result)
    return result


def _est_story(result: LoadResult, today: date) -> None:
    """The growing problem's way through the EST loop (core.demo.story), part by part.

    The order matters: each part finds what an earlier one made by its name (problem ->
    tertial analysis -> cause analysis -> interventions -> action plan -> goals).
    """
    municipality = result.municipality
    result.count("problembilder", load_demo_problems(municipality, today))
    result.count("tertialanalys", load_demo_tertial(municipality, today))
    result.count("orsaksanalys", load_demo_analysis(municipality, today))
    result.count("insatser", load_demo_interventions(municipality, today))
    result.count("åtgärdsplan och överenskommelse", load_demo_plans(municipality, today))
    result.count("mål", load_demo_goals(municipality, today))


def _meeting(result: LoadResult, target: StreamTarget) -> None:
    """Last week's EST meeting with its decisions and confirmed picture (meetings.demo)."""
    coordinator = target.users.get("samordnare")
    if coordinator is None:
        return  # Somebody's own account holds the name: no demo meeting without the demo user.
    cast_ = DemoCast(
        municipality=result.municipality,
        coordinator=coordinator,
        organisations=target.organisations,
        users=target.users,
        areas=target.areas,
    )
    if load_demo_meeting(cast_, today=target.today) is not None:
        result.count("veckomöte")  # one a week at most


def _municipality() -> Municipality:
    existing = Municipality.objects.filter(slug=cast.MUNICIPALITY_SLUG).first()
    if existing is not None:
        if not existing.is_demo:
            raise DemoError(
                f"Kommunen med kortnamnet ”{cast.MUNICIPALITY_SLUG}” finns redan och är ingen "
                "demokommun. Demodata läses bara in i en demokommun."
            )
        return existing
    if Municipality.objects.filter(code=cast.MUNICIPALITY_CODE).exists():
        raise DemoError(
            f"Kommunkoden {cast.MUNICIPALITY_CODE} används redan av en annan kommun. "
            "Demokommunen kan inte läsas in i den här databasen."
        )
    return services.municipality_create(
        actor=None,
        name=cast.MUNICIPALITY_NAME,
        slug=cast.MUNICIPALITY_SLUG,
        code=cast.MUNICIPALITY_CODE,
        is_demo=True,
    )


def _areas(result: LoadResult) -> dict[str, Area]:
    features = json.loads(cast.AREAS_FILE.read_text(encoding="utf-8"))["features"]
    areas: dict[str, Area] = {}
    for feature in features:
        props = feature["properties"]
        area = Area.objects.filter(
            municipality=result.municipality, kind=props["kind"], name=props["name"], vintage=""
        ).first()
        if area is None:
            area = services.area_create(
                actor=None,
                municipality=result.municipality,
                name=props["name"],
                kind=props["kind"],
                code=props.get("code", ""),
                geometry=area_geometry(feature["geometry"]),
            )
            result.count("områden")
        areas[area.name] = area
    return areas


def _organisations(result: LoadResult) -> dict[str, Organisation]:
    existing = {o.slug: o for o in Organisation.objects.filter(municipality=result.municipality)}
    for demo in cast.ORGANISATIONS:
        if demo.slug not in existing:
            existing[demo.slug] = services.organisation_create(
                actor=None,
                municipality=result.municipality,
                name=demo.name,
                slug=demo.slug,
                kind=demo.kind,
            )
            result.count("organisationer")
    return existing


def _users(result: LoadResult, organisations: dict[str, Organisation]) -> dict[str, User]:
    users: dict[str, User] = {}
    for demo in cast.USERS:
        user = User.objects.filter(username=demo.username).first()
        if user is None:
            user = services.user_create(
                actor=None,
                username=demo.username,
                email=demo.email,
                first_name=demo.first_name,
                last_name=demo.last_name,
                password=cast.DEMO_PASSWORD,
                municipality=result.municipality,
            )
            result.count("användare")
        elif user.email != demo.email:
            # Somebody's own account with a demo name: never give it demo roles.
            result.skipped_users.append(demo.username)
            continue
        users[demo.username] = user
        _memberships(result, user, demo, organisations)
    return users


def _memberships(
    result: LoadResult, user: User, demo: cast.DemoUser, organisations: dict[str, Organisation]
) -> None:
    for slug, role in demo.memberships:
        organisation = organisations[slug]
        if not Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
            services.membership_create(actor=None, user=user, organisation=organisation, role=role)
            result.count("medlemskap")


def _places(result: LoadResult, organisations: dict[str, Organisation]) -> dict[str, Place]:
    existing = {p.name: p for p in Place.objects.filter(municipality=result.municipality)}
    for demo in cast.PLACES:
        if demo.name in existing:
            continue
        manager = MANAGED_BY_KIND.get(demo.kind)
        existing[demo.name] = services.place_create(
            actor=None,
            municipality=result.municipality,
            name=demo.name,
            kind=demo.kind,
            longitude=demo.longitude,
            latitude=demo.latitude,
            managing_organisation=organisations[manager] if manager else None,
        )
        result.count("platser")
    return existing


def demo_logins(result: LoadResult) -> list[DemoLogin]:
    """One row per demo membership, for the table the commands print."""
    names = {o.slug: o.name for o in cast.ORGANISATIONS}
    return [
        DemoLogin(demo.username, str(Role(role).label), names[slug], cast.DEMO_PASSWORD)
        for demo in cast.USERS
        if demo.username not in result.skipped_users
        for slug, role in demo.memberships
    ]


def format_logins(logins: list[DemoLogin]) -> str:
    """The logins as a plain-text table."""
    header = ("Användarnamn", "Roll", "Organisation", "Lösenord")
    rows = [header] + [(x.username, x.role, x.organisation, x.password) for x in logins]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def _categories() -> dict[str, Category]:
    categories = {c.code: c for c in Category.objects.filter(municipality=None)}
    if not categories:
        raise DemoError(
            "De nationella kategorierna saknas. Kör ”samordna migrate” och försök igen."
        )
    return categories
