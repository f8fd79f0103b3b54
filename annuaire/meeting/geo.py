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


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance (haversine formula)."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def french_km(distance: float) -> str:
    """« 3,2 km », as a French reader writes it."""
    return f"{distance:.1f}".replace(".", ",") + " km"
