"""Synthetic reports and observations written in bulk, one stream at a time.

A stream is one seeded run of the generator (the normal demo, or a `--scale`
volume). Its audit event (`demo.load_observations`) records the last day it holds,
so a later run continues from there; report `client_uuid`s are uuid5 of
(stream, day, organisation, number), so a day written twice is written once.
Rows go in with `bulk_create`, inside the caller's transaction, and one audit event
per stream says how many: never one per row.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from samordna.analysis import periods
from samordna.core import audit
from samordna.core.demo import cast
from samordna.core.geo import to_sweref
from samordna.core.models import Area, AuditEvent, Municipality, Organisation, Place, User
from samordna.demo.generator import (
    STOCKHOLM,
    DayBatch,
    Generator,
    SyntheticObservation,
    read_areas,
)
from samordna.reports.models import Category, Observation, Report

# Fixed, so the same day's reports get the same client_uuid in every database.
NAMESPACE = uuid.UUID("5a3e0f6c-1880-4d6e-9a55-0d3e5a7b1880")
LOAD_ACTION = "demo.load_observations"
REVIEWED_AFTER = timedelta(days=14)
BATCH_SIZE = 5000

Progress = Callable[[str], None]


def swedish_int(n: int) -> str:
    """12 345: Swedish groups thousands with a (non-breaking) space."""
    return f"{n:,}".replace(",", "\u00a0")


@dataclass(frozen=True)
class StreamTarget:
    """The rows every synthetic observation points to, looked up once per load."""

    municipality: Municipality
    today: date
    areas: dict[str, Area]
    organisations: dict[str, Organisation]
    users: dict[str, User]
    places: dict[str, Place]
    categories: dict[str, Category]
    # Another demo municipality (issue 19): its areas, its volume as a share of Örebro's,
    # and its demo users who own the reports of the organisation each one plays.
    areas_file: Path = cast.AREAS_FILE
    volume: float = 1.0
    reporter_of: Mapping[str, str] = field(default_factory=lambda: cast.REPORTER_OF)


@dataclass(frozen=True)
class StreamCounts:
    reports: int = 0
    observations: int = 0


def load_stream(
    target: StreamTarget,
    *,
    stream: str,
    seed: int,
    scale: int,
    start: date,
    progress: Progress | None = None,
) -> StreamCounts:
    """Write the days from `start` (or after the stream's last load) up to `today`."""
    loaded_until = _loaded_until(target.municipality, stream)
    if loaded_until is not None:
        start = max(start, loaded_until + timedelta(days=1))
    if start >= target.today:
        return StreamCounts()
    last_day = target.today - timedelta(days=1)
    writer = _Writer(target, stream)
    generator = Generator(read_areas(target.areas_file), seed=seed, scale=scale * target.volume)
    for batch in generator.days(start, target.today, today=target.today):
        writer.add(batch)
        if progress and batch.day.month == 12 and batch.day.day == 31:
            progress(f"  Iakttagelser ({stream}): {batch.day.year} klart, {writer.progress}")
    writer.flush()
    if progress:
        progress(f"  Iakttagelser ({stream}): t.o.m. {last_day}, {writer.progress}")
    audit.record(
        actor=None,
        action=LOAD_ACTION,
        target=target.municipality,
        changes={
            "stream": stream,
            "scale": scale,
            "first_day": start.isoformat(),
            "last_day": last_day.isoformat(),
            "reports": writer.reports,
            "observations": writer.observations,
        },
    )
    return StreamCounts(writer.reports, writer.observations)


def _loaded_until(municipality: Municipality, stream: str) -> date | None:
    changes = AuditEvent.objects.filter(
        municipality=municipality, action=LOAD_ACTION, changes__stream=stream
    ).values_list("changes", flat=True)
    return max((date.fromisoformat(c["last_day"]) for c in changes), default=None)


class _Writer:
    """Turns day batches into Report and Observation rows, written a few thousand at a time."""

    def __init__(self, target: StreamTarget, stream: str) -> None:
        self.target = target
        self.stream = stream
        self.reports = 0
        self.observations = 0
        self.generated = 0
        self._pending: list[tuple[Report, list[Observation]]] = []
        self._pending_rows = 0
        # A report is never "submitted" after the run's day has begun.
        self._latest = datetime.combine(target.today, time(0), tzinfo=STOCKHOLM)

    @property
    def progress(self) -> str:
        return f"{swedish_int(self.generated)} hittills"

    def add(self, batch: DayBatch) -> None:
        x, y = to_sweref(batch.longitude, batch.latitude)
        common = {
            "week_key": periods.iso_week(batch.day),
            "tertial_key": periods.tertial(batch.day),
            "status": (
                Observation.Status.REVIEWED
                if batch.day < self.target.today - REVIEWED_AFTER
                else Observation.Status.SUBMITTED
            ),
        }
        reports: dict[tuple[str, int], tuple[Report, list[Observation]]] = {}
        for record, east, north in zip(batch.records(), x.tolist(), y.tolist(), strict=True):
            key = (record.reporter, record.report)
            if key not in reports:
                reports[key] = (self._report(batch.day, *key), [])
            report, observations = reports[key]
            report.submitted_at = min(record.occurred_at + timedelta(hours=1), self._latest)
            observations.append(self._observation(record, report, east, north, common))
        self._pending.extend(reports.values())
        self._pending_rows += len(batch)
        self.generated += len(batch)
        if self._pending_rows >= BATCH_SIZE:
            self.flush()

    def _report(self, day: date, reporter: str, number: int) -> Report:
        username = self.target.reporter_of.get(reporter)
        return Report(
            municipality=self.target.municipality,
            organisation=self.target.organisations[reporter],
            reporter=self.target.users.get(username) if username else None,
            client_uuid=uuid.uuid5(
                NAMESPACE, f"{self.stream}/{day.isoformat()}/{reporter}/{number}"
            ),
            source=Report.Source.DEMO,
            is_synthetic=True,
        )

    def _observation(
        self,
        record: SyntheticObservation,
        report: Report,
        east: float,
        north: float,
        common: dict[str, Any],
    ) -> Observation:
        t = self.target
        return Observation(
            report=report,
            municipality=t.municipality,
            organisation=report.organisation,
            category=t.categories[record.category],
            occurred_from=record.occurred_at,
            time_band=record.time_band,
            longitude=record.longitude,
            latitude=record.latitude,
            x=east,
            y=north,
            place=t.places.get(record.place) if record.place else None,
            area=t.areas[record.area],
            place_type=record.place_type,
            people_count=record.people_count,
            unsafety=record.unsafety,
            certainty=record.certainty,
            reported_to_police=record.reported_to_police,
            free_text=record.free_text,
            is_synthetic=True,
            **common,
        )

    def flush(self) -> None:
        uuids = [report.client_uuid for report, _ in self._pending]
        present = set(
            Report.objects.filter(client_uuid__in=uuids).values_list("client_uuid", flat=True)
        )
        fresh = [(r, obs) for r, obs in self._pending if r.client_uuid not in present]
        Report.objects.bulk_create([r for r, _ in fresh], batch_size=1000)
        rows: list[Observation] = []
        for report, observations in fresh:
            for observation in observations:
                # created_at follows the synthetic submission, so "latest" lists look real.
                observation.created_at = report.submitted_at
                rows.append(observation)
        Observation.objects.bulk_create(rows, batch_size=1000)
        self.reports += len(fresh)
        self.observations += len(rows)
        self._pending, self._pending_rows = [], 0
