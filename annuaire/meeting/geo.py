"""Where a record is, and how far apart two places are.

A record is placed by its own coordinates, else by the centre of its commune;
an offer or a need with neither is placed where its organisation is. The
`source` says which, so that a map or a distance never pretends to be exact.
"""

from __future__ import annotations

import math
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
