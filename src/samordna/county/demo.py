"""The county's demo (synthetic, labelled as such): Örebro (1880) and, when the demo holds
it, Lekeberg (1814) share with Örebro län (18); the county officer `lansstyrelsen` sees
them. Idempotent: a later load adds only what is missing.

So that the county's view has weeks to sum and a year to compare with, each sharing demo
municipality gets the confirmed week pictures it lacks for weeks 2–9 before today and
weeks 1–9 a year earlier: compiled from its own weekly counts and frozen as a
confirmation freezes them, but without mail or reporter feedback (these are "old"
pictures, confirmed before the demo's distribution list existed). Last, the aggregates
are filled from every confirmed week picture (county.aggregates.backfill).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from samordna.analysis.periods import iso_week, last_year
from samordna.core import services as core_services
from samordna.core.demo import cast
from samordna.core.models import CountyMembership, Municipality, User
from samordna.county.aggregates import backfill
from samordna.county.models import CoordinationFunction
from samordna.county.services import active_sharing, coordination_set, sharing_start
from samordna.situation.compile import compile_document, content_hash
from samordna.situation.documents import picture_block
from samordna.situation.models import SituationPicture

COUNTY = "18"
OFFICER = "lansstyrelsen"
DEMO_CODES = ("1880", "1814")
WEEKS_BACK = range(2, 10)
COORDINATION = "Brottsförebyggande samordnare, kommunledningsförvaltningen (syntetisk demo)"


def load_demo_county(today: date) -> int:
    """Share, name the officer and the coordination function, confirm the old weeks, and
    fill the aggregates; the number of things added."""
    added = _officer()
    for municipality in Municipality.objects.filter(code__in=DEMO_CODES).order_by("code"):
        if active_sharing(municipality) is None:
            sharing_start(actor=None, municipality=municipality)
            added += 1
        added += _old_weeks(municipality, today)
    orebro = Municipality.objects.filter(code=DEMO_CODES[0]).first()
    if orebro is not None and not CoordinationFunction.objects.filter(municipality=orebro).exists():
        appointed = date(today.year - 1, 9, 1)
        coordination_set(
            actor=None, municipality=orebro, description=COORDINATION, appointed_on=appointed
        )
        added += 1
    backfill([m.pk for m in Municipality.objects.filter(code__in=DEMO_CODES)])
    return added


def _officer() -> int:
    user = User.objects.filter(username=OFFICER).first()
    added = 0
    if user is None:
        user = core_services.user_create(
            actor=None,
            username=OFFICER,
            email="lansstyrelsen@example.invalid",
            first_name="Länsstyrelsen",
            last_name="(demo)",
            password=cast.DEMO_PASSWORD,
        )
        added += 1
    _, created = CountyMembership.objects.get_or_create(user=user, county_code=COUNTY)
    return added + created


def _old_weeks(municipality: Municipality, today: date) -> int:
    # Last week's picture is the meeting's (meetings.demo); its year-old twin is ours.
    keys = [iso_week(today - timedelta(weeks=n)) for n in WEEKS_BACK]
    keys += [last_year(iso_week(today - timedelta(weeks=n))) for n in (1, *WEEKS_BACK)]
    existing = set(
        SituationPicture.objects.filter(municipality=municipality, period_key__in=keys).values_list(
            "period_key", flat=True
        )
    )
    added = 0
    for key in sorted(set(keys) - existing):
        picture = SituationPicture(
            municipality=municipality,
            kind="week",
            period_key=key,
            status=SituationPicture.Status.CONFIRMED,
            confirmed_at=timezone.now(),
            summary="Syntetisk demo: en tidigare fastställd veckolägesbild.",
        )
        document = compile_document(municipality, key, picture=picture_block(picture))
        picture.content_hash = document["picture"]["content_hash"] = content_hash(document)
        picture.snapshot = document
        picture.save()
        added += 1
    return added
