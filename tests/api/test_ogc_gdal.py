"""GDAL, the library QGIS reads vector data through, against the demo served for real.

Debian's gdal-bin (ogrinfo, ogr2ogr), never a downloaded build; the server is the
browser tests' demo_server (its own SQLite file). The token travels as QGIS and GDAL
send it: a header from GDAL_HTTP_HEADERS.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import shapely
from cryptography.fernet import Fernet
from shapely.geometry import shape

OGRINFO = shutil.which("ogrinfo")
OGR2OGR = shutil.which("ogr2ogr")
needs_gdal = pytest.mark.skipif(
    OGRINFO is None or OGR2OGR is None,
    reason="needs GDAL's ogrinfo and ogr2ogr (Debian gdal-bin)",
)
LAYERS = ["observations", "areas", "places", "picture-cells", "hotspots", "intervention-areas"]
EPSG3006 = "http://www.opengis.net/def/crs/EPSG/0/3006"
_EXTENT = re.compile(r"^Extent: \(([-\d.]+), ([-\d.]+)\) - \(([-\d.]+), ([-\d.]+)\)", re.M)


def _token(database: Path) -> str:
    """The demo analyst's token, made by the operator's command on the server's database."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"SAMORDNA_VAR_DIR": str(database.parent)}
    env.setdefault("SAMORDNA_CASES_KEYS", Fernet.generate_key().decode())
    command = [sys.executable, "-m", "samordna", "create_token", "analytiker"]
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)  # noqa: S603
    return done.stdout.strip().splitlines()[-1]


def _gdal(token: str, *arguments: str) -> str:
    env = os.environ | {"GDAL_HTTP_HEADERS": f"Authorization: Token {token}"}
    done = subprocess.run(  # noqa: S603  (GDAL's own tools on our local server)
        list(arguments), env=env, check=True, capture_output=True, text=True, timeout=300
    )
    return done.stdout


def _gdal_version() -> tuple[int, int]:
    out = subprocess.run([str(OGRINFO), "--version"], check=True, capture_output=True, text=True)  # noqa: S603
    major, minor = re.findall(r"GDAL (\d+)\.(\d+)", out.stdout)[0]
    return int(major), int(minor)


def _database_rows(database: Path) -> tuple[int, dict[int, dict]]:
    """The demo municipality's observations (all of which its analyst sees) and areas."""
    with sqlite3.connect(database) as db:
        (count,) = db.execute(
            "SELECT COUNT(*) FROM reports_observation o JOIN core_municipality m "
            "ON m.id = o.municipality_id WHERE m.slug = 'orebro'"
        ).fetchone()
        areas = db.execute(
            "SELECT a.id, a.geometry_sweref FROM core_area a JOIN core_municipality m "
            "ON m.id = a.municipality_id WHERE m.slug = 'orebro'"
        ).fetchall()
    return count, {pk: json.loads(geometry) for pk, geometry in areas}


@needs_gdal
def test_gdal_lists_the_layers_reads_every_observation_and_areas_in_sweref(demo_server, tmp_path):
    url, database = demo_server
    token = _token(database)
    service = f"OAPIF:{url}/api/v1/ogc/"
    observations, areas = _database_rows(database)

    # GDAL lists the six layers
    listing = _gdal(token, str(OGRINFO), "-ro", "-so", service)
    names = [line.split(" ")[1] for line in listing.splitlines() if re.match(r"\d+: ", line)]
    assert names == LAYERS

    # and reads every observation by following rel="next": the fixture's demo has two
    # weeks of them (about 200), so pages of 50 make several pages
    copy = tmp_path / "observations.geojson"
    _gdal(
        token,
        str(OGR2OGR),
        "-f",
        "GeoJSON",
        str(copy),
        "-oo",
        "PAGE_SIZE=50",
        service,
        "observations",
    )
    ids = [f["properties"]["id"] for f in json.loads(copy.read_text())["features"]]
    assert observations > 100
    assert (len(ids), len(set(ids))) == (observations, observations)

    # and the areas in SWEREF 99 TM
    if _gdal_version() >= (3, 7):
        # OGC API - Features Part 2 in the driver: GDAL asks with crs= and turns the
        # axes into its own easting, northing order.
        info = _gdal(token, str(OGRINFO), "-ro", "-so", "-oo", "CRS=EPSG:3006", service, "areas")
        assert "SWEREF99 TM" in info
        east_north = True
    else:
        # GDAL 3.6 predates Part 2: it reads the items with crs= as plain GeoJSON and
        # takes the coordinates in the CRS's own axis order, northing first.
        items = f"GeoJSON:{url}/api/v1/ogc/collections/areas/items?crs={EPSG3006}"
        info = _gdal(token, str(OGRINFO), "-ro", "-al", "-so", items)
        east_north = False
    assert f"Feature Count: {len(areas)}" in info
    west, south, east, north = shapely.union_all([shape(g) for g in areas.values()]).bounds
    expected = (west, south, east, north) if east_north else (south, west, north, east)
    read = [float(value) for value in _EXTENT.search(info).groups()]  # type: ignore[union-attr]
    assert read == pytest.approx([expected[0], expected[1], expected[2], expected[3]], abs=0.01)
