"""The county view: only the county's sharing municipalities, small counts hidden as on
the public page, trends against the same period a year earlier, and consent that takes
effect at once."""

from __future__ import annotations

from samordna.core import services as core_services
from samordna.core.models import AuditEvent
from samordna.county.models import CountySharing
from samordna.county.selectors import overview
from samordna.county.trends import trend
from tests.county.factories import DAMAGE, LITTER, confirmed_week

WEEK = "2026-W40"


def _officer(client, world, relation="county_of_a"):
    client.force_login(world.user("county", relation))
    return client


def _gamma(world):
    """A municipality of another county (98) that shares with its county."""
    gamma = core_services.municipality_create(
        actor=None, name="Gammastad", slug="gamma", code="9801"
    )
    CountySharing.objects.create(municipality=gamma)
    confirmed_week(gamma, WEEK, {DAMAGE: 40})
    return gamma


def test_small_counts_are_hidden_and_a_complement_too(world):
    # given A with 40 of one category and 2 of another in the week
    confirmed_week(world.a, WEEK, {DAMAGE: 40, LITTER: 2})
    # when the county's table is made
    table = overview([world.a], WEEK)
    row = table.rows[0]
    cells = dict(zip([c for c, _ in table.categories], row.cells, strict=True))
    # then 2 is "färre än 5", and 40 is hidden as well (total 42 minus 40 would give 2)
    assert cells[LITTER].text == "färre än 5"
    assert cells[LITTER].value is None
    assert cells[DAMAGE].text == "visas inte"
    assert row.total.value == 42


def test_the_page_shows_only_the_countys_sharing_municipalities(client, world):
    # given A (shares, county 99), B (county 99, does not share) and Gamma (county 98)
    confirmed_week(world.a, WEEK, {DAMAGE: 30, LITTER: 20})
    confirmed_week(world.b, WEEK, {DAMAGE: 50})
    _gamma(world)
    # when county 99's officer opens the view
    page = _officer(client, world).get(f"/lan/?slag=week&period={WEEK}").content.decode()
    # then A's numbers show, B and Gamma never
    assert "Alfastad" in page
    assert ">30<" in page
    assert ">50<" in page
    assert "Betaby" not in page
    assert "Gammastad" not in page
    # and county 98's officer sees Gamma, never A
    other = _officer(client, world, "other_county").get(f"/lan/?period={WEEK}").content.decode()
    assert "Gammastad" in other
    assert "Alfastad" not in other
    assert "Betaby" not in other


def test_stopping_to_share_removes_the_data_at_once(client, world):
    confirmed_week(world.a, WEEK, {DAMAGE: 30})
    assert "Alfastad" in _officer(client, world).get("/lan/").content.decode()
    # when A's admin confirms that A stops sharing
    client.force_login(world.user("admin"))
    assert "Alfastad" in client.get("/lan/delning/sluta/").content.decode()
    assert CountySharing.objects.filter(revoked_at=None, municipality=world.a).exists()
    response = client.post("/lan/delning/sluta/")
    assert response.status_code == 302
    # then the change is on record and the county sees nothing of A, in no form
    assert AuditEvent.objects.filter(action="county.unshare", municipality=world.a).count() == 1
    officer = _officer(client, world)
    for path in ("/lan/", "/lan/efterlevnad/", "/lan/efterlevnad/export.xlsx"):
        body = officer.get(path).content
        assert b"Alfastad" not in body, path
    # and sharing again is one confirmed step away
    client.force_login(world.user("admin"))
    client.post("/lan/delning/dela/")
    assert "Alfastad" in _officer(client, world).get("/lan/").content.decode()


def test_each_admin_decides_for_their_own_municipality(client, world):
    client.force_login(world.user("admin", "other_municipality"))
    client.post("/lan/delning/dela/")
    # B now shares, A still does: each admin decides for their own municipality only
    assert CountySharing.objects.filter(revoked_at=None).count() == 2


def test_trends_compare_with_last_year_and_say_when_they_cannot():
    assert trend((120, 4), (100, 4), 5).sentence == (
        "120 mot 100 samma period förra året: fler (+20 %)."
    )
    assert trend((120, 4), (100, 4), 5).arrow == "↑"
    assert trend((104, 4), (100, 4), 5).direction == "same"
    assert "per fastställd vecka" in trend((120, 4), (50, 2), 5).sentence
    assert trend((120, 4), (3, 4), 5).sentence.startswith("För få iakttagelser")
    assert trend((120, 4), (0, 0), 5).direction == ""


def test_the_year_view_compares_with_last_year(world):
    confirmed_week(world.a, "2026-W10", {DAMAGE: 30})
    confirmed_week(world.a, "2025-W10", {DAMAGE: 20})
    table = overview([world.a], "2026")
    assert table.rows[0].total.value == 30
    assert table.rows[0].trend.sentence.startswith("30 mot 20")


def test_the_officers_start_page_leads_to_the_countys_view(client, world):
    page = _officer(client, world).get("/").content.decode()
    assert 'href="/lan/"' in page
    client.force_login(world.user("operator", "platform"))
    assert 'href="/lan/"' not in client.get("/").content.decode()
