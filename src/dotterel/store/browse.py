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
from dotterel.store import panels
from dotterel.store.filters import EventFilter

if TYPE_CHECKING:
    from dotterel.store.database import Store

__all__ = [
    "BrowseFilter", "EVENT_SORTS", "PERIODS", "count_events", "event_page", "event_by_id",
    "timeline", "map_clusters", "network", "panel", "top", "actor_search", "article_with_events", "stats",
]

#: Sort keys of `event_page` -> (column, direction); event_id breaks ties, so pages are stable.
EVENT_SORTS = {
    "date": ("date", "ASC"), "-date": ("date", "DESC"),
    "confidence": ("confidence", "ASC"), "-confidence": ("confidence", "DESC"),
    "goldstein": ("goldstein", "ASC"), "-goldstein": ("goldstein", "DESC"),
}
PERIODS = panels.SERIES_PERIODS
#: From this offset on, `event_page` finds the page's ids first (see there).
DEEP_OFFSET = 5000

# Event rows as `Store.events` gives them: the events columns and the happening's counts.
_EVENT_ROWS = """SELECT e.*, h.first_seen, h.num_mentions, h.num_articles, h.num_sources
    FROM events e LEFT JOIN happenings h USING (happening_id)"""


@dataclass(frozen=True)
class BrowseFilter:
    """The CLI's `EventFilter` plus what the dashboard narrows by; every field optional.

    `source_actor`/`target_actor` match a party's name or mention text (case-insensitive
    substring), `quads` are QuadClasses, `bbox` is (min_lon, min_lat, max_lon, max_lat) of the
    event's place (a map cell).
    """

    base: EventFilter = EventFilter()
    source_actor: str | None = None
    target_actor: str | None = None
    quads: tuple[int, ...] = ()
    bbox: tuple[float, float, float, float] | None = None

    def event_where(self, alias: str = "", historical_default: bool = True) -> tuple[str, list[Any]]:
        """SQL condition ('TRUE' when empty) and parameters over the events table."""
        where, params = self.base.where("events", alias=alias, historical_default=historical_default)
        p = f"{alias}." if alias else ""
        clauses = [where]
        for side, text in (("source", self.source_actor), ("target", self.target_actor)):
            if text:
                # One string per event side, so the bound pattern stays outside the lambda.
                clauses.append(
                    f"array_to_string(list_transform({p}{side}, lambda x: coalesce(x.name, '') || ' ' || "
                    "coalesce(x.text, '')), ' | ') ILIKE ?"
                )
                params.append(f"%{_escape_like(text)}%")
        if self.quads:
            clauses.append(f"list_contains(?, {p}quad)")
            params.append(list(self.quads))
        if self.bbox:
            clauses.append(f"{p}lon BETWEEN ? AND ? AND {p}lat BETWEEN ? AND ?")
            params += [self.bbox[0], self.bbox[2], self.bbox[1], self.bbox[3]]
        return " AND ".join(clauses), params

    def dyad_where(self, historical_default: bool = False) -> tuple[str, list[Any]]:
        """SQL condition over the flat `dyads` table (one row per source-target pair).

        Country filters apply to the pair; what the pair table lacks (actor names, places) goes
        through the events table by event id.
        """
        where, params = self.base.where("dyads", historical_default=historical_default)
        clauses = [where]
        if self.quads:
            clauses.append("list_contains(?, quad)")
            params.append(list(self.quads))
        rest = BrowseFilter(source_actor=self.source_actor, target_actor=self.target_actor, bbox=self.bbox)
        if rest != BrowseFilter():
            sub, sub_params = rest.event_where()
            clauses.append(f"event_id IN (SELECT event_id FROM events WHERE {sub})")
            params += sub_params
        return " AND ".join(clauses), params


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
    where, params = flt.event_where("e")
    column, direction = EVENT_SORTS[sort]
    def order(t: str) -> str:
        return f"{t}.{column} {direction} NULLS LAST, {t}.event_id"

    # The page is cut from the events table alone (a top-N); only its rows meet the happenings.
    # Near the start whole rows ride through the top-N (one scan); deep in, carrying whole rows
    # past the offset costs more than a second scan for the page's ids (1M events, offset 100k:
    # 1.4 s against 0.3 s).
    if offset < DEEP_OFFSET:
        page = f"SELECT e.* FROM events e WHERE {where} ORDER BY {order('e')} LIMIT ? OFFSET ?"
    else:
        page = (f"SELECT e.* FROM events e SEMI JOIN (SELECT e.event_id FROM events e WHERE {where} "
                f"ORDER BY {order('e')} LIMIT ? OFFSET ?) ids USING (event_id)")
    sql = f"""WITH p AS ({page})
              SELECT p.*, h.first_seen, h.num_mentions, h.num_articles, h.num_sources
              FROM p LEFT JOIN happenings h ON h.happening_id = p.happening_id ORDER BY {order('p')}"""
    return _dicts(store.con.execute(sql, params + [int(limit), int(offset)]))


def event_by_id(store: Store, event_id: str) -> dict[str, Any] | None:
    """One event row, or None."""
    rows = _dicts(store.con.execute(f"{_EVENT_ROWS} WHERE e.event_id = ?", [event_id]))
    return rows[0] if rows else None


def timeline(store: Store, flt: BrowseFilter, every: str = "month") -> list[dict[str, Any]]:
    """Events per period (counted once each, not per pair), mean Goldstein and counts per QuadClass.

    Historical events are left out unless the filter includes them, as in every series.
    """
    where, params = flt.event_where(historical_default=False)
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
    """Who acts on whom: the `limit` busiest country pairs (source != target) with mean Goldstein.

    Historical events are left out unless the filter includes them, as in `dotterel top`.
    """
    where, params = flt.dyad_where(historical_default=False)
    sql = f"""
        SELECT source_country AS source, target_country AS target, count(*) AS events,
               round(avg(goldstein), 2) AS goldstein
        FROM dyads WHERE source_country IS NOT NULL AND target_country IS NOT NULL
             AND source_country <> target_country AND {where}
        GROUP BY source_country, target_country ORDER BY events DESC, source, target LIMIT ?"""
    return _dicts(store.con.execute(sql, params + [int(limit)]))


def panel(store: Store, flt: EventFilter, by: str = "country", every: str = "month") -> list[dict[str, Any]]:
    """`dotterel panel`: zero-filled counts per unit and period (`store.panels.panel`)."""
    return panels.panel(store.con, by=by, every=every, flt=flt)


def top(store: Store, flt: EventFilter, by: str = "dyad", limit: int = 10) -> list[dict[str, Any]]:
    """`dotterel top`: the most frequent dyads, sources, targets, types or places (`store.panels.top`)."""
    return panels.top(store.con, by=by, flt=flt, limit=limit)


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
            f"{_EVENT_ROWS} WHERE e.article_id = ? ORDER BY e.sentence, e.trigger_start",
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
