"""Read-only queries behind `dotterel serve`: filtered pages, aggregates, articles with offsets.

Every function takes an open `Store` (read-only is enough) and a `BrowseFilter`. Aggregates are
computed in DuckDB and return at most a bounded number of rows, so a page over a million events
stays small. Values are always bound parameters; the only SQL pieces chosen at run time come from
the constant tables in this module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dotterel.errors import UserError

if TYPE_CHECKING:
    from dotterel.store.database import Store

__all__ = [
    "BrowseFilter", "EVENT_SORTS", "PANEL_UNITS", "TOP_KINDS", "count_events", "event_page", "event_by_id",
    "timeline", "map_clusters", "network", "panel", "top", "actor_search", "article_with_events", "stats",
]

#: Sort keys of `event_page` -> ORDER BY clause (event_id last, so pages are stable).
EVENT_SORTS = {
    "date": "date ASC NULLS LAST, event_id",
    "-date": "date DESC NULLS LAST, event_id",
    "confidence": "confidence ASC NULLS LAST, event_id",
    "-confidence": "confidence DESC NULLS LAST, event_id",
    "goldstein": "goldstein ASC NULLS LAST, event_id",
    "-goldstein": "goldstein DESC NULLS LAST, event_id",
}
PERIODS = ("day", "week", "month", "quarter", "year")
#: `panel` units -> (column expressions grouped by in the dyads table).
PANEL_UNITS = {
    "source": ("source_country",),
    "target": ("target_country",),
    "dyad": ("source_country", "target_country"),
}
#: `top` kinds -> (key expression, table).
TOP_KINDS = {
    "source": ("source_country", "dyads"),
    "target": ("target_country", "dyads"),
    "dyad": ("source_country || '>' || target_country", "dyads"),
    "type": ("plover_type", "events"),
    "place": ("location_name", "events"),
}

_EVENT_COLUMNS = (
    "event_id, article_id, sentence, date, date_precision, date_basis, source, target, plover_type, plover_mode, "
    "plover_context, cameo_code, cameo_root, goldstein, quad, negated, future, hypothetical, historical, "
    "location_name, geonameid, location_country, admin1, lat, lon, location_basis, evidence, trigger, "
    "trigger_start, trigger_end, confidence"
)


@dataclass(frozen=True)
class BrowseFilter:
    """What the dashboard and `/api` filter on; every field optional.

    `source`/`target` are ISO3 countries of any party on that side; `source_actor`/`target_actor`
    match a party's name or text (case-insensitive substring). Modal events (negated, future,
    hypothetical; stored only by `dotterel code --keep-modal`) and historical ones are kept unless
    `include_modal` / `include_historical` is False, as `dotterel events` keeps them. `bbox` is (min_lon, min_lat, max_lon, max_lat).
    """

    since: dt.date | None = None
    until: dt.date | None = None
    source: str | None = None
    target: str | None = None
    source_actor: str | None = None
    target_actor: str | None = None
    plover_types: tuple[str, ...] = ()
    quads: tuple[int, ...] = ()
    min_confidence: float | None = None
    include_modal: bool = True
    include_historical: bool = True
    article_id: str | None = None
    place_country: str | None = None
    bbox: tuple[float, float, float, float] | None = None

    def event_where(self) -> tuple[str, list[Any]]:
        """WHERE clause (without the keyword; 'TRUE' when empty) over the events table."""
        where, params = self._common()
        if self.source:
            where.append("list_contains(list_transform(source, lambda x: x.country), ?)")
            params.append(self.source)
        if self.target:
            where.append("list_contains(list_transform(target, lambda x: x.country), ?)")
            params.append(self.target)
        for side, text in (("source", self.source_actor), ("target", self.target_actor)):
            if text:
                # One string per event side, so the bound pattern stays outside the lambda.
                where.append(
                    f"array_to_string(list_transform({side}, lambda x: coalesce(x.name, '') || ' ' || "
                    "coalesce(x.text, '')), ' | ') ILIKE ?"
                )
                params.append(f"%{_escape_like(text)}%")
        if self.article_id:
            where.append("article_id = ?")
            params.append(self.article_id)
        if self.place_country:
            where.append("location_country = ?")
            params.append(self.place_country)
        if self.bbox:
            where.append("lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?")
            params += [self.bbox[0], self.bbox[2], self.bbox[1], self.bbox[3]]
        return " AND ".join(where) or "TRUE", params

    def dyad_where(self) -> tuple[str, list[Any]]:
        """WHERE clause over the flat `dyads` table (one row per source-target pair).

        Country filters apply to the pair; what the pair table lacks (actor names, places, one
        article) goes through the events table by event id.
        """
        where, params = self._common()
        if self.source:
            where.append("source_country = ?")
            params.append(self.source)
        if self.target:
            where.append("target_country = ?")
            params.append(self.target)
        rest = BrowseFilter(source_actor=self.source_actor, target_actor=self.target_actor,
                            article_id=self.article_id, place_country=self.place_country, bbox=self.bbox)
        if rest != BrowseFilter():
            sub, sub_params = rest.event_where()
            where.append(f"event_id IN (SELECT event_id FROM events WHERE {sub})")
            params += sub_params
        return " AND ".join(where) or "TRUE", params

    def _common(self) -> tuple[list[str], list[Any]]:
        """Conditions on columns that the events and dyads tables share."""
        where: list[str] = []
        params: list[Any] = []
        for clause, value in (("date >= ?", self.since), ("date <= ?", self.until),
                              ("confidence >= ?", self.min_confidence)):
            if value is not None:
                where.append(clause)
                params.append(value)
        if self.plover_types:
            where.append("list_contains(?, plover_type)")
            params.append(list(self.plover_types))
        if self.quads:
            where.append("list_contains(?, quad)")
            params.append(list(self.quads))
        if not self.include_modal:
            where.append("NOT (coalesce(negated, false) OR coalesce(future, false) OR coalesce(hypothetical, false))")
        if not self.include_historical:
            where.append("NOT coalesce(historical, false)")
        return where, params


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _dicts(cur: Any) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row)) for row in cur.fetchall()]


def _period(every: str) -> str:
    if every not in PERIODS:
        raise UserError(f"Cannot bin by {every!r}; use one of {', '.join(PERIODS)}.")
    return every


def count_events(store: Store, flt: BrowseFilter) -> int:
    """How many events match the filter."""
    where, params = flt.event_where()
    return int(store.con.execute(f"SELECT count(*) FROM events WHERE {where}", params).fetchall()[0][0])


def event_page(store: Store, flt: BrowseFilter, limit: int = 50, offset: int = 0,
               sort: str = "-date") -> list[dict[str, Any]]:
    """One page of event rows (as `Store.events` returns them) in the chosen order."""
    if sort not in EVENT_SORTS:
        raise UserError(f"Cannot sort by {sort!r}; use one of {', '.join(EVENT_SORTS)}.")
    where, params = flt.event_where()
    sql = f"SELECT {_EVENT_COLUMNS} FROM events WHERE {where} ORDER BY {EVENT_SORTS[sort]} LIMIT ? OFFSET ?"
    return _dicts(store.con.execute(sql, params + [int(limit), int(offset)]))


def event_by_id(store: Store, event_id: str) -> dict[str, Any] | None:
    """One event row, or None."""
    rows = _dicts(store.con.execute(f"SELECT {_EVENT_COLUMNS} FROM events WHERE event_id = ?", [event_id]))
    return rows[0] if rows else None


def timeline(store: Store, flt: BrowseFilter, every: str = "month") -> list[dict[str, Any]]:
    """Events per period (counted once each, not per pair), mean Goldstein and counts per QuadClass."""
    where, params = flt.event_where()
    sql = f"""
        SELECT date_trunc('{_period(every)}', date)::DATE AS period, count(*) AS events,
               round(avg(goldstein), 2) AS goldstein,
               count(*) FILTER (WHERE quad = 1) AS verbal_coop,
               count(*) FILTER (WHERE quad = 2) AS material_coop,
               count(*) FILTER (WHERE quad = 3) AS verbal_conflict,
               count(*) FILTER (WHERE quad = 4) AS material_conflict
        FROM events WHERE date IS NOT NULL AND {where}
        GROUP BY period ORDER BY period"""
    return _dicts(store.con.execute(sql, params))


def map_clusters(store: Store, flt: BrowseFilter, cell: float = 2.0, limit: int = 2000) -> list[dict[str, Any]]:
    """Events with a place, binned into square cells of `cell` degrees (the densest `limit` cells).

    Each cell gives its event count, mean position, mean Goldstein, its most frequent place name
    and the cell's bounds, which the dashboard sends back as `bbox` to list the cell's events.
    """
    where, params = flt.event_where()
    sql = f"""
        SELECT floor(lon / ?) AS cx, floor(lat / ?) AS cy, count(*) AS events,
               round(avg(lon), 4) AS lon, round(avg(lat), 4) AS lat, round(avg(goldstein), 2) AS goldstein,
               mode(location_name) AS place, count(DISTINCT location_name) AS places
        FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL AND {where}
        GROUP BY cx, cy ORDER BY events DESC LIMIT ?"""
    rows = _dicts(store.con.execute(sql, [cell, cell] + params + [int(limit)]))
    for r in rows:
        cx, cy = r.pop("cx"), r.pop("cy")
        r["bbox"] = [round(cx * cell, 6), round(cy * cell, 6), round((cx + 1) * cell, 6), round((cy + 1) * cell, 6)]
    return rows


def network(store: Store, flt: BrowseFilter, limit: int = 60) -> list[dict[str, Any]]:
    """Who acts on whom: the `limit` busiest country pairs (source != target) with mean Goldstein."""
    where, params = flt.dyad_where()
    sql = f"""
        SELECT source_country AS source, target_country AS target, count(*) AS events,
               round(avg(goldstein), 2) AS goldstein
        FROM dyads WHERE source_country IS NOT NULL AND target_country IS NOT NULL
             AND source_country <> target_country AND {where}
        GROUP BY source_country, target_country ORDER BY events DESC, source, target LIMIT ?"""
    return _dicts(store.con.execute(sql, params + [int(limit)]))


def panel(store: Store, flt: BrowseFilter, unit: str = "source", every: str = "month") -> list[dict[str, Any]]:
    """A unit-period panel (country-month by default) over source-target pairs, as in GDELT."""
    if unit not in PANEL_UNITS:
        raise UserError(f"Cannot make a panel by {unit!r}; use one of {', '.join(PANEL_UNITS)}.")
    cols = PANEL_UNITS[unit]
    where, params = flt.dyad_where()
    not_null = " AND ".join(f"{c} IS NOT NULL" for c in cols)
    keys = ", ".join(cols)
    sql = f"""
        SELECT {keys}, date_trunc('{_period(every)}', date)::DATE AS period, count(*) AS events,
               round(avg(goldstein), 2) AS goldstein,
               count(*) FILTER (WHERE quad = 1) AS verbal_coop,
               count(*) FILTER (WHERE quad = 2) AS material_coop,
               count(*) FILTER (WHERE quad = 3) AS verbal_conflict,
               count(*) FILTER (WHERE quad = 4) AS material_conflict
        FROM dyads WHERE date IS NOT NULL AND {not_null} AND {where}
        GROUP BY ALL ORDER BY {keys}, period"""
    return _dicts(store.con.execute(sql, params))


def top(store: Store, flt: BrowseFilter, by: str = "source", limit: int = 10) -> list[dict[str, Any]]:
    """The most frequent sources, targets, dyads, PLOVER types or places, with mean Goldstein."""
    if by not in TOP_KINDS:
        raise UserError(f"Cannot rank by {by!r}; use one of {', '.join(TOP_KINDS)}.")
    key, table = TOP_KINDS[by]
    where, params = flt.dyad_where() if table == "dyads" else flt.event_where()
    sql = f"""
        SELECT {key} AS key, count(*) AS events, round(avg(goldstein), 2) AS goldstein
        FROM {table} WHERE {key} IS NOT NULL AND {where}
        GROUP BY key ORDER BY events DESC, key LIMIT ?"""
    return _dicts(store.con.execute(sql, params + [int(limit)]))


def actor_search(store: Store, q: str, limit: int = 20) -> list[dict[str, Any]]:
    """Actors seen in stored events whose name, mention text, country or KB id contains `q`."""
    pattern = f"%{_escape_like(q)}%"
    # Events whose flattened parties match are found first, so only those few lists are unnested.
    flat = ("array_to_string(list_transform({side}, lambda x: concat_ws(' ', x.name, x.text, x.country, x.kb_id)), "
            "' | ')")
    sql = f"""
        WITH hits AS (
            SELECT source, target FROM events
            WHERE {flat.format(side='source')} ILIKE ? OR {flat.format(side='target')} ILIKE ?),
        parties AS (
            SELECT unnest(source) AS a, 'source' AS side FROM hits
            UNION ALL SELECT unnest(target) AS a, 'target' AS side FROM hits)
        SELECT a.name AS name, a.country AS country, a.sector AS sector, a.kb_id AS kb_id,
               count(*) FILTER (WHERE side = 'source') AS as_source,
               count(*) FILTER (WHERE side = 'target') AS as_target,
               mode(a.text) AS text
        FROM parties
        WHERE a.name ILIKE ? OR a.text ILIKE ? OR a.country ILIKE ? OR a.kb_id ILIKE ?
        GROUP BY ALL ORDER BY as_source + as_target DESC, name LIMIT ?"""
    return _dicts(store.con.execute(sql, [pattern] * 6 + [int(limit)]))


def article_with_events(store: Store, article_id: str) -> dict[str, Any] | None:
    """An article's cleaned text and metadata, with each event's sentence, trigger and party offsets.

    Offsets are characters into `text` (the cleaned text every stored offset points into).
    """
    rows = _dicts(store.con.execute(
        "SELECT article_id, title, published, source, url, origin, language, text FROM articles "
        "WHERE article_id = ?", [article_id]))
    if not rows:
        return None
    article = rows[0]
    sentences = {r["idx"]: (r["start"], r["end"]) for r in _dicts(store.con.execute(
        'SELECT idx, start, "end" FROM sentences WHERE article_id = ?', [article_id]))}
    article["events"] = []
    for e in _dicts(store.con.execute(
            f"SELECT {_EVENT_COLUMNS} FROM events WHERE article_id = ? ORDER BY sentence, trigger_start",
            [article_id])):
        start, end = sentences.get(e["sentence"], (None, None))
        e["sentence_start"], e["sentence_end"] = start, end
        article["events"].append(e)
    return article


def stats(store: Store) -> dict[str, Any]:
    """Counts, the date range of events, and the last run."""
    counts = store.counts()
    first, last = store.con.execute("SELECT min(date), max(date) FROM events").fetchall()[0]
    runs = _dicts(store.con.execute(
        "SELECT run_id, started_at, finished_at, pipeline_version, read, coded, duplicates, failed, events, seconds "
        "FROM runs ORDER BY started_at DESC LIMIT 1"))
    return {"counts": counts, "first_date": first, "last_date": last, "last_run": runs[0] if runs else None}
