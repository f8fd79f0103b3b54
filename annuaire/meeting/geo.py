"""Where a record is, and how far apart two places are.

A record is placed by its own coordinates, else by the centre of its commune;
an offer or a need with neither is placed where its organisation is. The
`source` says which, so that a map or a distance never pretends to be exact.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from annuaire.records.model import Record

EARTH_RADIUS_KM = 6371.0088

# Values of `Place.source`, in French for the open data exports.
OWN = "fiche"
COMMUNE = "commune"
ORGANISATION = "organisation"
ORGANISATION_COMMUNE = "commune-organisation"


@dataclass(frozen=True)
class Place:
    lat: float
    lon: float
    source: str
    commune: Record | None = None


def place(record: Record, fallback_to_organisation: bool = True) -> Place | None:
    own = _place_of(record, OWN, COMMUNE)
    if own is None and fallback_to_organisation and record.organisation is not None:
        return _place_of(record.organisation, ORGANISATION, ORGANISATION_COMMUNE)
    return own


def _place_of(record: Record, own_source: str, commune_source: str) -> Place | None:
    coordinates = record.data.get("coordonnees")
    if coordinates:
        return Place(coordinates["lat"], coordinates["lon"], own_source, record.commune)
    commune = record.commune
    if commune is not None and commune.data.get("coordonnees"):
        centre = commune.data["coordonnees"]
        return Place(centre["lat"], centre["lon"], commune_source, commune)
    return None


def in_radians(lat: float, lon: float) -> tuple[float, float, float]:
    """(latitude, longitude, cosine of the latitude) in radians: what `haversine_km` reads, computed once a point."""
    return math.radians(lat), math.radians(lon), math.cos(math.radians(lat))


def haversine_km(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """Great-circle distance (haversine formula) between two points given `in_radians`."""
    h = math.sin((b[0] - a[0]) / 2) ** 2 + a[2] * b[2] * math.sin((b[1] - a[1]) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def distance_km(a: Place, b: Place) -> float:
    return haversine_km(in_radians(a.lat, a.lon), in_radians(b.lat, b.lon))


def french_km(distance: float) -> str:
    """« 3,2 km », as a French reader writes it."""
    return f"{distance:.1f}".replace(".", ",") + " km"


KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180
PER_CELL = 4  # communes in a cell of the grid, on average over the box that holds them


def coordinates(record: Record | None) -> tuple[float, float] | None:
    """A record's own (latitude, longitude), or None."""
    centre = record.data.get("coordonnees") if record is not None else None
    return (centre["lat"], centre["lon"]) if centre else None


class CommuneGrid:
    """The communes with coordinates in square cells, about `PER_CELL` in each: the nearest ones to a point
    are found among the cells around it, ring by ring, whatever the number of communes."""

    def __init__(self, communes: Iterable[Record], cell_km: float | None = None):
        placed = [(commune, coordinates(commune)) for commune in communes]
        placed = [(commune, where) for commune, where in placed if where is not None]
        if cell_km is None:
            cell_km = _cell_km([where for _commune, where in placed])
        self.step = cell_km / KM_PER_DEGREE  # degrees of latitude (and of longitude: cells narrow towards the poles)
        # Each commune as (latitude, longitude, cosine of the latitude) in radians, and itself.
        self.cells: dict[tuple[int, int], list[tuple[tuple[float, float, float], Record]]] = {}
        for commune, (lat, lon) in placed:
            radians = in_radians(lat, lon)
            self.cells.setdefault(self._cell(lat, lon), []).append((radians, commune))
        for items in self.cells.values():
            items.sort(key=lambda item: item[1].slug)

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / self.step), math.floor(lon / self.step)

    def nearest(self, lat: float, lon: float, count: int, max_km: float, exclude: Record | None = None) -> list[tuple[float, Record]]:
        """Up to `count` (distance in km, commune) within `max_km` of the point, nearest first."""
        if not self.cells:
            return []
        row, column = self._cell(lat, lon)
        here = in_radians(lat, lon)
        found: list[tuple[float, str, Record]] = []
        ring = 0
        while True:
            for cell in _ring(row, column, ring):
                for where, commune in self.cells.get(cell, ()):
                    if commune is not exclude:
                        km = haversine_km(here, where)
                        if km <= max_km:
                            found.append((km, commune.slug, commune))
            # Every commune beyond this ring is at least this far: `ring` whole cells, narrowed by the latitude.
            reach = ring * self.step * KM_PER_DEGREE * math.cos(math.radians(min(89.0, abs(lat) + (ring + 1) * self.step)))
            found.sort(key=lambda item: (item[0], item[1]))
            if reach > max_km or (len(found) >= count and found[count - 1][0] <= reach) or ring > 2 * max_km / (self.step * KM_PER_DEGREE) + 2:
                return [(km, commune) for km, _slug, commune in found[:count]]
            ring += 1


def _cell_km(points: list[tuple[float, float]]) -> float:
    """The side of a cell that holds `PER_CELL` of the points on average over their box, from 0.5 to 20 km."""
    if len(points) < 2:
        return 20.0
    south, north = min(p[0] for p in points), max(p[0] for p in points)
    west, east = min(p[1] for p in points), max(p[1] for p in points)
    area = (north - south) * KM_PER_DEGREE * (east - west) * KM_PER_DEGREE * math.cos(math.radians((north + south) / 2))
    return min(20.0, max(0.5, math.sqrt(area * PER_CELL / len(points))))


def _ring(row: int, column: int, ring: int) -> list[tuple[int, int]]:
    if ring == 0:
        return [(row, column)]
    cells = [(row + dr, column + dc) for dr in (-ring, ring) for dc in range(-ring, ring + 1)]
    cells += [(row + dr, column + dc) for dc in (-ring, ring) for dr in range(-ring + 1, ring)]
    return cells
