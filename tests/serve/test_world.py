"""The world outline: a hand-built shapefile reads back as its rings; the bundled one is thinned."""

import struct

import numpy as np
import pytest

from dotterel.serve.world import read_polygons, world_outline


def polygon_shp(rings):
    points = [p for r in rings for p in r]
    parts, n = [], 0
    for r in rings:
        parts.append(n)
        n += len(r)
    body = struct.pack("<i4dii", 5, 0, 0, 0, 0, len(rings), len(points))
    body += struct.pack(f"<{len(parts)}i", *parts) + struct.pack(f"<{2 * len(points)}d", *(c for p in points for c in p))
    header = struct.pack(">i", 9994) + b"\0" * 96
    null = struct.pack(">ii", 1, 2) + struct.pack("<i", 0)  # a null shape is skipped
    return header + null + struct.pack(">ii", 2, len(body) // 2) + body


def test_read_polygons_gives_each_ring():
    square = [(0, 0), (0, 1), (1, 1), (1, 0), (0, 0)]
    triangle = [(5, 5), (6, 7), (7, 5), (5, 5)]
    rings = read_polygons(polygon_shp([square, triangle]))
    assert [r.tolist() for r in rings] == [[list(map(float, p)) for p in square], [list(map(float, p)) for p in triangle]]


def test_read_polygons_refuses_other_files():
    with pytest.raises(ValueError):
        read_polygons(b"PK\x03\x04" + b"\0" * 200)


def test_world_outline_is_thin_and_in_range():
    world = world_outline()
    lon = np.array([v for v in world["lon"] if v is not None])
    lat = np.array([v for v in world["lat"] if v is not None])
    assert 10_000 < len(lon) < 100_000  # thin enough to send, dense enough to read
    assert lon.min() >= -180 and lon.max() <= 180 and lat.min() >= -90 and lat.max() <= 90
    assert world["lon"].count(None) > 200  # many separate rings (countries, islands)
