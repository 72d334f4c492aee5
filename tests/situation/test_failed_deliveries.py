"""Failed deliveries: the coordinator's to-do leads to a page that lists them, per picture,
with the retry one click away; other municipalities' failures never show."""

from __future__ import annotations

from django.test import TestCase

from samordna.situation import services
from samordna.situation.distribution import recipient_add
from samordna.situation.models import Delivery

WEEK = "2026-W40"


def _fail_delivery(world, municipality, user, monkeypatch) -> Delivery:
    relation = "own_org" if municipality == world.a else "other_municipality"
    coordinator = world.user("coordinator", relation)
    recipient_add(actor=coordinator, municipality_id=municipality.pk, user=user)

    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    picture = services.picture_prepare(actor=coordinator, municipality=municipality, key=WEEK)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.picture_confirm(actor=coordinator, picture=picture)
    monkeypatch.undo()
    return Delivery.objects.get(picture=picture)


def test_the_start_page_links_the_count_to_the_list_of_failures(client, world, monkeypatch):
    delivery = _fail_delivery(world, world.a, world.user("partner"), monkeypatch)
    client.force_login(world.user("coordinator"))
    home = client.get("/").content.decode()
    start = home.index('<span class="todo__label">Misslyckade utskick')
    assert 'href="/lagesbild/utskick/misslyckade/"' in home[home.rfind("<a", 0, start) : start]

    page = client.get("/lagesbild/utskick/misslyckade/").content.decode()
    assert "mail server down" in page
    assert f'action="/lagesbild/bild/{delivery.picture_id}/skicka-igen/"' in page
    assert f'href="/lagesbild/bild/{delivery.picture_id}/#utskick"' in page


def test_another_municipalitys_failures_are_not_listed(client, world, monkeypatch):
    _fail_delivery(world, world.b, world.user("partner", "other_municipality"), monkeypatch)
    client.force_login(world.user("coordinator"))
    page = client.get("/lagesbild/utskick/misslyckade/").content.decode()
    assert "mail server down" not in page
    assert "Inga misslyckade utskick" in page


def test_a_sent_delivery_is_not_a_failure(client, world):
    recipient_add(
        actor=world.user("coordinator"), municipality_id=world.a.pk, user=world.user("partner")
    )
    picture = services.picture_prepare(
        actor=world.user("coordinator"), municipality=world.a, key=WEEK
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.picture_confirm(actor=world.user("coordinator"), picture=picture)
    assert Delivery.objects.get().status == Delivery.Status.SENT
    client.force_login(world.user("coordinator"))
    page = client.get("/lagesbild/utskick/misslyckade/").content.decode()
    assert "Inga misslyckade utskick" in page


def test_before_confirming_the_page_says_what_will_happen(client, world):
    from samordna.reports.models import Observation
    from tests.situation.factories import observe

    observed = observe(world, WEEK, 3)
    Observation.objects.filter(pk=observed[0].pk).update(status=Observation.Status.REVIEWED)
    client.force_login(world.user("coordinator"))

    page = client.get(f"/lagesbild/{WEEK}/").content.decode()
    assert "2 iakttagelser i perioden är inte granskade än" in page
    assert "Sändlistan är tom:" in page

    recipient_add(
        actor=world.user("coordinator"), municipality_id=world.a.pk, user=world.user("partner")
    )
    page = client.get(f"/lagesbild/{WEEK}/").content.decode()
    assert "Den skickas till 1 mottagare på sändlistan (1 med e-post)" in page
    assert "Sändlistan är tom:" not in page


def test_a_reader_is_not_shown_what_confirming_does(client, world):
    client.force_login(world.user("analyst"))
    page = client.get(f"/lagesbild/{WEEK}/").content.decode()
    assert "När bilden fastställs:" not in page
