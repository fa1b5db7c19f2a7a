"""Where: toponyms resolved to GeoNames places, and each event's place."""

from __future__ import annotations

from dotterel.where.gazetteer import Context, Gazetteer

__all__ = ["Gazetteer", "Context", "Geocoder", "geoparse"]


def __getattr__(name: str):
    # The geocoder imports spaCy helpers lazily; keep `import dotterel.where` cheap.
    if name in ("Geocoder", "geoparse"):
        from dotterel.where import geocoder

        return getattr(geocoder, name)
    raise AttributeError(name)
