"""Panels and top lists over stored events: the SQL behind `dotterel panel` and `dotterel top`.

A panel is one row per unit and period, zero-filled, as conflict and forecasting models take it.
Only this module and `database.py` write SQL; every value is bound, and the few identifiers put
into the text (period, unit expression) come from the fixed tables below, never from users.
"""

from __future__ import annotations

from typing import Any

import duckdb

from dotterel.errors import UserError
from dotterel.model import PLOVER_TYPES
from dotterel.store.filters import EventFilter

__all__ = ["PANEL_UNITS", "TOP_KEYS", "SERIES_PERIODS", "panel", "top"]

#: Periods a series or panel can bin by (DuckDB `date_trunc` parts).
SERIES_PERIODS = ("day", "week", "month", "quarter", "year")

#: Panel units: where the event happened (country, admin1), who did what to whom (dyad), or any
#: party (actor: country plus sector, e.g. SYRMIL).
PANEL_UNITS = ("country", "admin1", "dyad", "actor")

#: What `top` can rank.
TOP_KEYS = ("dyad", "source", "target", "type", "place")

_CASUALTY_COLUMNS = ("killed_low", "wounded_low", "arrested_low")


def _rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row)) for row in cur.fetchall()]


_TYPE_LIST = "[" + ", ".join(f"'{t}'" for t in PLOVER_TYPES) + "]"
# Per event: its PLOVER type as a number (16 integer filters are much cheaper than 16 string
# comparisons over millions of rows) and whether it is its happening's first report.
_MEASURES = (f"list_position({_TYPE_LIST}, {{t}}.plover_type) AS ti, "
             "{t}.event_id = {t}.happening_id AS first_report, "
             "{t}.goldstein, {t}.quad, {e}.killed_low, {e}.wounded_low, {e}.arrested_low")


def _base(by: str, every: str, flt: EventFilter) -> tuple[str, list[Any]]:
    """SQL of one row per (event, unit) with what the panel sums."""
    period = f"date_trunc('{every}', {{t}}.date)::DATE"
    if by in ("country", "admin1"):
        where, params = flt.where("events", alias="e", historical_default=False)
        unit = "e.location_country" if by == "country" else "e.location_country || '.' || e.admin1"
        sql = f"""SELECT {period.format(t='e')} AS period, {unit} AS unit, {_MEASURES.format(t='e', e='e')}
                  FROM events e
                  WHERE e.date IS NOT NULL AND {unit} IS NOT NULL AND {where}"""
        return sql, params
    where, params = flt.where("dyads", alias="d", historical_default=False)
    if by == "dyad":
        units = ["d.source_country || '-' || d.target_country"]
    else:
        units = ["d.source_country || coalesce(d.source_sector, '')",
                 "d.target_country || coalesce(d.target_sector, '')"]
    # DISTINCT (and UNION) keep one row per event and unit: an event with two parties of one
    # country on a side, or the same actor on both sides, counts once.
    parts = [
        f"""SELECT DISTINCT {period.format(t='d')} AS period, {unit} AS unit, d.event_id,
                   {_MEASURES.format(t='d', e='e')}
            FROM dyads d LEFT JOIN events e ON e.event_id = d.event_id
            WHERE d.date IS NOT NULL AND {unit} IS NOT NULL AND {where}"""
        for unit in units
    ]
    return " UNION ".join(parts), params * len(units)


def panel(con: duckdb.DuckDBPyConnection, by: str = "country", every: str = "month",
          flt: EventFilter = EventFilter(), parquet: str | None = None) -> Any:
    """Zero-filled counts per unit and period: events, happenings, mean Goldstein, per QuadClass,
    per PLOVER type, and casualties (sums of the stated lower bounds).

    `happenings` counts the happenings whose first report falls in the cell (and passes the
    filter), so a happening reported over several days or places counts once in the whole panel.
    Periods run from `flt.since` (else the first event) to `flt.until` (else the last); units are
    those with at least one event in the filter. Historical events are left out unless the filter
    includes them. Returns rows as dicts or, with `parquet=PATH`, writes them there as Parquet
    and returns the number of rows.
    """
    if by not in PANEL_UNITS:
        raise UserError(f"Cannot make a panel by {by!r}; use one of {', '.join(PANEL_UNITS)}.")
    if every not in SERIES_PERIODS:
        raise UserError(f"Cannot bin by {every!r}; use one of {', '.join(SERIES_PERIODS)}.")
    base, params = _base(by, every, flt)
    quad_names = ("verbal_coop", "material_coop", "verbal_conflict", "material_conflict")
    counts = ["count(*) AS events", "count(*) FILTER (WHERE first_report) AS happenings",
              "round(avg(goldstein), 2) AS goldstein"]
    counts += [f"count(*) FILTER (WHERE quad = {q}) AS {name}" for q, name in enumerate(quad_names, 1)]
    counts += [f"count(*) FILTER (WHERE ti = {i}) AS {t.lower()}" for i, t in enumerate(PLOVER_TYPES, 1)]
    counts += [f"coalesce(sum({c}), 0) AS {c.split('_')[0]}" for c in _CASUALTY_COLUMNS]
    names = [*quad_names, *(t.lower() for t in PLOVER_TYPES), "killed", "wounded", "arrested"]
    filled = ", ".join(f"coalesce(a.{n}, 0) AS {n}" for n in names)  # empty cells: 0, Goldstein NULL
    sql = f"""
        WITH b AS ({base}),
        a AS (SELECT unit, period, {", ".join(counts)} FROM b GROUP BY unit, period),
        span AS (SELECT coalesce(?::DATE, min(period)) AS lo, coalesce(date_trunc('{every}', ?::DATE)::DATE,
                        max(period)) AS hi FROM a),
        periods AS (SELECT unnest(generate_series(span.lo, span.hi, INTERVAL 1 {every}))::DATE AS period
                    FROM span WHERE span.lo IS NOT NULL),
        units AS (SELECT DISTINCT unit FROM a)
        SELECT u.unit, p.period, coalesce(a.events, 0) AS events, coalesce(a.happenings, 0) AS happenings,
               a.goldstein, {filled}
        FROM units u CROSS JOIN periods p
        LEFT JOIN a ON a.unit = u.unit AND a.period = p.period
        ORDER BY u.unit, p.period"""
    since = flt.since
    if since is not None:  # the first period is the one that holds `since`
        since = con.execute(f"SELECT date_trunc('{every}', ?::DATE)::DATE", [since]).fetchall()[0][0]
    if parquet is not None:
        con.sql(sql, params=params + [since, flt.until]).write_parquet(parquet)
        return int(con.execute("SELECT count(*) FROM read_parquet(?)", [parquet]).fetchall()[0][0])
    return _rows(con.execute(sql, params + [since, flt.until]))


def top(con: duckdb.DuckDBPyConnection, by: str = "dyad", flt: EventFilter = EventFilter(),
        limit: int = 10) -> list[dict[str, Any]]:
    """The most frequent dyads, sources, targets, types or places: events, happenings, mean
    Goldstein, first and last date. Historical events are left out unless the filter includes them."""
    if by not in TOP_KEYS:
        raise UserError(f"Cannot rank by {by!r}; use one of {', '.join(TOP_KEYS)}.")
    if limit < 1:
        raise UserError("--limit must be 1 or more.")
    if by in ("type", "place"):
        where, params = flt.where("events", alias="t", historical_default=False)
        key = "t.plover_type" if by == "type" else "t.location_name || ' (' || coalesce(t.location_country, '?') || ')'"
        source = "events t"
        events = "count(*)"
    else:
        where, params = flt.where("dyads", alias="t", historical_default=False)
        key = {"dyad": "t.source_country || '-' || t.target_country",  # both sides known
               "source": "t.source_country", "target": "t.target_country"}[by]
        source = "dyads t"
        events = "count(DISTINCT t.event_id)"
    sql = f"""SELECT {key} AS {by}, {events} AS events, count(DISTINCT t.happening_id) AS happenings,
                     round(avg(t.goldstein), 2) AS goldstein, min(t.date) AS first, max(t.date) AS last
              FROM {source} WHERE {key} IS NOT NULL AND {where}
              GROUP BY 1 ORDER BY events DESC, happenings DESC, 1 LIMIT ?"""
    return _rows(con.execute(sql, params + [int(limit)]))
