"""Counting for an effect follow-up, and the evaluation as plain data and as a chart.

Counted observations (reports.counts.COUNTED) in the target area A (the intervention's
`areas`), its buffer B and its control C, before (0) and after (1), by the day they
happened in Stockholm time. The evaluation is `samordna.analysis.displacement`'s; this
module only feeds it and turns its dataclasses into JSON a `FollowUp` can keep.

Police events carry no place finer than the municipality (integrations.ExternalEvent),
so they can never be split by A, B and C: they are counted for the whole municipality,
as context beside the evaluation and never in it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from samordna.analysis import displacement
from samordna.core.models import Area, Municipality
from samordna.integrations.models import ExternalEvent
from samordna.reports.counts import COUNTED
from samordna.reports.models import Category, Observation

# The target's earlier periods the regression-to-the-mean check looks at (at most).
HISTORY_PERIODS = 6
# chosen_at_peak needs at least this many earlier periods.
HISTORY_MIN = 2
COUNT_KEYS = ("a0", "a1", "b0", "b1", "c0", "c1")

POLICE_WHY = _(
    "Polisens händelser anges bara med kommunen som plats, aldrig med en adress eller "
    "ett område. De kan därför inte delas upp på insatsområde, buffertområde och "
    "kontrollområde, och visas bara som bakgrund för hela kommunen."
)


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def category_ids(categories: Iterable[Category]) -> set[int]:
    """The chosen categories with everything under them (observations use the leaves)."""
    chosen = {c.pk for c in categories}
    frontier = set(chosen)
    while frontier:
        children = set(Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = children - chosen
        chosen |= children
    return chosen


def observations(
    municipality: Municipality, categories: Iterable[Category]
) -> QuerySet[Observation]:
    """The municipality's counted observations of the categories (all when none)."""
    rows = Observation.objects.filter(COUNTED, municipality=municipality)
    ids = category_ids(categories)
    return rows.filter(category_id__in=ids) if ids else rows


def count_in(rows: QuerySet[Observation], areas: Iterable[Area], first: date, last: date) -> int:
    """Observations in `areas` that happened from `first` to `last`, both days included."""
    area_ids = [a.pk for a in areas]
    if not area_ids:
        return 0
    return rows.filter(
        area_id__in=area_ids,
        occurred_from__gte=_start(first),
        occurred_from__lt=_start(last + timedelta(days=1)),
    ).count()


def period_counts(
    rows: QuerySet[Observation],
    *,
    target: Sequence[Area],
    buffer: Sequence[Area],
    control: Sequence[Area],
    before: tuple[date, date],
    after: tuple[date, date],
) -> dict[str, int]:
    """The six counts {"a0", "a1", "b0", "b1", "c0", "c1"}."""
    counts = {}
    for letter, areas in (("a", target), ("b", buffer), ("c", control)):
        counts[f"{letter}0"] = count_in(rows, areas, *before)
        counts[f"{letter}1"] = count_in(rows, areas, *after)
    return counts


def target_history(
    rows: QuerySet[Observation], target: Sequence[Area], before: tuple[date, date]
) -> list[int]:
    """The target's counts in the periods just before "before", as long as it, oldest
    first; only periods after the municipality's first counted observation (an earlier
    period would be an empty one from before anyone reported, not a quiet one)."""
    first_seen = rows.order_by("occurred_from").values_list("occurred_from", flat=True).first()
    if first_seen is None:
        return []
    first_day = timezone.localdate(first_seen)
    length = (before[1] - before[0]).days + 1
    history = []
    for k in range(1, HISTORY_PERIODS + 1):
        start = before[0] - timedelta(days=length * k)
        if start < first_day:
            break
        history.append(count_in(rows, target, start, start + timedelta(days=length - 1)))
    return list(reversed(history))


def police_context(
    municipality: Municipality,
    categories: Iterable[Category],
    before: tuple[date, date],
    after: tuple[date, date],
) -> dict[str, Any]:
    """The municipality's police events of the categories' types, before and after."""
    types = sorted({t for c in categories for t in (c.polisen_types or [])})
    if not types:
        return {"types": [], "before": None, "after": None}
    events = ExternalEvent.objects.filter(
        municipality=municipality, type__in=types, is_summary=False
    )

    def between(first: date, last: date) -> int:
        return events.filter(
            occurred_at__gte=_start(first), occurred_at__lt=_start(last + timedelta(days=1))
        ).count()

    return {"types": types, "before": between(*before), "after": between(*after)}


def evaluate(counts: dict[str, int], history: Sequence[int]) -> displacement.Evaluation:
    """displacement.evaluate on the frozen counts; the peak check when history allows.

    The counts are the municipality's own observations, not crimes: the verdict says so.
    """
    return displacement.evaluate(
        *(counts[key] for key in COUNT_KEYS),
        history=list(history) if len(history) >= HISTORY_MIN else None,
        noun=displacement.OBSERVATIONS,
    )


def as_json(evaluation: displacement.Evaluation) -> dict[str, Any]:
    """The evaluation as plain JSON data (what `FollowUp.result` keeps)."""
    plain = dataclasses.asdict(evaluation)
    del plain["noun"]  # wording only; the verdict beside it is already written with it
    plain["band"] = evaluation.wdq.band
    return plain


# --- the chart ------------------------------------------------------------------------

_BAR_COLOURS = ("#8a97a5", "#1f5f8b")  # before: grey, after: blue (with hatching words)


def bar_chart(counts: dict[str, int], *, title: str) -> SafeString:
    """Six bars (A, B, C before and after) as a small accessible SVG; the table beside
    it on the page carries the numbers for those who cannot see it."""
    groups = (
        ("a", gettext_now("Insatsområde (A)")),
        ("b", gettext_now("Buffert (B)")),
        ("c", gettext_now("Kontroll (C)")),
    )
    before, after = escape(gettext_now("Före")), escape(gettext_now("Efter"))
    highest = max([counts.get(k, 0) for k in COUNT_KEYS] + [1])
    width, height, base, left = 360, 200, 160, 10
    group_width = (width - left) / 3
    bar = group_width / 3
    parts = [
        f'<svg role="img" aria-labelledby="effect-chart-title" class="chart chart--effect" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="effect-chart-title">{escape(title)}</title>',
        f'<line x1="{left}" y1="{base}" x2="{width}" y2="{base}" stroke="#4a5560"/>',
    ]
    for index, (letter, label) in enumerate(groups):
        x0 = left + index * group_width + bar / 2
        for period in (0, 1):
            value = counts.get(f"{letter}{period}", 0)
            bar_height = (base - 20) * value / highest
            x = x0 + period * bar
            y = base - bar_height
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar - 4:.1f}" '
                f'height="{bar_height:.1f}" fill="{_BAR_COLOURS[period]}"/>'
            )
            parts.append(
                f'<text x="{x + (bar - 4) / 2:.1f}" y="{y - 4:.1f}" font-size="11" '
                f'text-anchor="middle" fill="#1b1f24">{value}</text>'
            )
        parts.append(
            f'<text x="{x0 + bar - 2:.1f}" y="{base + 16}" font-size="11" '
            f'text-anchor="middle" fill="#1b1f24">{escape(label)}</text>'
        )
    parts.append(
        f'<rect x="{left}" y="{height - 14}" width="10" height="10" fill="{_BAR_COLOURS[0]}"/>'
        f'<text x="{left + 14}" y="{height - 5}" font-size="11" fill="#1b1f24">{before}</text>'
        f'<rect x="{left + 70}" y="{height - 14}" width="10" height="10" '
        f'fill="{_BAR_COLOURS[1]}"/>'
        f'<text x="{left + 84}" y="{height - 5}" font-size="11" fill="#1b1f24">{after}</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703 - numbers and escaped text only
