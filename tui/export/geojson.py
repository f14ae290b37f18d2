"""Events as GeoJSON points, so the filtered set opens in QGIS or geojson.io."""

from __future__ import annotations

from typing import Any, Iterable

from ..core.model import Event, Figure


def figure(value: Figure | None) -> list[int] | None:
    """[low, high] (equal when exact); null when no source gives a figure, never 0."""
    return list(value) if value is not None else None


def to_geojson(events: Iterable[Event]) -> dict[str, Any]:
    """A FeatureCollection of the events that have coordinates, in the order given.

    Events without coordinates cannot be points; they are counted in the foreign
    member `without_coordinates` rather than dropped silently.
    """
    features = []
    missing = 0
    for event in events:
        location = event.location
        if event.point is None:
            missing += 1
            continue
        features.append(
            {
                "type": "Feature",
                "id": event.id,
                "geometry": {"type": "Point", "coordinates": [location.lon, location.lat]},
                "properties": {
                    "id": event.id,
                    "date": event.date_text,
                    "type": event.type,
                    "actor": event.actor,
                    "target": event.target,
                    "response": event.is_response,
                    "location": location.name,
                    "country": location.country,
                    "killed": figure(event.casualties.killed),
                    "injured": figure(event.casualties.injured),
                    "status": event.status,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features, "without_coordinates": missing}
