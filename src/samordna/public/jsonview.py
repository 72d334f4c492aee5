"""The public page as JSON: the same aggregates, a suppressed value as null."""

from __future__ import annotations

from typing import Any

from samordna.public.promises import PublicPromise
from samordna.public.selectors import QUARTER_RULE, PublicPage, SurveyBlock

FORMAT = "samordna.public/1"


def page_json(page: PublicPage) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": FORMAT,
        "municipality": {"slug": page.slug, "name": page.municipality},
        "min_count": page.min_count,
        "observations": None,
        "surveys": None,
    }
    if page.counts is not None:
        table = page.counts
        document["observations"] = {
            "rule": QUARTER_RULE,
            "quarters": table.quarters,
            "areas": [
                {
                    "code": row.code,
                    "name": row.name,
                    "counts": [
                        {"quarter": q, **f.as_json("count")}
                        for q, f in zip(table.quarters, row.figures, strict=True)
                    ],
                }
                for row in table.rows
            ],
            "total": [
                {"quarter": q, **f.as_json("count")}
                for q, f in zip(table.quarters, table.total, strict=True)
            ],
        }
    if page.surveys is not None:
        document["surveys"] = [_survey(block) for block in page.surveys]
    document["promises"] = [_promise(page.slug, promise) for promise in page.promises]
    return document


def _promise(slug: str, promise: PublicPromise) -> dict[str, Any]:
    return {
        "slug": promise.slug,
        "url": f"/offentlig/{slug}/lofte/{promise.slug}/",
        "title": promise.title,
        "year": promise.year,
        "summary": promise.summary,
        "police_area": promise.police_area,
        "commitments": [
            {
                "party": c.party,
                "text": c.text,
                "status": c.status,
                "status_label": c.status_label,
                "public_status": c.public_status,
            }
            for c in promise.commitments
        ],
    }


def _survey(block: SurveyBlock) -> dict[str, Any]:
    return {
        "title": block.title,
        "year": block.year,
        "synthetic": block.is_synthetic,
        "min_respondents": block.minimum,
        "items": [
            {
                "question": row.question,
                "scale": row.scale,
                "all": row.whole.as_json(),
                "women": row.women.as_json(),
                "men": row.men.as_json(),
                "areas": [{"name": a.name, **a.figures[0].as_json()} for a in row.areas],
            }
            for row in block.rows
        ],
    }
