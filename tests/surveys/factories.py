"""Survey files and rounds for the tests; everything belongs to municipality A."""

from __future__ import annotations

from samordna.surveys.imports import SurveyMeta, detect_mapping, survey_import
from samordna.surveys.imports.rows import Question, RespondentRow
from samordna.surveys.imports.service import own_round_create
from samordna.surveys.models import Survey
from samordna.tabular.readers import read_table

SECRET_TITLE = "Hemliga enkäten Alfa"

POLICE = (
    "Område;År;Frågeområde;Kön;Index;Antal svarande\n"
    "Hemligområdet Alfa;2025;Ordningsstörningar;T;2,4;120\n"
    "Hemligområdet Alfa;2025;Ordningsstörningar;K;2,8;64\n"
    "Hemligområdet Alfa;2025;Ordningsstörningar;M;2,0;56\n"
    "Hela kommunen;2025;Oro för brott;T;1,9;800\n"
    "Hemligområdet Alfa;2024;Ordningsstörningar;T;2,6;110\n"
)
NTU = (
    "Område;År;Fråga;Andel (%);Antal svarande\n"
    "Alfastad;2025;Otrygg ute sent en kväll;27;400\n"
    "Örebro län;2025;Otrygg ute sent en kväll;31,5;2600\n"
)


def own_csv(rows: list[tuple[str, str, str, str, str]]) -> str:
    header = "Område;Kön;Ålder;Hur orolig är du för brott?;Otrygg sent en kväll?\n"
    return header + "".join(";".join(r) + "\n" for r in rows)


def run(world, kind, text, *, title="Trygghet", year=None, overrides="", dry_run=False, actor=None):
    table = read_table("fil.csv", text.encode())
    mapping = detect_mapping(table.columns, own=kind == Survey.Kind.OWN, overrides=overrides)
    return survey_import(
        actor=actor or world.user("coordinator"),
        municipality=world.a,
        meta=SurveyMeta(kind, title, year),
        rows=table.rows,
        mapping=mapping,
        dry_run=dry_run,
    )


def make_own_round(world, *, women=30, men=25, other=0, year=2025, title=SECRET_TITLE):
    """An own round in area A: women answer 4 (and ja), men 2 (and nej), with spread."""
    rows = []
    for gender, count, base, share in (
        ("K", women, 4, 1.0),
        ("M", men, 2, 0.0),
        ("X", other, 3, 1.0),
    ):
        for i in range(count):
            band = "16–29" if i % 2 else "65–84"
            answers = {"oro": float(base + (i % 3) - 1), "otrygg": share if i % 4 else 1 - share}
            rows.append(RespondentRow(world.area_a, gender, band, answers))
    questions = [
        Question("oro", "Hur orolig är du för brott?", "index", 3),
        Question("otrygg", "Otrygg sent en kväll?", "share", 4),
    ]
    return own_round_create(
        actor=None,
        municipality=world.a,
        meta=SurveyMeta(Survey.Kind.OWN, title, year),
        questions=questions,
        rows=rows,
        groups={"oro": "worry", "otrygg": "insecurity"},
    )
