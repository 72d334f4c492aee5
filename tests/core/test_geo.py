import itertools
import json
from importlib import resources

import numpy as np
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import MultiPolygon, Point, Polygon, box, mapping, shape

from samordna.core.geo import (
    SWEREF99TM,
    AreaIndex,
    GeometryError,
    area_geometry,
    fingerprint,
    to_sweref,
)

WEST = mapping(box(15.0, 59.2, 15.1, 59.3))
EAST = mapping(box(15.1, 59.2, 15.2, 59.3))
BOW_TIE = {
    "type": "Polygon",
    "coordinates": [[[15.0, 59.2], [15.1, 59.3], [15.1, 59.2], [15.0, 59.3], [15.0, 59.2]]],
}


def demo_geometries():
    text = resources.files("samordna.core").joinpath("demo/orebro_areas.geojson").read_text("utf-8")
    return [feature["geometry"] for feature in json.loads(text)["features"]]


def naive_locate(geometries, lon, lat):
    polygons = [shape(g) for g in geometries]
    found = []
    for x, y in zip(lon, lat, strict=True):
        point = Point(x, y)
        found.append(next((i for i, p in enumerate(polygons) if p.covers(point)), -1))
    return np.array(found)


def test_points_inside_and_outside_get_their_area_or_minus_one():
    # given two neighbouring squares
    index = AreaIndex([WEST, EAST])
    # when points inside each and outside both are located
    result = index.locate([15.05, 15.15, 15.3, 14.9], [59.25, 59.25, 59.25, 59.25])
    # then each gets its own square, the outside ones -1
    assert result.tolist() == [0, 1, -1, -1]
    assert result.dtype == np.int64


def test_a_point_on_a_shared_boundary_goes_to_the_first_area_in_the_given_order():
    # given the same two squares in both orders, and points on their shared edge and corner
    lon, lat = [15.1, 15.1], [59.25, 59.3]
    # when located
    west_first = AreaIndex([WEST, EAST]).locate(lon, lat)
    east_first = AreaIndex([EAST, WEST]).locate(lon, lat)
    # then the first area listed wins, whichever it is
    assert west_first.tolist() == [0, 0]
    assert east_first.tolist() == [0, 0]


def test_where_areas_overlap_the_first_listed_wins():
    # given a large area listed after a small one inside it
    small = mapping(box(15.04, 59.24, 15.06, 59.26))
    index = AreaIndex([small, WEST])
    # when a point in both and a point only in the large one are located
    result = index.locate([15.05, 15.01], [59.25, 59.21])
    # then the shared point goes to the small one
    assert result.tolist() == [0, 1]


def test_a_point_in_a_hole_is_outside_unless_another_area_fills_the_hole():
    # given a ring-shaped area and an island filling part of its hole
    ring = Polygon(
        box(15.0, 59.2, 15.1, 59.3).exterior.coords,
        [box(15.03, 59.23, 15.07, 59.27).exterior.coords],
    )
    island = box(15.04, 59.24, 15.06, 59.26)
    index = AreaIndex([mapping(ring), mapping(island)])
    # when points in the ring, in the bare hole, in the island and on the hole's edge are located
    result = index.locate([15.01, 15.035, 15.05, 15.03], [59.21, 59.235, 59.25, 59.25])
    # then the hole belongs to nobody but the island, and the hole's edge to the ring
    assert result.tolist() == [0, -1, 1, 0]


def test_every_part_of_a_multipolygon_belongs_to_the_area():
    # given an area in two separate parts, and another area between them
    parts = MultiPolygon([box(15.0, 59.2, 15.02, 59.22), box(15.08, 59.28, 15.1, 59.3)])
    between = mapping(box(15.04, 59.24, 15.06, 59.26))
    index = AreaIndex([mapping(parts), between])
    # when points in each part, between the parts and in the gap are located
    result = index.locate([15.01, 15.09, 15.05, 15.03], [59.21, 59.29, 59.25, 59.29])
    # then both parts answer with the same index
    assert result.tolist() == [0, 0, 1, -1]


def test_no_areas_or_no_points_give_empty_answers():
    # given an index without areas and one with areas
    empty_index = AreaIndex([])
    index = AreaIndex([WEST])
    # when asked about points, and about no points
    no_area = empty_index.locate([15.05, 15.5], [59.25, 59.5])
    no_points = index.locate([], [])
    # then every point is outside, and no points give an empty array
    assert no_area.tolist() == [-1, -1]
    assert no_points.shape == (0,)


def test_locate_agrees_with_a_naive_loop_on_random_points_and_vertices():
    # given the demo areas plus a holed and a multi-part area, and random points around them
    geometries = [
        *demo_geometries(),
        mapping(
            Polygon(
                box(15.1, 59.23, 15.3, 59.3).exterior.coords,
                [box(15.15, 59.25, 15.25, 59.28).exterior.coords],
            )
        ),
        mapping(MultiPolygon([box(15.12, 59.24, 15.16, 59.26), box(15.2, 59.29, 15.24, 59.31)])),
    ]
    rng = np.random.default_rng(47)
    lon = rng.uniform(15.12, 15.31, 3000)
    lat = rng.uniform(59.22, 59.32, 3000)
    # The vertices themselves sit exactly on boundaries, where mistakes hide.
    vertices = shapely.get_coordinates([shape(g) for g in geometries])
    lon, lat = np.concatenate([lon, vertices[:, 0]]), np.concatenate([lat, vertices[:, 1]])
    # when located both ways
    fast = AreaIndex(geometries).locate(lon, lat)
    slow = naive_locate(geometries, lon, lat)
    # then every answer is the same, and the sample covers inside, outside and several areas
    assert np.array_equal(fast, slow)
    assert (fast == -1).any()
    assert len(set(fast.tolist())) >= 6


def test_locate_agrees_with_a_naive_loop_when_there_are_many_areas():
    # given a 6 x 6 grid of touching squares plus one square overlapping four of them:
    # many areas take the sorted path rather than the plain scan
    squares = [
        box(15 + i / 60, 59 + j / 60, 15 + (i + 1) / 60, 59 + (j + 1) / 60)
        for i in range(6)
        for j in range(6)
    ]
    geometries = [mapping(box(15.04, 59.04, 15.06, 59.06)), *map(mapping, squares)]
    rng = np.random.default_rng(11)
    grid_lines = np.arange(7) / 60
    lon = np.concatenate([rng.uniform(14.99, 15.11, 2000), 15 + grid_lines])
    lat = np.concatenate([rng.uniform(58.99, 59.11, 2000), 59 + grid_lines])
    # when located both ways
    fast = AreaIndex(geometries).locate(lon, lat)
    slow = naive_locate(geometries, lon, lat)
    # then the answers are the same, and the overlapping square (listed first) wins
    assert np.array_equal(fast, slow)
    assert AreaIndex(geometries).locate([15.05], [59.05]).tolist() == [0]


def test_points_without_coordinates_are_outside():
    # given an area, and points with missing (NaN) coordinates among ordinary ones
    index = AreaIndex([WEST])
    # when located
    result = index.locate([np.nan, 15.05, 15.05], [59.25, np.nan, 59.25])
    # then the incomplete points are outside, the complete one inside
    assert result.tolist() == [-1, -1, 0]


def test_locate_refuses_coordinate_arrays_of_different_lengths():
    with pytest.raises(ValueError, match="equal length"):
        AreaIndex([WEST]).locate([15.05, 15.06], [59.25])


def test_demo_areas_are_valid_and_do_not_overlap():
    # given the demo polygons
    polygons = [shape(g) for g in demo_geometries()]
    # then there are six, each valid and simple enough, and no two share any point
    assert len(polygons) == 6
    assert all(p.is_valid and 8 <= len(p.exterior.coords) - 1 <= 16 for p in polygons)
    assert not any(a.intersects(b) for a, b in itertools.combinations(polygons, 2))


def test_area_geometry_refuses_a_bow_tie_in_swedish():
    # when a self-intersecting polygon is checked
    with pytest.raises(GeometryError, match=r"Geometrin är ogiltig: Self-intersection"):
        area_geometry(BOW_TIE)


def test_area_geometry_refuses_a_point():
    with pytest.raises(GeometryError, match="måste vara en polygon, inte Point"):
        area_geometry({"type": "Point", "coordinates": [15.2, 59.27]})


def test_area_geometry_refuses_unreadable_and_empty_geometries():
    with pytest.raises(GeometryError, match="kan inte läsas"):
        area_geometry({"type": "Polygon"})
    with pytest.raises(GeometryError, match="tom"):
        area_geometry({"type": "Polygon", "coordinates": []})


def test_area_geometry_refuses_coordinates_outside_sweden():
    # given a square in Berlin, and Swedish metres wrongly declared as degrees
    berlin = mapping(box(13.3, 52.4, 13.5, 52.6))
    metres = mapping(box(514000, 6570000, 516000, 6572000))
    # then both are refused with a hint about the coordinate system
    for geometry in (berlin, metres):
        with pytest.raises(GeometryError, match="utanför Sverige"):
            area_geometry(geometry)


def test_area_geometry_from_sweref_gives_the_same_wgs84_polygon():
    # given a demo area converted to SWEREF 99 TM metres
    original = demo_geometries()[0]
    ring = np.array(original["coordinates"][0])
    x, y = to_sweref(ring[:, 0], ring[:, 1])
    in_metres = {"type": "Polygon", "coordinates": [np.column_stack([x, y]).tolist()]}
    # when checked as EPSG:3006
    checked = area_geometry(in_metres, SWEREF99TM)
    # then the WGS84 form is the original within 1e-6 degrees, and the metres are kept
    assert np.allclose(checked.wgs84["coordinates"][0], ring, rtol=0, atol=1e-6)
    assert np.allclose(checked.sweref["coordinates"][0], in_metres["coordinates"][0], atol=1e-6)


def test_area_geometry_gives_plain_json_and_a_plausible_area():
    # given a 0.01 x 0.01 degree square in Örebro
    square = box(15.20, 59.27, 15.21, 59.28)
    # when checked
    checked = area_geometry(mapping(square))
    # then the area matches the geodesic area on the ellipsoid within 0.1 % (the
    # projection's scale factor is 0.9996), and the form is lists, as stored
    geodesic, _ = Geod(ellps="GRS80").geometry_area_perimeter(square)
    assert checked.area_m2 == pytest.approx(abs(geodesic), rel=1e-3)
    assert 600_000 < checked.area_m2 < 660_000
    assert checked.wgs84 == json.loads(json.dumps(checked.wgs84))
    assert isinstance(checked.wgs84["coordinates"][0][0], list)


def test_to_sweref_puts_the_central_meridian_at_500_km_and_scales_by_0_9996():
    # given two points on SWEREF 99 TM's central meridian, 15° E, one degree apart
    lon, lat = np.array([15.0, 15.0]), np.array([59.0, 60.0])
    # when projected
    x, y = to_sweref(lon, lat)
    # then the false easting is 500 km and northings differ by the meridian arc times k0
    _, _, arc = Geod(ellps="GRS80").inv(15.0, 59.0, 15.0, 60.0)
    assert x == pytest.approx([500_000.0, 500_000.0], abs=1e-3)
    assert y[1] - y[0] == pytest.approx(0.9996 * arc, abs=1e-3)


def test_to_sweref_puts_points_east_of_the_meridian_east_of_500_km():
    x, _ = to_sweref(np.array([15.21, 14.0]), np.array([59.27, 59.27]))
    assert x[0] > 500_000 > x[1]


def test_fingerprint_depends_on_the_shape_not_the_key_order():
    # given one geometry written two ways, and a different one
    same = {"coordinates": WEST["coordinates"], "type": "Polygon"}
    # then the first two share a fingerprint and the third differs
    assert fingerprint(WEST) == fingerprint(same)
    assert fingerprint(WEST) != fingerprint(EAST)
