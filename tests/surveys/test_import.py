"""Survey imports: police index, NTU shares and an own respondent-level survey; every
problem named by row and column, and nothing written unless everything is right."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from samordna.core.models import AuditEvent
from samordna.surveys.imports import detect_mapping
from samordna.surveys.models import Survey, SurveyItem, SurveyResponse, SurveyResult
from samordna.tabular.problems import ImportRefused
from tests.surveys.factories import NTU, POLICE, own_csv, run


def _state():
    return (
        Survey.objects.count(),
        SurveyItem.objects.count(),
        SurveyResult.objects.count(),
        SurveyResponse.objects.count(),
        AuditEvent.objects.filter(action="survey.import").count(),
    )


def _problems(world, kind, text, **kwargs):
    before = _state()
    with pytest.raises(ImportRefused) as caught:
        run(world, kind, text, **kwargs)
    assert _state() == before
    return [(p.row, p.column, p.reason) for p in caught.value.problems]


def test_police_file_becomes_one_round_per_year(world):
    result = run(world, Survey.Kind.POLICE, POLICE)

    assert result.years == [2024, 2025]
    rounds = Survey.objects.filter(municipality=world.a).order_by("year")
    assert [s.year for s in rounds] == [2024, 2025]
    latest = rounds[1]
    item = latest.items.get(code="ordningsstorningar")
    assert (item.group, item.scale, item.question) == ("disorder", "index", "Ordningsstörningar")
    women = SurveyResult.objects.get(item=item, gender="K")
    assert (women.area, women.value, women.respondents) == (world.area_a, 2.8, 64)
    whole = SurveyResult.objects.get(survey=latest, item__code="oro-for-brott")
    assert whole.area is None
    assert whole.region == ""
    assert AuditEvent.objects.filter(action="survey.import", municipality=world.a).count() == 2


def test_dry_run_writes_nothing_and_says_what_it_would_do(world):
    before = _state()

    result = run(world, Survey.Kind.POLICE, POLICE, dry_run=True)

    assert _state() == before
    assert "provkörning" in result.summary()
    assert result.rows == 5


def test_ntu_percent_column_is_read_as_a_share_and_the_county_as_a_region(world):
    run(world, Survey.Kind.NTU, NTU)

    municipality, county = SurveyResult.objects.order_by("respondents")
    assert (municipality.area, municipality.region, municipality.value) == (None, "", 0.27)
    assert county.region == "Örebro län"
    assert county.value == pytest.approx(0.315)
    assert county.item.scale == "share"


def test_ntu_share_above_one_without_percent_header_is_refused(world):
    text = "Område;År;Fråga;Andel;Antal svarande\nAlfastad;2025;Otrygg;27;400\n"

    problems = _problems(world, Survey.Kind.NTU, text)

    assert problems[0][:2] == (2, "Andel")
    assert "mellan 0 och 1" in problems[0][2]


def test_every_bad_cell_is_named_by_row_and_column(world):
    text = (
        "Område;År;Frågeområde;Index;Antal svarande\n"
        "Hemligområdet Alfa;2025;Ordningsstörningar;7,5;120\n"
        "Månstaden;2025;Oro för brott;2;100\n"
        "Hemligområdet Alfa;2025;Oro för brott;;100\n"
        "Hemligområdet Alfa;2025;Otrygghet;2;0\n"
        "Hemligområdet Alfa;2025;Väder;2;10\n"
        "Hemligområdet Alfa;2025;Polisen;2;10\n"
        "Hemligområdet Alfa;2025;Polisen;3;10\n"
    )

    problems = _problems(world, Survey.Kind.POLICE, text)

    assert (2, "Index", "Indexet ska ligga mellan 0 och 6.") in problems
    assert any(p[:2] == (3, "Område") and "finns inte" in p[2] for p in problems)
    assert (4, "Index", "Ange värde.") in problems
    assert (5, "Antal svarande", "Antalet svarande ska vara minst 1.") in problems
    assert any(p[:2] == (6, "Frågeområde") and "Okänt frågeområde" in p[2] for p in problems)
    assert any(p[0] == 8 and "upprepar rad 7" in p[2] for p in problems)
    assert len(problems) == 6


def test_a_missing_column_or_year_is_a_file_problem(world):
    text = "Område;Frågeområde;Index;Antal svarande\nHemligområdet Alfa;Oro;2;50\n"

    problems = _problems(world, Survey.Kind.POLICE, text)
    assert problems[0][0] is None
    assert "år" in problems[0][2]

    run(world, Survey.Kind.POLICE, text, year=2023)
    assert Survey.objects.get().year == 2023


def test_an_existing_round_is_refused_not_replaced(world):
    run(world, Survey.Kind.POLICE, POLICE)

    problems = _problems(world, Survey.Kind.POLICE, POLICE)

    assert "finns redan för 2024, 2025" in problems[0][2]


def test_own_survey_reads_respondents_and_judges_the_scales(world):
    text = own_csv(
        [
            ("Hemligområdet Alfa", "Kvinna", "65+", "5", "ja"),
            ("hemligområdet alfa", "M", "16-29", "1", "nej"),
            ("Hemligområdet Alfa", "annat", "30–49", "", "Ja"),
        ]
    )

    result = run(world, Survey.Kind.OWN, text, year=2026)

    survey = result.surveys[0]
    assert (survey.year, survey.kind) == (2026, "own")
    scales = dict(survey.items.values_list("question", "scale"))
    assert scales == {"Hur orolig är du för brott?": "index", "Otrygg sent en kväll?": "share"}
    responses = sorted(survey.responses.values_list("gender", "age_band", "answers"))
    assert responses[0] == (
        "K",
        "65+",
        {"hur-orolig-ar-du-for-brott": 5.0, "otrygg-sent-en-kvall": 1.0},
    )
    assert responses[1][:2] == ("M", "16–29")
    assert responses[2][2]["hur-orolig-ar-du-for-brott"] is None


def test_own_survey_problems_list_unknown_values_per_row(world):
    text = own_csv(
        [
            ("Hemligområdet Beta", "K", "65+", "5", "ja"),
            ("Hemligområdet Alfa", "", "65+", "9", "kanske"),
            ("Hemligområdet Alfa", "K", "gammal", "2", "ja"),
        ]
    )

    problems = _problems(world, Survey.Kind.OWN, text, year=2026)

    # B's area is not A's: unknown, and its name never listed among A's areas.
    assert any(p[:2] == (2, "Område") and "finns inte i kommunen" in p[2] for p in problems)
    assert (3, "Kön", "Ange kön (K, M eller annat).") in problems
    assert (3, "Hur orolig är du för brott?", "Svaret ska vara ett tal från 0 till 6.") in problems
    assert (3, "Otrygg sent en kväll?", "Svaret ska vara ja eller nej (eller 1/0).") in problems
    assert any(p[:2] == (4, "Ålder") for p in problems)


def test_mapping_overrides_name_roles_and_scales(world):
    text = (
        "Stadsdel;Kön;Åldersgrupp;Fråga 1;Kommentar\n"
        "Hemligområdet Alfa;K;30-49;1;Bra\n"
        "Hemligområdet Alfa;M;30-49;0;Dåligt\n"
    )

    result = run(world, Survey.Kind.OWN, text, year=2025, overrides="Fråga 1=andel, Kommentar=-")

    item = result.surveys[0].items.get()
    assert (item.code, item.scale) == ("fraga-1", "share")


def test_bad_overrides_are_refused():
    with pytest.raises(ImportRefused) as caught:
        detect_mapping(["Område", "F1"], own=True, overrides="F1=väder, Saknas=-")

    reasons = [p.reason for p in caught.value.problems]
    assert any("Okänt fält ”väder”" in r for r in reasons)
    assert any("”Saknas” finns inte" in r for r in reasons)


def test_duplicate_respondent_ids_are_refused(world):
    text = "Id;Område;Kön;Ålder;F1\n7;Hemligområdet Alfa;K;65+;2\n7;Hemligområdet Alfa;M;65+;3\n"

    problems = _problems(world, Survey.Kind.OWN, text, year=2025)

    assert (3, "Id", "Samma id som rad 2; varje svarande har ett eget id.") in problems


def test_only_coordinators_and_analysts_import(world):
    for role in ("reporter", "partner", "management", "admin"):
        with pytest.raises(PermissionDenied):
            run(world, Survey.Kind.POLICE, POLICE, actor=world.user(role))
    with pytest.raises(PermissionDenied):
        run(
            world, Survey.Kind.POLICE, POLICE, actor=world.user("coordinator", "other_municipality")
        )
    run(world, Survey.Kind.POLICE, POLICE, actor=world.user("analyst"))
    assert Survey.objects.count() == 2
