"""Peak memory of every importer's reading, against `SAMORDNA_IMPORT_MAX_MEMORY_MB`
(issue 15): each importer reads each hostile file, and a valid 300,000-row CSV, in a
child process of its own; the child's peak resident memory (ru_maxrss, from wait4)
less what it held before reading (Django loaded, the database open) is what the
import took. Also the CPU seconds of the valid file's import (check and write).

The web importers (reports, surveys) run the background job's own steps
(tabular.jobs: the dry run; for the valid file also the write); the file importers
(areas, Polisen) run their commands. Runs Django against a temporary SQLite file.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench._targets import Target
from bench._timing import machine, write_results

NAME = "import_memory"
N_ROWS = 300_000
LIMIT_MB = 300
CASES = ("zip_bomb", "rows_20m", "deep_json", "nul_bytes", "valid_300k")
IMPORTERS = ("reports", "surveys", "areas", "polisen")
# Which cases an importer's reader can be given: the file importers read JSON only.
APPLIES = {
    "reports": CASES,
    "surveys": CASES,
    "areas": ("deep_json", "nul_bytes"),
    "polisen": ("deep_json", "nul_bytes"),
}
REPORT_HEADER = ["kategori", "datum", "tid", "longitud", "latitud", "otrygghet", "säkerhet"]


def _configure(directory: str, *, migrate: bool) -> None:
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(
        SAMORDNA_VAR_DIR=directory,
        SAMORDNA_DEBUG="0",
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY", secrets.token_hex(32)),
        LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="samordna.settings",
        SAMORDNA_TASKS="immediate",
        SAMORDNA_IMPORT_MAX_MEMORY_MB=str(LIMIT_MB),
    )
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def _world() -> dict[str, Any]:
    """A municipality with the demo's areas, an organisation, a coordinator filing
    for it (reports) and importing surveys."""
    from bench import reports_import
    from samordna.core.models import Membership, Role, User

    organisation, geometries = reports_import._world()
    user = User.objects.create_user(username="bench", password=secrets.token_hex(16))
    Membership.objects.create(
        user=user,
        organisation=organisation,
        municipality=organisation.municipality,
        role=Role.COORDINATOR,
    )
    return {
        "user": user.pk,
        "organisation": organisation.pk,
        "municipality": organisation.municipality_id,
        "slug": organisation.municipality.slug,
        "geometries": geometries,
    }


def _files(directory: Path, world: dict[str, Any]) -> dict[str, Path]:
    from tests.tabular import hostile_files

    from bench import reports_import

    reports_import.N_ROWS = N_ROWS
    built = {
        "zip_bomb.xlsx": hostile_files.zip_bomb(REPORT_HEADER),
        "rows_20m.xlsx": hostile_files.declared_rows(REPORT_HEADER),
        "deep_json.json": hostile_files.deep_json(),
        "nul_bytes.csv": hostile_files.nul_csv(REPORT_HEADER, ["klotter"] * 7),
        "nul_bytes.json": json.dumps([{"name": "Vivalla\0", "id": 1}]).encode(),
        "valid_300k.csv": reports_import._csv(world["geometries"]),
    }
    paths = {}
    for name, data in built.items():
        paths[name] = directory / name
        paths[name].write_bytes(data)
    return paths


def _file_for(importer: str, case: str, files: dict[str, Path]) -> Path:
    if case == "nul_bytes" and importer in ("areas", "polisen"):
        return files["nul_bytes.json"]
    return next(path for name, path in files.items() if name.startswith(case))


def _child(importer: str, case: str, path: str, world_file: str) -> None:
    """In the child: read `path` as `importer` does, print what happened (JSON)."""
    _configure(os.environ["SAMORDNA_VAR_DIR"], migrate=False)
    from samordna.tabular.memory import resident_mb

    world = json.loads(Path(world_file).read_text())
    baseline = resident_mb()
    started = time.process_time()
    outcome = _read(importer, case, Path(path), world)
    print(
        json.dumps(
            {
                "child_peak_mb": round(_high_water_mb(), 1),
                "baseline_mb": round(baseline, 1),
                "cpu_seconds": round(time.process_time() - started, 2),
                "outcome": outcome,
            }
        )
    )


def _high_water_mb() -> float:
    """This process image's peak resident memory (VmHWM; Linux). ru_maxrss is not
    used for it: Linux carries the forking parent's peak over into the child's."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _read(importer: str, case: str, path: Path, world: dict[str, Any]) -> str:
    if importer in ("reports", "surveys"):
        return _job(importer, case, path, world)
    from io import StringIO

    from django.core.management import CommandError, call_command

    command = "import_areas" if importer == "areas" else "import_polisen"
    args = (
        [f"--municipality={world['slug']}", "--kind=est", "--name-field=name"]
        if importer == "areas"
        else []
    )
    try:
        call_command(command, str(path), *args, "--dry-run", stdout=StringIO())
    except CommandError as exc:
        return "refused: " + " ".join(str(exc).split())[:200]
    return "read"


def _job(importer: str, case: str, path: Path, world: dict[str, Any]) -> str:
    from samordna.tabular import jobs
    from samordna.tabular.models import ImportJob
    from samordna.tabular.pending import PendingUpload

    upload = PendingUpload(token=f"u{world['user']}-{secrets.token_urlsafe(9)}", name=path.name)
    upload.path.write_bytes(path.read_bytes())
    params: dict[str, Any] = {"organisation_id": world["organisation"], "mapping": ""}
    if importer == "surveys":
        params = {
            "municipality_id": world["municipality"],
            "kind": "police_trygghetsmatning",
            "title": "Mätning",
            "year": None,
            "source_note": "",
            "mapping": "",
        }
    job = ImportJob.objects.create(
        kind=importer, requested_by_id=world["user"], token=upload.token,
        file_name=path.name, params=params, status=ImportJob.Status.CHECKING,
    )  # fmt: skip
    job = jobs.import_job_check(job)
    if job.status == ImportJob.Status.CHECKED and not job.errors_found and not job.error:
        job = jobs.import_job_commit(job)
    upload.path.unlink(missing_ok=True)
    if job.errors_found or job.error:
        reason = job.error or job.problems[0][3]
        return f"refused ({job.errors_found} problems): {reason[:160]}"
    return f"{job.status}: {job.summary}"


def _measure(
    importer: str, case: str, path: Path, env: dict[str, str], world: Path
) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.import_memory", importer, case, str(path), str(world)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE)  # noqa: S603
    output = process.stdout.read().decode() if process.stdout is not None else ""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{NAME}: {importer} on {case} ended with {process.returncode}")
    found = json.loads(output.strip().splitlines()[-1])
    peak = found["child_peak_mb"]
    return found | {
        "peak_mb": peak,
        "import_mb": round(peak - found["baseline_mb"], 1),
        # wait4's ru_maxrss: includes the parent's peak at the fork (see _high_water_mb).
        "ru_maxrss_mb": round(usage.ru_maxrss / 1024, 1),
    }


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="samordna-bench-") as directory:
        env = {**os.environ, "BENCH_SECRET_KEY": secrets.token_hex(32)}
        os.environ["BENCH_SECRET_KEY"] = env["BENCH_SECRET_KEY"]
        _configure(directory, migrate=True)
        import django

        world = _world()
        files = _files(Path(directory), world)
        world_file = Path(directory) / "world.json"
        world_file.write_text(json.dumps({k: v for k, v in world.items() if k != "geometries"}))
        env |= {k: os.environ[k] for k in ("SAMORDNA_VAR_DIR", "SECRET_KEY", "SAMORDNA_TASKS")}
        env |= {"PYTHONPATH": os.pathsep.join([str(Path(__file__).parent.parent), *sys.path])}
        results = {
            f"{importer}/{case}": _measure(
                importer, case, _file_for(importer, case, files), env, world_file
            )
            for importer in IMPORTERS
            for case in APPLIES[importer]
        }
    return {
        "benchmark": NAME,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "limit_mb": LIMIT_MB,
        "rows_valid_csv": N_ROWS,
        "method": "peak RSS of a child process per importer and file (its VmHWM; wait4's "
        "ru_maxrss kept beside it, but it carries the parent's peak over the fork), less its "
        "RSS before reading; CPU seconds of the child's reading and import",
        "results": results,
        "self_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> list[Target]:
    result = run()
    write_results(NAME, result)
    for key, found in result["results"].items():
        print(
            f"{NAME}: {key}: peak {found['peak_mb']} MB (import {found['import_mb']} MB, "
            f"limit {LIMIT_MB} MB), {found['cpu_seconds']} CPU s: {found['outcome']}"
        )
    worst = max(found["import_mb"] for found in result["results"].values())
    valid = result["results"]["reports/valid_300k"]
    return [
        Target(NAME, "largest import memory (MB over baseline)", worst, LIMIT_MB, False, " MB"),
        Target(
            NAME,
            "reports: 300k-row CSV checked and written (CPU s)",
            valid["cpu_seconds"],
            120,
            False,
            " s",
        ),
    ]


if __name__ == "__main__":
    _child(*sys.argv[1:])
