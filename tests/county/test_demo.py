"""The county's demo step: Örebro (and Lekeberg, when there) share with county 18, the
officer `lansstyrelsen` sees them, and a second load adds nothing."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from samordna.core import services as core_services
from samordna.core.models import CountyMembership
from samordna.county.demo import OFFICER, load_demo_county
from samordna.county.models import ConfirmedWeek, CountySharing


def test_the_demo_county_shares_and_its_officer_sees_it(db):
    orebro = core_services.municipality_create(
        actor=None, name="Örebro", slug="orebro", code="1880", is_demo=True
    )
    lekeberg = core_services.municipality_create(
        actor=None, name="Lekeberg", slug="lekeberg", code="1814", is_demo=True
    )
    today = timezone.localdate()
    assert load_demo_county(today) > 0
    assert CountyMembership.objects.get(user__username=OFFICER).county_code == "18"
    assert set(
        CountySharing.objects.filter(
            revoked_at=None, municipality__code__startswith="18"
        ).values_list("municipality", flat=True)
    ) == {orebro.pk, lekeberg.pk}
    # 8 recent weeks and 9 a year earlier, for each municipality
    assert ConfirmedWeek.objects.filter(municipality=orebro).count() == 17
    assert load_demo_county(today) == 0
    client = Client()
    client.force_login(CountyMembership.objects.get(county_code="18").user)
    page = client.get("/lan/?slag=tertial").content.decode()
    assert "Örebro" in page
    assert "Lekeberg" in page
    # synthetic data is labelled as such on the county's pages too
    assert "syntetiska data" in page
