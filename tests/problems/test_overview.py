"""The overview for management: red, overdue and unowned interventions, problems by
status and priority, the last tertial analysis, the areas' phases."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from samordna.interventions.models import Intervention, Rag, Status
from samordna.problems.models import AreaPhase, Phase, Problem, ProblemStatus
from samordna.tertial.models import TertialAnalysis, TertialSelection


def _intervention(world, title: str, *, owner=None, days: int = 5, **kwargs) -> Intervention:
    return Intervention.objects.create(
        municipality=world.a,
        title=title,
        owner_organisation=owner or world.a1,
        deadline=timezone.localdate() + timedelta(days=days),
        **kwargs,
    )


def _section(page: str, anchor: str) -> str:
    start = page.index(f'id="{anchor}"')
    return page[start : page.index("</table>", start)] if "<table" in page[start:] else ""


def test_red_overdue_and_unowned_open_interventions(client, world) -> None:
    person = world.user("partner", "own_org")
    _intervention(world, "Röd insats", rag=Rag.RED, owner_person=person)
    _intervention(world, "Sen insats", days=-2, owner_person=person)
    _intervention(world, "Ingen äger", owner=world.a2)
    _intervention(world, "Klar men röd", rag=Rag.RED, status=Status.DONE, days=-9)
    client.force_login(world.user("management", "other_org"))
    page = client.get("/problem/oversikt/").content.decode()
    assert "Röd insats" in _section(page, "roda")
    # Overdue shows red whatever was reported (issue 17), so it counts as red too.
    assert "Sen insats" in _section(page, "roda")
    assert "Klar men röd" not in page
    assert "Sen insats" in _section(page, "forsenade")
    unowned = _section(page, "utan-ansvarig")
    assert "Ingen äger" in unowned
    assert "Röd insats" not in unowned
    assert "/insatser/?overdue=on" in page
    # The red count links to the interventions list filtered on the light each row shows,
    # which lists the same open red ones (not the finished one that is still marked red).
    assert "/insatser/?rag=red" in page
    listed = client.get("/insatser/?rag=red").content.decode()
    assert "Röd insats" in listed
    assert "Sen insats" in listed
    assert "Klar men röd" not in listed
    assert "Ingen äger" not in listed


def test_a_partner_sees_only_its_own_organisation(client, world) -> None:
    _intervention(world, "Vår röda", rag=Rag.RED)
    _intervention(world, "Deras röda", rag=Rag.RED, owner=world.a2)
    Problem.objects.create(municipality=world.a, title="x", owner_organisation=world.a2)
    Problem.objects.create(municipality=world.a, title="y", owner_organisation=world.a1)
    client.force_login(world.user("partner", "own_org"))
    response = client.get("/problem/oversikt/")
    page = response.content.decode()
    assert "Vår röda" in page
    assert "Deras röda" not in page
    assert response.context["problems"]["total"] == 1
    assert "Senaste tertialanalysen" not in page


def test_problems_by_status_and_priority(client, world) -> None:
    Problem.objects.create(municipality=world.a, title="a", priority=1)
    Problem.objects.create(
        municipality=world.a, title="b", priority=1, status=ProblemStatus.ANALYSED
    )
    Problem.objects.create(municipality=world.a, title="c", priority=3, status=ProblemStatus.CLOSED)
    Problem.objects.create(municipality=world.b, title="elsewhere")
    client.force_login(world.user("coordinator"))
    problems = client.get("/problem/oversikt/").context["problems"]
    by_status = {str(label): n for label, n, _url in problems["by_status"]}
    by_priority = {str(label): n for label, n, _url in problems["by_priority"]}
    assert problems["total"] == 3
    assert by_status["Identifierad"] == 1
    assert by_status["Analyserad"] == 1
    assert by_status["Avslutad"] == 1
    assert by_priority == {"Hög": 2, "Medel": 0, "Låg": 0}  # open ones only


def test_the_last_done_tertial_and_the_phases(client, world) -> None:
    client.force_login(world.user("analyst"))
    page = client.get("/problem/oversikt/").content.decode()
    assert "Ingen tertialanalys är klar ännu." in page
    assert "Inget område har fått en fas ännu." in page
    problem = Problem.objects.create(municipality=world.a, title="Mopeder i Alfa")
    done = TertialAnalysis.objects.create(
        municipality=world.a, period_key="2026-T2", status="done", conclusions="Mopederna ökar."
    )
    TertialAnalysis.objects.create(
        municipality=world.a, period_key="2026-T3", conclusions="Utkast, inte klart."
    )
    TertialSelection.objects.create(
        analysis=done, municipality=world.a, problem=problem, justification="Växer tre tertial."
    )
    first = Phase.objects.create(municipality=world.a, order=1, name="Kartläggning")
    second = Phase.objects.create(municipality=world.a, order=2, name="Genomförande")
    AreaPhase.objects.create(
        area=world.area_a, municipality=world.a, phase=first, since=date(2026, 1, 1)
    )
    AreaPhase.objects.create(
        area=world.area_a, municipality=world.a, phase=second, since=date(2026, 6, 1)
    )
    page = client.get("/problem/oversikt/").content.decode()
    assert "Mopederna ökar." in page
    assert "Utkast, inte klart." not in page
    assert "Växer tre tertial." in page
    assert f"/problem/{problem.pk}/orsaksanalys/" in page
    assert "2. Genomförande" in page
    assert "Kartläggning" not in page


def test_reporters_are_refused(client, world) -> None:
    client.force_login(world.user("reporter"))
    assert client.get("/problem/oversikt/").status_code == 403


def test_counts_link_to_the_filtered_lists(client, world) -> None:
    Problem.objects.create(municipality=world.a, title="a", priority=1)
    client.force_login(world.user("partner", "own_org"))
    Problem.objects.filter(title="a").update(owner_organisation=world.a1)
    page = client.get("/problem/oversikt/").content.decode()
    assert f"/problem/?status=identified&amp;owner={world.a1.pk}" in page
    assert f"/problem/?priority=1&amp;open=on&amp;owner={world.a1.pk}" in page
    assert f"/insatser/?overdue=on&amp;owner={world.a1.pk}" in page


def test_the_number_of_queries_does_not_grow_with_the_rows(client, world) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.user("management"))
    _intervention(world, "Första", rag=Rag.RED, days=-1)
    with CaptureQueriesContext(connection) as few:
        client.get("/problem/oversikt/")
    for n in range(8):
        _intervention(world, f"Insats {n}", rag=Rag.RED, days=-1, owner=world.a2)
    with CaptureQueriesContext(connection) as many:
        client.get("/problem/oversikt/")
    assert len(many.captured_queries) == len(few.captured_queries)
