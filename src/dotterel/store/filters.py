"""One filter for every query over events: `EventFilter` turns into parameterised SQL.

`dotterel events`, `dyad`, `panel`, `top`, `export` and the HTTP API all take the same filter,
so "Turkish events near Idlib since May, confident, factual" means the same everywhere.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from dotterel.errors import UserError
from dotterel.model import PLOVER_TYPES
from dotterel.where.distance import EARTH_RADIUS_KM

__all__ = ["EventFilter", "MODALITIES", "parse_near", "parse_date"]

#: Values of `EventFilter.modality`: "factual" is none of negated, future, hypothetical.
MODALITIES = ("factual", "negated", "future", "hypothetical", "historical")

_EARTH_KM = EARTH_RADIUS_KM


def parse_date(value: str | dt.date | None, option: str = "date") -> dt.date | None:
    """A YYYY-MM-DD string (or a date) as a date; a one-line UserError otherwise."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise UserError(f"{option} expects a date as YYYY-MM-DD, got {value!r}.") from exc


def parse_near(value: str | None) -> tuple[float, float, float] | None:
    """'LAT,LON,KM' as a (lat, lon, km) triple."""
    if value is None:
        return None
    parts = value.split(",")
    try:
        lat, lon, km = (float(p) for p in parts)
    except ValueError as exc:
        raise UserError(f"--near expects LAT,LON,KM (e.g. 36.2,37.1,50), got {value!r}.") from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and km > 0):
        raise UserError(f"--near {value!r}: latitude -90..90, longitude -180..180, a positive radius in km.")
    return lat, lon, km


@dataclass(frozen=True)
class EventFilter:
    """Filters for event queries; every field optional, all given fields must hold (AND).

    `include_historical=None` means the query's own default: listings (`events`, `export`) keep
    events reported as past background (`historical`), series and panels (`dyad`, `panel`,
    `top`) leave them out, since they would land in the wrong period.
    """

    source: str | None = None  # ISO3 of any source actor
    target: str | None = None  # ISO3 of any target actor
    country: str | None = None  # ISO3 of any actor on either side, or of the event's place
    plover_type: str | None = None  # one PLOVER type, or several separated by commas
    since: dt.date | None = None
    until: dt.date | None = None
    article_id: str | None = None
    min_confidence: float | None = None
    near: tuple[float, float, float] | None = None  # (lat, lon, km)
    modality: str | None = None  # one of MODALITIES
    include_historical: bool | None = None
    limit: int | None = None

    def __post_init__(self) -> None:
        for t in self.types():
            if t not in PLOVER_TYPES:
                raise UserError(f"Unknown PLOVER type {t!r}; choose one of {', '.join(PLOVER_TYPES)}.")
        if self.modality is not None and self.modality.lower() not in MODALITIES:
            raise UserError(f"Unknown modality {self.modality!r}; choose one of {', '.join(MODALITIES)}.")
        if self.min_confidence is not None and not 0.0 <= self.min_confidence <= 1.0:
            raise UserError(f"--min-confidence must be between 0 and 1, got {self.min_confidence}.")
        if self.since and self.until and self.since > self.until:
            raise UserError(f"--since {self.since} is after --until {self.until}.")
        if self.limit is not None and self.limit < 1:
            raise UserError("--limit must be 1 or more.")

    def types(self) -> tuple[str, ...]:
        """The PLOVER types asked for, upper-cased (empty: all)."""
        if not self.plover_type:
            return ()
        return tuple(t.strip().upper() for t in self.plover_type.split(",") if t.strip())

    def historical_included(self, default: bool) -> bool:
        return default if self.include_historical is None else self.include_historical

    def where(self, table: str = "events", alias: str = "", historical_default: bool = True) -> tuple[str, list[Any]]:
        """A SQL condition (never empty: 'TRUE' when nothing is asked) and its bound parameters.

        `table` is "events" (actor lists, place columns) or "dyads" (one row per source-target
        pair; `source`/`target` then mean the pair's own countries). Values are always bound.
        """
        if table not in ("events", "dyads"):
            raise ValueError(f"EventFilter.where: unknown table {table!r}")
        p = f"{alias}." if alias else ""
        clauses: list[str] = []
        params: list[Any] = []

        def add(sql: str, *values: Any) -> None:
            clauses.append(sql)
            params.extend(values)

        def countries(side: str) -> str:
            return f"list_transform({p}{side}, lambda x: x.country)"

        if table == "events":
            if self.source:
                add(f"list_contains({countries('source')}, ?)", self.source.upper())
            if self.target:
                add(f"list_contains({countries('target')}, ?)", self.target.upper())
            if self.country:
                c = self.country.upper()
                add(f"(list_contains({countries('source')}, ?) OR list_contains({countries('target')}, ?)"
                    f" OR {p}location_country = ?)", c, c, c)
        else:
            if self.source:
                add(f"{p}source_country = ?", self.source.upper())
            if self.target:
                add(f"{p}target_country = ?", self.target.upper())
            if self.country:
                c = self.country.upper()
                add(f"({p}source_country = ? OR {p}target_country = ?"
                    f" OR {p}event_id IN (SELECT event_id FROM events WHERE location_country = ?))", c, c, c)
        types = self.types()
        if len(types) == 1:
            add(f"{p}plover_type = ?", types[0])
        elif types:
            add(f"list_contains(?, {p}plover_type)", list(types))
        if self.since:
            add(f"{p}date >= ?", self.since)
        if self.until:
            add(f"{p}date <= ?", self.until)
        if self.article_id:
            add(f"{p}article_id = ?", self.article_id)
        if self.min_confidence is not None:
            add(f"{p}confidence >= ?", float(self.min_confidence))
        if self.modality:
            m = self.modality.lower()
            if m == "factual":
                add(f"NOT (coalesce({p}negated, FALSE) OR coalesce({p}future, FALSE)"
                    f" OR coalesce({p}hypothetical, FALSE))")
            else:
                add(f"coalesce({p}{m}, FALSE)")  # m is one of MODALITIES, never user text
        if not self.historical_included(historical_default) and self.modality != "historical":
            add(f"NOT coalesce({p}historical, FALSE)")
        if self.near:
            near_sql, near_params = _near_sql(self.near)
            if table == "events":
                add(near_sql.format(p=p), *near_params)
            else:
                add(f"{p}event_id IN (SELECT event_id FROM events WHERE {near_sql.format(p='')})", *near_params)
        return (" AND ".join(clauses) if clauses else "TRUE"), params


def _near_sql(near: tuple[float, float, float]) -> tuple[str, list[Any]]:
    """Great-circle distance (haversine, km) within a radius, behind a cheap bounding box.

    Returns a template with `{p}` for the column prefix, and its parameters.
    """
    lat, lon, km = near
    dlat = math.degrees(km / _EARTH_KM)
    coslat = max(math.cos(math.radians(lat)), 1e-6)
    dlon = min(180.0, math.degrees(km / (_EARTH_KM * coslat)))
    box = "{p}lat BETWEEN ? AND ?"
    params: list[Any] = [lat - dlat, lat + dlat]
    if dlon < 180.0:
        lo, hi = lon - dlon, lon + dlon
        if lo < -180 or hi > 180:  # the box crosses the antimeridian
            box += " AND ({p}lon >= ? OR {p}lon <= ?)"
            params += [lo + 360 if lo < -180 else lo, hi - 360 if hi > 180 else hi]
        else:
            box += " AND {p}lon BETWEEN ? AND ?"
            params += [lo, hi]
    dist = (
        f"2 * {_EARTH_KM} * asin(sqrt(pow(sin(radians({{p}}lat - ?) / 2), 2)"
        " + cos(radians(?)) * cos(radians({p}lat)) * pow(sin(radians({p}lon - ?) / 2), 2)))"
    )
    return f"({box} AND {dist} <= ?)", params + [lat, lat, lon, km]
