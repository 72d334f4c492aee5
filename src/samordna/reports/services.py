"""Writing reports. One submission is one transaction: all its observations or none.

Intake is idempotent: a report is known by the client's UUID, so a phone that sends
the same draft twice after a dropped connection creates one report.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from samordna.analysis.periods import iso_week, tertial
from samordna.core import audit
from samordna.core.geo import to_sweref
from samordna.core.models import Area, Municipality, Organisation, User
from samordna.reports.counts import refresh_counts
from samordna.reports.destinations import ElsewhereError, points_elsewhere
from samordna.reports.form_lists import form_lists
from samordna.reports.intake import ObservationInput, check_observation
from samordna.reports.models import Observation, Report

MAX_OBSERVATIONS = 50


@dataclass(frozen=True)
class Submitted:
    report: Report
    created: bool


def report_submit(
    *,
    actor: User | None,
    organisation: Organisation,
    client_uuid: uuid.UUID,
    observations: Sequence[ObservationInput],
    source: str = Report.Source.WEB,
) -> Submitted:
    """File a report for `organisation`; the same `client_uuid` again returns the first one.

    Raises ValidationError keyed "observations.<n>.<field>" (n from 1) listing every
    problem; nothing is written then.
    """
    existing = Report.objects.filter(client_uuid=client_uuid).first()
    if existing is not None:
        if existing.organisation_id != organisation.pk:
            raise ValidationError({"client_uuid": "Id:t används redan av en annan rapport."})
        return Submitted(existing, created=False)
    _check_all(observations, organisation)
    located = _located(organisation.municipality, observations)
    _check_municipality(actor, organisation, observations, located)
    try:
        report = _file(actor, organisation, client_uuid, observations, source, located)
    except IntegrityError:
        # The same draft sent twice at the same moment: the other request won.
        existing = Report.objects.filter(client_uuid=client_uuid).first()
        if existing is None or existing.organisation_id != organisation.pk:
            raise
        return Submitted(existing, created=False)
    return Submitted(report, created=True)


def _file(
    actor: User | None,
    organisation: Organisation,
    client_uuid: uuid.UUID,
    observations: Sequence[ObservationInput],
    source: str,
    located: Sequence[Area | None],
) -> Report:
    with transaction.atomic():
        report = Report.objects.create(
            municipality_id=organisation.municipality_id,
            organisation=organisation,
            reporter=actor,
            client_uuid=client_uuid,
            source=source,
        )
        rows = _observation_rows(report, observations, located)
        Observation.objects.bulk_create(rows)
        # bulk_create sets the ids where the database returns them (SQLite, PostgreSQL).
        ids = [row.pk for row in rows]
        refresh_counts(
            report.municipality_id,
            {row.week_key for row in rows},
            None if None in ids else ids,
        )
        audit.record(
            actor=actor,
            action="report.submit",
            target=report,
            organisation=organisation,
            changes={"observations": len(rows), "source": source},
        )
    return report


def _check_all(observations: Sequence[ObservationInput], organisation: Organisation) -> None:
    if not observations:
        raise ValidationError({"observations": "En rapport behöver minst en iakttagelse."})
    if len(observations) > MAX_OBSERVATIONS:
        raise ValidationError(
            {"observations": f"Högst {MAX_OBSERVATIONS} iakttagelser i en rapport."}
        )
    now = timezone.now()
    problems = {
        f"observations.{n}.{name}": message
        for n, data in enumerate(observations, start=1)
        for name, message in check_observation(data, organisation.municipality, now=now).items()
    }
    if problems:
        raise ValidationError(problems)


def _located(
    municipality: Municipality, observations: Sequence[ObservationInput]
) -> list[Area | None]:
    """The area under each observation's point (None without one), EST areas first, from
    the areas the report form keeps per process (reports.form_lists)."""
    points = [(o.longitude, o.latitude) for o in observations]
    if all(lon is None or lat is None for lon, lat in points):
        return [None] * len(points)
    ordered, index = form_lists(municipality).area_index()
    xs = np.array([np.nan if lon is None else lon for lon, _ in points], dtype=float)
    ys = np.array([np.nan if lat is None else lat for _, lat in points], dtype=float)
    return [ordered[i] if i >= 0 else None for i in index.locate(xs, ys)]


def _check_municipality(
    actor: User | None,
    organisation: Organisation,
    observations: Sequence[ObservationInput],
    located: Sequence[Area | None],
) -> None:
    """Refuse a point that lies in another of the reporter's municipalities (issue 19):
    the report is for the organisation's municipality, and is never moved silently."""
    points = [(o.longitude, o.latitude) for o in observations]
    elsewhere = points_elsewhere(actor, organisation.municipality, points, located)
    if elsewhere:
        raise ElsewhereError(elsewhere, organisation.municipality)


def _observation_rows(
    report: Report, observations: Sequence[ObservationInput], located: Sequence[Area | None]
) -> list[Observation]:
    rows = []
    for data, area in zip(observations, located, strict=True):
        x = y = None
        if data.longitude is not None and data.latitude is not None:
            xs, ys = to_sweref(np.array([data.longitude]), np.array([data.latitude]))
            x, y = float(xs[0]), float(ys[0])
        area = data.area or area
        # Else the place's own area, by id: no query for the place's area row.
        where: dict[str, Any] = (
            {"area": area} if area else {"area_id": data.place.area_id if data.place else None}
        )
        rows.append(
            Observation(
                report=report,
                municipality_id=report.municipality_id,
                organisation_id=report.organisation_id,
                category=data.category,
                occurred_from=data.occurred_from,
                occurred_to=data.occurred_to,
                time_band=data.time_band,
                longitude=data.longitude,
                latitude=data.latitude,
                x=x,
                y=y,
                place=data.place,
                address=data.address.strip(),
                place_type=data.place_type,
                people_count=data.people_count,
                unsafety=data.unsafety,
                certainty=data.certainty,
                reported_to_police=data.reported_to_police,
                immediate_action=data.immediate_action.strip(),
                free_text=data.free_text.strip(),
                week_key=iso_week(data.occurred_from),
                tertial_key=tertial(data.occurred_from),
                **where,
            )
        )
    return rows
