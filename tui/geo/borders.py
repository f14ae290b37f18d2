"""Country borders and coastlines for the map: the shipped outlines, and their raster in braille dots."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .plot import Viewport


BORDERS_PATH = Path(__file__).resolve().parents[1] / "data" / "borders.json"

DOT_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
"""The bit of the braille dot at [dot row][dot column] of a cell (U+2800 plus the bits)."""
@dataclass(frozen=True)
class Line:
    lons: tuple[float, ...]
    lats: tuple[float, ...]
    west: float
    south: float
    east: float
    north: float


@dataclass(frozen=True)
class Country:
    name: str
    anchors: tuple[tuple[float, float, float], ...]
    """Label points (lon, lat, depth in degrees to the nearest border), deepest first."""


@dataclass(frozen=True)
class Borders:
    lines: tuple[Line, ...]
    countries: tuple[Country, ...]
    region: tuple[float, float, float, float]
    """West, south, east, north of the cut: the data ends there."""


@lru_cache(maxsize=4)
def load_borders(path: Path = BORDERS_PATH) -> Borders:
    """Lines are stored as integer hundredths of a degree, delta-encoded: lon0, lat0, dlon1, dlat1, ..."""
    data = json.loads(path.read_text(encoding="utf-8"))
    scale = data["scale"]
    lines = []
    for coded in data["lines"]:
        lon = lat = 0
        lons, lats = [], []
        for index in range(0, len(coded), 2):
            lon += coded[index]
            lat += coded[index + 1]
            lons.append(lon / scale)
            lats.append(lat / scale)
        lines.append(Line(tuple(lons), tuple(lats), min(lons), min(lats), max(lons), max(lats)))
    countries = tuple(Country(name, tuple(tuple(anchor) for anchor in anchors)) for name, anchors in data["countries"])
    return Borders(tuple(lines), countries, tuple(data["region"]))


def raster(borders: Borders, view: Viewport) -> bytearray:
    """Braille dot bits per cell (row-major) of every border line in view."""
    width, height = view.width, view.height
    bits = bytearray(width * height)
    dots_x, dots_y = 2 * width, 4 * height
    x_scale, y_scale = 2 / view.per_col, 4 / view.per_row
    west, east, south, north = view.west, view.east, view.south, view.north
    for line in borders.lines:
        if line.east < west or line.west > east or line.north < south or line.south > north:
            continue
        xs = [(lon - west) * x_scale for lon in line.lons]
        ys = [(north - lat) * y_scale for lat in line.lats]
        for index in range(len(xs) - 1):
            segment = clip(xs[index], ys[index], xs[index + 1], ys[index + 1], dots_x, dots_y)
            if segment is None:
                continue
            x0, y0, x1, y1 = segment
            steps = int(max(abs(x1 - x0), abs(y1 - y0))) + 1
            step_x, step_y = (x1 - x0) / steps, (y1 - y0) / steps
            for step in range(steps + 1):
                x = int(x0 + step_x * step)
                y = int(y0 + step_y * step)
                bits[(y >> 2) * width + (x >> 1)] |= DOT_BITS[y & 3][x & 1]
    return bits


def clip(x0: float, y0: float, x1: float, y1: float, width: int, height: int) -> tuple[float, float, float, float] | None:
    """Liang-Barsky: the part of a segment inside [0, width) x [0, height), so a zoomed-in view never walks off-screen dots."""
    right, bottom = width - 1e-6, height - 1e-6
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0), (dx, right - x0), (-dy, y0), (dy, bottom - y0)):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return None
    return x0 + low * dx, y0 + low * dy, x0 + high * dx, y0 + high * dy
