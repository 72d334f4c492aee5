"""`kolada_import`: fetch a municipality's key figures from Kolada, check every record,
then write them all in one transaction with one audit event, or write nothing.

A value is known by (municipality, key figure, year, gender): importing the same
answer again writes nothing at all, and a value Kolada has revised is updated in
place. Key-figure metadata is stored (or refreshed) alongside the values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samordna.core.audit import record
from samordna.core.models import Municipality, User
from samordna.integrations.kolada.client import KoladaClient
from samordna.integrations.kolada.records import (
    KpiMeta,
    KpiValue,
    check_years,
    parse_kpi_ids,
    parse_kpis,
    parse_values,
)
from samordna.integrations.models import KoladaKpi, KoladaValue

_SHOWN_PROBLEMS = 50
_KPI_FIELDS = ("title", "description", "municipality_type", "has_gender")
_VALUE_FIELDS = ("value", "count", "status")
Key = tuple[str, int, str]  # (kpi id, year, gender)


class KoladaImportError(ValueError):
    """The import cannot go ahead. `problems` holds every reason, one line each."""

    def __init__(self, problems: Sequence[str]) -> None:
        shown = list(problems[:_SHOWN_PROBLEMS])
        rest = len(problems) - len(shown)
        if rest > 0:
            shown.append(_("… och %(count)s fel till.") % {"count": rest})
        super().__init__("\n".join(shown))
        self.problems = shown


@dataclass(frozen=True)
class KoladaImportResult:
    """What an import did (or, in a dry run, would do), counted in values."""

    municipality: str
    kpis: tuple[str, ...]
    years: tuple[int, ...]
    created: int
    updated: int
    unchanged: int
    dry_run: bool = False

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        first, last = self.years[0], self.years[-1]
        text = ngettext(
            "Kolada, %(municipality)s, %(kpis)s, %(years)s: %(total)s värde – "
            "%(created)s nya, %(updated)s uppdaterade, %(unchanged)s oförändrade.",
            "Kolada, %(municipality)s, %(kpis)s, %(years)s: %(total)s värden – "
            "%(created)s nya, %(updated)s uppdaterade, %(unchanged)s oförändrade.",
            self.total,
        ) % {
            "municipality": self.municipality,
            "kpis": ", ".join(self.kpis),
            "years": f"{first}–{last}" if first != last else str(first),
            "total": self.total,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        return f"{text} " + _("(provkörning, inget sparades)") if self.dry_run else text


def kolada_import(
    *,
    actor: User | None,
    municipality: Municipality,
    kpi_ids: Iterable[str],
    years: Iterable[int],
    client: KoladaClient | None = None,
    dry_run: bool = False,
) -> KoladaImportResult:
    """Store Kolada's values of `kpi_ids` for `municipality` and `years`, by gender.

    Raises KoladaImportError (row-level problems) or KoladaApiError (Kolada could not
    be asked); either way nothing has been written.
    """
    ids, wanted_years = _checked_input(kpi_ids, years)
    metas, values = _fetch(client or KoladaClient(), municipality.code, ids, wanted_years)
    with transaction.atomic():
        stored = _stored(municipality, ids, wanted_years)
        rows = {(v.kpi_id, v.year, v.gender): v for v in values}
        new = [key for key in rows if key not in stored]
        changed = [key for key in rows if key in stored and stored[key][1:] != _fields(rows[key])]
        kpis_new, kpis_changed = _kpi_changes(metas)
        result = KoladaImportResult(
            municipality=municipality.name,
            kpis=tuple(ids),
            years=tuple(wanted_years),
            created=len(new),
            updated=len(changed),
            unchanged=len(rows) - len(new) - len(changed),
            dry_run=dry_run,
        )
        if not dry_run and (new or changed or kpis_new or kpis_changed):
            _write_kpis(kpis_new, kpis_changed)
            _write_values(municipality, rows, new, {key: stored[key][0] for key in changed})
            _audit(actor, municipality, result, kpi_metadata=len(kpis_new) + len(kpis_changed))
    return result


def _audit(
    actor: User | None, municipality: Municipality, result: KoladaImportResult, kpi_metadata: int
) -> None:
    record(
        actor=actor,
        action="kolada.import",
        municipality=municipality,
        changes={
            "kpis": list(result.kpis),
            "years": list(result.years),
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "kpi_metadata": kpi_metadata,
        },
    )


def _checked_input(kpi_ids: Iterable[str], years: Iterable[int]) -> tuple[list[str], list[int]]:
    ids, problems = parse_kpi_ids(kpi_ids)
    wanted_years = sorted(set(years))
    problems += check_years(wanted_years, current_year=timezone.localdate().year)
    if problems:
        raise KoladaImportError(problems)
    return ids, wanted_years


def _fetch(
    client: KoladaClient, code: str, ids: list[str], years: list[int]
) -> tuple[dict[str, KpiMeta], list[KpiValue]]:
    """Everything from Kolada, checked, before the database is touched."""
    metas, problems = parse_kpis(client.kpis(ids), ids)
    if problems:
        raise KoladaImportError(problems)
    values: list[KpiValue] = []
    for kpi_id in ids:
        found, kpi_problems = parse_values(
            client.data(kpi_id, code, years), kpi_id=kpi_id, municipality_id=code, years=years
        )
        values += found
        problems += kpi_problems
    if problems:
        raise KoladaImportError(problems)
    return metas, values


def _fields(value: KpiValue) -> tuple[Any, ...]:
    return (value.value, value.count, value.status)


def _stored(
    municipality: Municipality, ids: list[str], years: list[int]
) -> dict[Key, tuple[Any, ...]]:
    """Stored values among the requested: key -> (pk, *_VALUE_FIELDS)."""
    stored = KoladaValue.objects.filter(municipality=municipality, kpi_id__in=ids, year__in=years)
    return {
        (kpi_id, year, gender): (pk, *rest)
        for kpi_id, year, gender, pk, *rest in stored.values_list(
            "kpi_id", "year", "gender", "pk", *_VALUE_FIELDS
        )
    }


def _kpi_changes(metas: dict[str, KpiMeta]) -> tuple[list[KpiMeta], list[KpiMeta]]:
    stored = {
        kpi_id: tuple(rest)
        for kpi_id, *rest in KoladaKpi.objects.filter(pk__in=list(metas)).values_list(
            "id", *_KPI_FIELDS
        )
    }
    new = [meta for kpi_id, meta in metas.items() if kpi_id not in stored]
    changed = [
        meta
        for kpi_id, meta in metas.items()
        if kpi_id in stored and stored[kpi_id] != tuple(getattr(meta, f) for f in _KPI_FIELDS)
    ]
    return new, changed


def _write_kpis(new: list[KpiMeta], changed: list[KpiMeta]) -> None:
    now = timezone.now()
    KoladaKpi.objects.bulk_create([_kpi(meta, now) for meta in new])
    if changed:
        KoladaKpi.objects.bulk_update(
            [_kpi(meta, now) for meta in changed], fields=[*_KPI_FIELDS, "fetched_at"]
        )


def _kpi(meta: KpiMeta, now: Any) -> KoladaKpi:
    return KoladaKpi(
        id=meta.id, **{field: getattr(meta, field) for field in _KPI_FIELDS}, fetched_at=now
    )


def _write_values(
    municipality: Municipality, rows: dict[Key, KpiValue], new: list[Key], changed: dict[Key, int]
) -> None:
    now = timezone.now()
    KoladaValue.objects.bulk_create(
        [_value(municipality, rows[key], now) for key in new], batch_size=500
    )
    if changed:
        KoladaValue.objects.bulk_update(
            [_value(municipality, rows[key], now, pk=pk) for key, pk in changed.items()],
            fields=[*_VALUE_FIELDS, "imported_at"],
            batch_size=500,
        )


def _value(municipality: Municipality, value: KpiValue, now: Any, **extra: Any) -> KoladaValue:
    return KoladaValue(
        municipality=municipality,
        kpi_id=value.kpi_id,
        year=value.year,
        gender=value.gender,
        value=value.value,
        count=value.count,
        status=value.status,
        imported_at=now,
        **extra,
    )
