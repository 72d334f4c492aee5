"""Downloading exactly the filtered observations: `/export/iakttagelser.csv|xlsx?<filter>`.

The web and the API (api/observations_export.py) share everything below the parsing:
the size check, the streamed or temp-file response and the audit event. Large exports
are refused with advice on how to narrow the filter, and an offer to run them in the
background (reports.jobs).
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from samordna.analysis.periods import STOCKHOLM
from samordna.core import audit
from samordna.core.models import Municipality, User
from samordna.reports import exports
from samordna.reports.destinations import destinations
from samordna.reports.filtersets import ObservationFilterSet, describe_filters
from samordna.reports.models import Observation
from samordna.reports.policies import reporting_organisations

CONTENT_TYPES = {
    "csv": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_SUFFIX = {"csv": "zip", "xlsx": "xlsx"}
# Rows fetched per round trip to the database while streaming.
CHUNK_SIZE = 2000


def sync_limit() -> int:
    # Read per request, not at import: tests and operators may change it.
    return int(getattr(settings, "SAMORDNA_EXPORT_SYNC_LIMIT", 50_000))


def too_large(observations: models.QuerySet[Observation]) -> str:
    """A Swedish explanation when the filter holds more rows than may be exported now."""
    count, limit = observations.count(), sync_limit()
    if count <= limit:
        return ""
    return (
        f"Urvalet har {_n(count)} iakttagelser, men högst {_n(limit)} kan exporteras på en gång. "
        "Begränsa filtret, till exempel till en vecka (week=2026-W47), ett tertial, "
        "ett datumintervall (since/until), ett område, en kategori eller en organisation, "
        "och exportera i flera delar, eller exportera hela urvalet i bakgrunden."
    )


def _n(number: int) -> str:
    return f"{number:,}".replace(",", "\N{NO-BREAK SPACE}")


def export_response(
    *,
    actor: User,
    observations: models.QuerySet[Observation],
    kind: str,
    filters: list[tuple[str, str]],
    municipality: Municipality | None = None,
) -> HttpResponse | StreamingHttpResponse:
    """The file of `observations` (already scoped and filtered), audited when written.

    The audit event goes to each municipality whose rows were exported (the admins of
    that municipality read its log); `municipality` when there were none.
    """
    name = f"iakttagelser.{kind}"
    now = timezone.now()
    info = exports.ExportInfo(name, filters, actor.get_username(), now)
    counts: Counter[int] = Counter()
    rows = exports.counted(exports.rows_of(observations, CHUNK_SIZE), counts)
    done = _recorder(actor, kind, filters, counts, municipality)
    filename = f"iakttagelser-{now.astimezone(STOCKHOLM):%Y-%m-%d}.{_SUFFIX[kind]}"
    if kind == "csv":
        response = StreamingHttpResponse(
            exports.iter_csv_zip(rows, info, done), content_type=CONTENT_TYPES[kind]
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    # XLSX cannot be streamed (a ZIP written whole by openpyxl): a temp file, gone on close.
    file = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    done(exports.write_xlsx(rows, file, info))
    file.seek(0)
    return FileResponse(
        file, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[kind]
    )


def _recorder(
    actor: User,
    kind: str,
    filters: list[tuple[str, str]],
    counts: Counter[int],
    fallback: Municipality | None,
) -> Callable[[exports.Manifest], None]:
    def record(manifest: exports.Manifest) -> None:
        municipalities = Municipality.objects.in_bulk(list(counts))
        targets: list[tuple[Municipality | None, int]] = [
            (municipalities[pk], n) for pk, n in counts.items()
        ] or [(fallback, 0)]
        with transaction.atomic():
            for municipality, rows in targets:
                audit.record(
                    actor=actor,
                    action="observation.export",
                    municipality=municipality,
                    changes={
                        "format": kind,
                        "rows": rows,
                        "rows_in_file": manifest.rows,
                        "filters": dict(filters),
                    },
                )

    return record


# --- the web route ----------------------------------------------------------------------


def observations(request: HttpRequest, kind: str) -> Any:
    """The current municipality's observations the user may see, filtered as the
    list was; `mina=1` narrows to the organisations they report for ("Mina rapporter"),
    `egna=1` further to the user's own reports (its default tab)."""
    membership = getattr(request, "membership", None)
    if membership is None:
        raise PermissionDenied
    municipality = membership.municipality
    chosen = request.GET.get("kommun")
    if request.GET.get("mina") and chosen:
        # "Mina rapporter" of another municipality the user reports in (its tab there).
        found = next((d for d in destinations(request.user) if d.municipality.slug == chosen), None)
        if found is None:
            raise Http404
        municipality = found.municipality
    base = Observation.objects.restrict(request.user, "view").filter(municipality=municipality)
    filters: list[tuple[str, str]] = [("Kommun", municipality.name)]
    if request.GET.get("mina"):
        organisations = list(
            reporting_organisations(request.user).filter(municipality=municipality)
        )
        if not organisations:
            raise PermissionDenied
        base = base.filter(organisation__in=organisations)
        filters.append(("Mina rapporter", ", ".join(o.name for o in organisations)))
        if request.GET.get("egna"):
            base = base.filter(report__reporter_id=request.user.pk)
            filters.append(("Bara egna rapporter", "Ja"))
    filterset = ObservationFilterSet(request.GET, queryset=base, request=request)
    if not filterset.is_valid():
        problems = " ".join(f"{m}" for errors in filterset.errors.values() for m in errors)
        return refused(request, "Filtret går inte att använda", problems)
    message = too_large(filterset.qs)
    if message:
        return _offer_background(request, kind, message)
    return export_response(
        actor=request.user,  # type: ignore[arg-type]
        observations=filterset.qs,
        kind=kind,
        filters=filters + describe_filters(filterset),
        municipality=municipality,
    )


def _offer_background(request: HttpRequest, kind: str, text: str) -> HttpResponse:
    """The refusal, with a button that queues the same export (views_export_jobs)."""
    hidden = [("format", kind), *((k, v) for k, v in request.GET.items() if k != "format")]
    context = {"heading": "Urvalet är för stort för en export", "text": text, "hidden": hidden}
    return render(request, "reports/export_too_large.html", context, status=400)


def refused(request: HttpRequest, heading: str, text: str) -> HttpResponse:
    context = {"status": 400, "heading": heading, "text": text}
    return render(request, "error.html", context, status=400)
