"""The demo's own safety survey: synthetic respondents in every demo area, 2024–2026.

Clearly labelled synthetic (`is_synthetic`, the title and the source note). The numbers
are drawn from a seeded model, so every load gives the same answers, with the pattern
Swedish surveys show: women and older people feel less safe, the areas differ, and the
picture improves a little each year. Idempotent: a year already loaded is left alone.
"""

from __future__ import annotations

import numpy as np
from django.db import transaction

from samordna.core.models import Area, Municipality
from samordna.surveys.imports.rows import Question, RespondentRow
from samordna.surveys.imports.service import SurveyMeta, own_round_create
from samordna.surveys.models import Survey

TITLE = "Örebros trygghetsenkät (syntetisk demo)"
YEARS = (2024, 2025, 2026)
SEED = 1880_7
SOURCE = (
    "Syntetiska data för demonstration: inga verkliga svarande. Slumpade svar enligt en "
    "modell där kvinnor och äldre känner sig mindre trygga och områdena skiljer sig åt."
)
BANDS = ("16–29", "30–49", "50–64", "65–84")
# Respondents a year, and how unsafe the area feels (standard deviations above the mean).
AREAS = {
    "Vivalla": (220, 0.7),
    "Baronbackarna": (180, 0.5),
    "Brickebacken": (160, 0.45),
    "Oxhagen": (140, 0.0),
    "Varberga": (150, 0.1),
    "Örebro centrum": (45, 0.3),
}
# code, question, group, scale, how strongly it follows unsafety, baseline.
QUESTIONS = (
    ("otrygg-kvall", "Känner du dig otrygg ute ensam sent en kväll i ditt område?",
     "insecurity", "share", 1.0, -0.6),
    ("avstar-platser", "Avstår du från att gå till vissa platser av oro för brott?",
     "insecurity", "share", 0.9, -1.0),
    ("oro-brott", "Hur orolig är du för att utsättas för brott? (0 = inte alls, 6 = mycket)",
     "worry", "index", 1.0, 2.2),
    ("ordning", "Hur stort problem är skadegörelse, nedskräpning och bråk? (0–6)",
     "disorder", "index", 0.8, 2.4),
    ("utsatt", "Har du utsatts för brott i området det senaste året?",
     "exposure", "share", 0.4, -1.5),
    ("fortroende-polis", "Hur stort förtroende har du för polisen? (0 = inget, 6 = mycket)",
     "police", "index", -0.5, 3.6),
)  # fmt: skip


def load_demo_surveys(municipality: Municipality, areas: dict[str, Area]) -> int:
    """Load the rounds not yet there; returns how many were added."""
    added = 0
    with transaction.atomic():
        for year in YEARS:
            exists = Survey.objects.filter(
                municipality=municipality, kind=Survey.Kind.OWN, title=TITLE, year=year
            ).exists()
            if exists:
                continue
            questions = [
                Question(c, q, scale, i) for i, (c, q, _, scale, *_) in enumerate(QUESTIONS)
            ]
            groups = {c: group for c, _, group, *_ in QUESTIONS}
            rows = respondents(areas, year)
            meta = SurveyMeta(Survey.Kind.OWN, TITLE, year, SOURCE, is_synthetic=True)
            own_round_create(
                actor=None, municipality=municipality, meta=meta, questions=questions,
                rows=rows, groups=groups,
            )  # fmt: skip
            added += 1
    return added


def respondents(areas: dict[str, Area], year: int) -> list[RespondentRow]:
    """One year's synthetic respondents (the same for the same year, every time)."""
    rng = np.random.default_rng(SEED + year)
    rows: list[RespondentRow] = []
    for name, (size, effect) in AREAS.items():
        area = areas.get(name)
        if area is None:
            continue
        for _ in range(size):
            gender = str(rng.choice(["K", "M", "X"], p=[0.51, 0.475, 0.015]))
            band = int(rng.choice(len(BANDS), p=[0.25, 0.33, 0.24, 0.18]))
            unsafe = (
                effect
                + (0.45 if gender == "K" else 0.0)
                + 0.18 * band
                - 0.12 * (year - YEARS[0])
                + rng.normal(0, 1)
            )
            rows.append(RespondentRow(area, gender, BANDS[band], _answers(rng, unsafe)))
    return rows


def _answers(rng: np.random.Generator, unsafe: float) -> dict[str, float | None]:
    answers: dict[str, float | None] = {}
    for code, _, _, scale, weight, base in QUESTIONS:
        if rng.random() < 0.03:  # a few skip a question
            answers[code] = None
        elif scale == "share":
            answers[code] = float(base + weight * unsafe + rng.normal(0, 1) > 0)
        else:
            value = base + weight * unsafe + rng.normal(0, 0.8)
            answers[code] = float(min(6, max(0, round(value))))
    return answers
