"""Happenings in the store: link new events to stored ones on write, keep per-happening counts.

The linking rules live in `dotterel.happenings`; this module only reads candidates and writes
ids and counts, with bound parameters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import duckdb

from dotterel.happenings.linker import Linker, Party, Report, content_words, date_window, outlet
from dotterel.model import Event

__all__ = ["report_of_event", "link_new_events", "refresh_counts", "relink_all", "fill_outlets"]

#: Columns of `events` a stored report is rebuilt from (order matters: `_report_of_row`).
_REPORT_COLUMNS = (
    "event_id", "article_id", "sentence", "plover_type", "date", "date_precision", "date_basis", "source", "target",
    "lat", "lon", "location_country", "admin1", "negated", "future", "hypothetical", "evidence", "happening_id",
)


def _columns(prefix: str = "", happening: bool = True) -> str:
    cols = [f"{prefix}{c}" for c in _REPORT_COLUMNS]
    if not happening:
        cols[-1] = "NULL"
    return ", ".join(cols)


def _party(country: str | None, sector: str | None, kb_id: str | None, name: str | None) -> Party:
    return Party(country or None, sector or None, kb_id or None, name or None)


def report_of_event(e: Event) -> Report:
    """An `Event` as the linker sees it."""
    loc = e.location
    return Report(
        event_id=e.event_id, article_id=e.article_id, sentence=e.sentence, plover_type=e.plover_type,
        date=e.date.date if e.date else None, precision=e.date.precision if e.date else None,
        basis=e.date.basis if e.date else None,
        source=tuple(_party(p.actor.country, p.actor.sector, p.actor.kb_id, p.actor.name or p.text) for p in e.source),
        target=tuple(_party(p.actor.country, p.actor.sector, p.actor.kb_id, p.actor.name or p.text) for p in e.target),
        lat=loc.lat if loc else None, lon=loc.lon if loc else None, place_country=loc.country if loc else None,
        place_is_country=bool(loc and loc.lat is not None and loc.admin1 is None),
        modality=(e.modality.negated, e.modality.future, e.modality.hypothetical),
        words=content_words(e.evidence or ""),
    )


def _report_of_row(row: Sequence[Any]) -> Report:
    (event_id, article_id, sentence, plover_type, date, precision, basis, source, target, lat, lon, country,
     admin1, negated, future, hypothetical, evidence, happening_id) = row

    def parties(side: list[dict[str, Any]] | None) -> tuple[Party, ...]:
        return tuple(_party(a.get("country"), a.get("sector"), a.get("kb_id"), a.get("name") or a.get("text"))
                     for a in side or [])

    return Report(
        event_id=event_id, article_id=article_id, sentence=sentence, plover_type=plover_type, date=date,
        precision=precision, basis=basis, source=parties(source), target=parties(target), lat=lat, lon=lon,
        place_country=country, place_is_country=lat is not None and admin1 is None,
        modality=(bool(negated), bool(future), bool(hypothetical)), happening_id=happening_id,
        words=content_words(evidence or ""),
    )


def _stored_candidates(con: duckdb.DuckDBPyConnection, reports: Sequence[Report]) -> list[Report]:
    """Stored reports of the same types whose date windows may touch the new reports' windows.

    Asks for the exact days rather than one range: a batch of articles can span months, and a
    range would load every event in between.
    """
    days: set[dt.date] = set()
    coarse: set[dt.date] = set()  # month and year dates are stored as their first day
    types: set[str] = set()
    for r in reports:
        window = date_window(r)
        if window is None:
            continue
        types.add(r.plover_type)
        if r.precision in ("month", "year"):
            coarse.add(window[0])
            continue
        # A stored day-precision date d has a window within [d - 2, d]; a week date within [d - 3, d + 6].
        d, last = window[0] - dt.timedelta(days=6), window[1] + dt.timedelta(days=3)
        while d <= last:
            days.add(d)
            d += dt.timedelta(days=1)
    if not types:
        return []
    rows = con.execute(
        f"""SELECT {_columns()} FROM events
            WHERE list_contains(?, plover_type) AND happening_id IS NOT NULL
              AND ((date_precision NOT IN ('month', 'year') AND list_contains(?, date))
                   OR (date_precision IN ('month', 'year') AND list_contains(?, date)))
            ORDER BY article_id, sentence, event_id""",
        [sorted(types), sorted(days), sorted(coarse)],
    ).fetchall()
    return [_report_of_row(r) for r in rows]


def link_new_events(con: duckdb.DuckDBPyConnection, events: Sequence[Event]) -> dict[str, str]:
    """event_id -> happening_id for events about to be stored, in the order given."""
    reports = [report_of_event(e) for e in events]
    linker = Linker(_stored_candidates(con, reports))
    return {r.event_id: linker.link(r) for r in reports}


def refresh_counts(con: duckdb.DuckDBPyConnection, happening_ids: Iterable[str]) -> None:
    """Recompute the `happenings` rows of these ids from their events, articles and duplicates."""
    ids = sorted(set(happening_ids))
    if not ids:
        return
    con.execute("DELETE FROM happenings WHERE list_contains(?, happening_id)", [ids])
    con.execute(
        """INSERT INTO happenings
        WITH m AS (SELECT happening_id, article_id, sentence, date FROM events WHERE list_contains(?, happening_id)),
             arts AS (SELECT DISTINCT m.happening_id, m.article_id, a.published, a.outlet,
                             (SELECT count(*) FROM duplicates d WHERE d.canonical_id = m.article_id) AS dups
                      FROM m LEFT JOIN articles a ON a.article_id = m.article_id),
             per_art AS (SELECT happening_id, min(published) AS first_published, count(*) + sum(dups) AS n_articles,
                                greatest(count(DISTINCT outlet), 1) AS n_sources
                         FROM arts GROUP BY happening_id)
        SELECT m.happening_id, coalesce(min(p.first_published), min(m.date)), count(*),
               count(DISTINCT (m.article_id, m.sentence)), any_value(p.n_articles), any_value(p.n_sources)
        FROM m JOIN per_art p USING (happening_id) GROUP BY m.happening_id""",
        [ids],
    )


def fill_outlets(con: duckdb.DuckDBPyConnection) -> None:
    """Set `articles.outlet` where it is missing (articles stored before migration 3)."""
    rows = con.execute("SELECT article_id, source, url FROM articles WHERE outlet IS NULL").fetchall()
    pairs = [(aid, outlet(src, url)) for aid, src, url in rows]
    pairs = [(aid, o) for aid, o in pairs if o]
    if not pairs:
        return
    con.execute(
        """UPDATE articles SET outlet = o.outlet
           FROM (SELECT unnest(?::VARCHAR[]) AS article_id, unnest(?::VARCHAR[]) AS outlet) o
           WHERE articles.article_id = o.article_id""",
        [[p[0] for p in pairs], [p[1] for p in pairs]],
    )


def relink_all(con: duckdb.DuckDBPyConnection) -> int:
    """Link every stored event from scratch, in the order articles were stored; returns happenings.

    Used when a database from before happenings is migrated. Deterministic: the same store gives
    the same ids.
    """
    rows = con.execute(
        f"""SELECT {_columns("e.", happening=False)} FROM events e
            LEFT JOIN articles a USING (article_id)
            ORDER BY a.published NULLS LAST, e.article_id, e.sentence, e.event_id"""
    ).fetchall()
    linker = Linker()
    assigned = {r[0]: linker.link(_report_of_row(r)) for r in rows}
    if assigned:
        con.execute(
            """UPDATE events SET happening_id = h.happening_id
               FROM (SELECT unnest(?::VARCHAR[]) AS event_id, unnest(?::VARCHAR[]) AS happening_id) h
               WHERE events.event_id = h.event_id""",
            [list(assigned), list(assigned.values())],
        )
        con.execute(
            """UPDATE dyads SET happening_id = e.happening_id FROM events e WHERE dyads.event_id = e.event_id"""
        )
    con.execute("DELETE FROM happenings")
    refresh_counts(con, set(assigned.values()))
    return len(set(assigned.values()))
