"""DuckDB store: versioned schema, parameterised queries, one writer, idempotent by article id."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb

from dotterel.errors import RecordError, StoreError, UserError
from dotterel.model import Actor, Analysis, Duplicate, Event, Failure, Participant, Place
from dotterel.store.filters import EventFilter
from dotterel.happenings.linker import outlet
from dotterel.store.happenings import fill_outlets, link_new_events, refresh_counts, relink_all
from dotterel.store.migrations import LATEST, MIGRATIONS, RELINK_AFTER
from dotterel.store.panels import SERIES_PERIODS, panel, top

__all__ = ["Store", "open_store", "EventFilter", "SERIES_PERIODS"]


log = logging.getLogger(__name__)

# Errors that belong to one bad value, not to the database: the batch is retried row by row.
_RECORD_ERRORS = (
    UnicodeError, ValueError, TypeError, OverflowError,
    duckdb.ConversionException, duckdb.InvalidInputException, duckdb.OutOfRangeException,
)


def _store_failure(path: Path, exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".splitlines()[0]
    lowered = text.lower()
    if "no space" in lowered or "disk" in lowered or getattr(exc, "errno", None) == 28:
        return f"cannot write to {path}: the disk is full ({text}). Free space and re-run: the run resumes."
    return f"cannot write to {path}: {text}. What was written before is kept; a re-run resumes."


#: The contract's place_basis for a `Place.basis`: read off the event's clause, the article's
#: incident place, or the dateline.
_PLACE_BASIS = {"text": "clause", "article": "article", "dateline": "dateline"}


def place_basis(place: Place | None) -> str | None:
    """The JSON contract's `place_basis` of an event's place (None without a place)."""
    return None if place is None else _PLACE_BASIS.get(place.basis, place.basis)


def _actor_row(p: Participant) -> dict[str, Any]:
    a = p.actor
    return {
        "text": p.text, "start": p.start, "end": p.end, "country": a.country, "sector": a.sector,
        "name": a.name, "kb_id": a.kb_id, "cameo": a.cameo, "kind": a.kind,
    }


def _mention_actor_row(text: str, start: int, end: int, a: Actor) -> dict[str, Any]:
    return {
        "text": text, "start": start, "end": end, "country": a.country, "sector": a.sector,
        "name": a.name, "kb_id": a.kb_id, "cameo": a.cameo, "kind": a.kind,
    }


class Store:
    """A DuckDB events database. Open with `open_store(path)`; use as a context manager."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self._types: dict[str, list[str]] = {}
        if read_only and not self.path.exists():
            raise UserError(f"No database at {self.path}. Create one with `dotterel code INPUT --db {self.path}`.")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"Cannot open {self.path}: {exc}. Is another dotterel process writing to it?") from exc
        if not read_only:
            self.migrate()
        else:
            self._check_version()

    # -- schema -------------------------------------------------------------------------------
    def schema_version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        ).fetchall()[0][0]
        if not exists:
            return 0
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchall()[0]
        return int(row[0] or 0)

    def _check_version(self) -> None:
        version = self.schema_version()
        if version > LATEST:
            raise StoreError(f"{self.path} has schema {version}, newer than this dotterel ({LATEST}). Upgrade dotterel.")
        if version < LATEST:
            raise StoreError(f"{self.path} has schema {version}; run `dotterel code` once to migrate it to {LATEST}.")

    def migrate(self) -> int:
        """Apply pending migrations in one transaction each; returns the schema version."""
        self.con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, applied_at TIMESTAMP)")
        current = self.schema_version()
        if current > LATEST:
            raise StoreError(f"{self.path} has schema {current}, newer than this dotterel ({LATEST}). Upgrade dotterel.")
        relink = False
        for version, statements in MIGRATIONS:
            if version <= current:
                continue
            relink = relink or version in RELINK_AFTER
            self.con.execute("BEGIN TRANSACTION")
            try:
                for sql in statements:
                    self.con.execute(sql)
                self.con.execute("INSERT INTO schema_version VALUES (?, now())", [version])
                self.con.execute("COMMIT")
            except duckdb.Error as exc:
                self.con.execute("ROLLBACK")
                raise StoreError(f"Migration {version} failed on {self.path}: {exc}") from exc
            log.info("migrated %s to schema %d", self.path, version)
        if relink:
            self.con.execute("BEGIN TRANSACTION")
            try:
                fill_outlets(self.con)
                n = relink_all(self.con)
                self.con.execute("COMMIT")
            except duckdb.Error as exc:
                self.con.execute("ROLLBACK")
                raise StoreError(f"Linking the stored events of {self.path} into happenings failed: {exc}") from exc
            log.info("linked the events of %s into %d happenings", self.path, n)
        return LATEST

    # -- writing ------------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return bool(self.con.execute("SELECT 1 FROM articles WHERE article_id = ?", [article_id]).fetchall())

    def known_article_ids(self, ids: Sequence[str]) -> set[str]:
        if not ids:
            return set()
        rows = self.con.execute("SELECT article_id FROM articles WHERE list_contains(?, article_id)", [list(ids)])
        return {r[0] for r in rows.fetchall()}

    def dedup_index(self) -> Iterator[tuple[str, str, bytes]]:
        """(article_id, content_hash, minhash) of every stored article, to seed the deduplicator."""
        cur = self.con.cursor().execute("SELECT article_id, content_hash, minhash FROM articles")
        while rows := cur.fetchmany(10_000):
            for article_id, content_hash, minhash in rows:
                yield article_id, content_hash or "", bytes(minhash or b"")

    def start_run(self, run_id: str, pipeline_version: str, config_hash: str, inputs: Sequence[str]) -> None:
        self.con.execute(
            "INSERT INTO runs (run_id, started_at, pipeline_version, config_hash, inputs) VALUES (?, now(), ?, ?, ?)",
            [run_id, pipeline_version, config_hash, [_safe(str(i)) for i in inputs]],
        )

    def finish_run(self, run_id: str, counts: dict[str, Any]) -> None:
        self.con.execute(
            """UPDATE runs SET finished_at = now(), read = ?, coded = ?, stored = ?, duplicates = ?,
               skipped = ?, failed = ?, events = ?, seconds = ? WHERE run_id = ?""",
            [counts.get(k) for k in ("read", "coded", "stored", "duplicates", "skipped", "failed", "events", "seconds")]
            + [run_id],
        )

    def write_analyses(self, analyses: Iterable[tuple[Analysis, tuple[str, bytes]]], run_id: str) -> int:
        """Write coded articles with their sentences, mentions, toponyms and events in one transaction.

        Articles already stored are left as they are (idempotent by article id). Returns the
        number of events written.
        """
        articles, sentences, mentions, toponyms = [], [], [], []
        analyses_events: list[Event] = []
        batch_ids: set[str] = set()
        for analysis, (content_hash, minhash) in analyses:
            a = analysis.article
            if a.article_id not in batch_ids:  # a second copy in the batch is ignored by the inserts
                analyses_events.extend(analysis.events)
                batch_ids.add(a.article_id)
            articles.append([
                a.article_id, run_id, a.origin, a.title, a.published, a.published_basis, a.source, a.url,
                a.language, a.dateline_place, a.text, a.raw_text, content_hash, minhash,
                len(analysis.sentences), len(analysis.events), outlet(a.source, a.url),
            ])
            docs = analysis.docs or (None,) * len(analysis.sentences)
            for s, doc in zip(analysis.sentences, docs):
                parsed = doc if isinstance(doc, bool) else doc is not None  # workers send flags, not Docs
                sentences.append([a.article_id, s.index, s.start, s.end, s.text, parsed])
            for m in analysis.mentions:
                mentions.append([
                    a.article_id, m.sentence, m.start, m.end, m.text, m.label, m.via,
                    [_mention_actor_row(m.text, m.start, m.end, x) for x in m.actors],
                ])
            for t in analysis.toponyms:
                p = t.place
                toponyms.append([
                    a.article_id, t.sentence, t.start, t.end, t.text,
                    p.name if p else None, p.geonameid if p else None, p.country if p else None,
                    p.admin1 if p else None, p.lat if p else None, p.lon if p else None, p.feature if p else None,
                ])
        if not articles:
            return 0
        # Rows of articles stored before are ignored by every insert; their events, dyads and
        # happenings must be too (re-running changes nothing).
        known = self.known_article_ids([row[0] for row in articles])
        new_events = [e for e in analyses_events if e.article_id not in known]
        with self._transaction():
            happening = link_new_events(self.con, new_events)
            events = [self._event_row(e, run_id, happening[e.event_id]) for e in new_events]
            dyads = [row + [happening[e.event_id]] for e, row in self._dyad_rows(new_events)]
            self._insert("articles", articles)
            self._insert("sentences", sentences)
            self._insert("mentions", mentions)
            self._insert("toponyms", toponyms)
            self._insert("events", events)
            self._insert("dyads", dyads, or_ignore=False)
            refresh_counts(self.con, happening.values())
        return len(events)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """One transaction; a failure rolls it back and says whose fault it was.

        A value the database cannot take (a lone surrogate, a number out of range) raises
        `RecordError`: the caller retries record by record. Anything else (a full disk, an I/O
        error) raises `StoreError` with the cause, even when the rollback fails as well.
        """
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
            self.con.execute("COMMIT")
        except Exception as exc:
            try:
                self.con.execute("ROLLBACK")
            except Exception:  # noqa: BLE001 - a failed rollback must not hide the cause
                log.debug("rollback failed after %r", exc)
            if isinstance(exc, _RECORD_ERRORS):
                raise RecordError(f"a value cannot be stored: {type(exc).__name__}: {exc}") from exc
            raise StoreError(_store_failure(self.path, exc)) from exc

    def _column_types(self, table: str) -> list[str]:
        if table not in self._types:
            rows = self.con.execute(
                "SELECT data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [table],
            ).fetchall()
            self._types[table] = [r[0] for r in rows]
        return self._types[table]

    def _insert(self, table: str, rows: list[list[Any]], or_ignore: bool = True) -> None:
        """Insert rows column-wise: one statement binding a list per column.

        DuckDB's executemany runs one statement per row (20k rows took a minute here); binding
        whole columns and unnesting them takes a fraction of a second. Table names come from
        this module only; values are always bound parameters.
        """
        if not rows:
            return
        types = self._column_types(table)
        columns = [list(c) for c in zip(*rows)]
        select = ", ".join(f"unnest(?::{t}[])" for t in types)
        verb = "INSERT OR IGNORE" if or_ignore else "INSERT"  # dyads has no key: its caller filters
        self.con.execute(f"{verb} INTO {table} SELECT {select}", columns)

    @staticmethod
    def _event_row(e: Event, run_id: str, happening_id: str | None = None) -> list[Any]:
        loc = e.location
        cas = e.casualties
        counts = []
        for kind in ("killed", "wounded", "arrested"):
            c = getattr(cas, kind) if cas else None
            counts += [c.low if c else None, c.high if c else None]
        return [
            e.event_id, e.article_id, e.sentence,
            e.date.date if e.date else None, e.date.precision if e.date else None, e.date.basis if e.date else None,
            [_actor_row(p) for p in e.source], [_actor_row(p) for p in e.target],
            e.plover_type, e.plover_mode, list(e.plover_context), e.cameo_code, e.cameo_root, e.goldstein, e.quad,
            e.modality.negated, e.modality.future, e.modality.hypothetical, e.modality.historical,
            loc.name if loc else None, loc.geonameid if loc else None, loc.country if loc else None,
            loc.admin1 if loc else None, loc.lat if loc else None, loc.lon if loc else None,
            loc.basis if loc else None,
            e.evidence, e.trigger, e.trigger_start, e.trigger_end, e.confidence,
            e.pipeline_version, e.config_hash, run_id, happening_id, *counts, place_basis(loc),
        ]

    @staticmethod
    def _dyad_rows(events: Iterable[Event]) -> Iterator[tuple[Event, list[Any]]]:
        """One row per source-target pair (a side with no party gives one NULL), as `event_pairs`."""
        for e in events:
            m = e.modality
            for s in e.source or (None,):
                for t in e.target or (None,):
                    yield e, [
                        e.event_id, e.article_id, e.date.date if e.date else None,
                        s.actor.country if s else None, s.actor.sector if s else None,
                        t.actor.country if t else None, t.actor.sector if t else None,
                        e.plover_type, e.cameo_root, e.goldstein, e.quad,
                        m.negated, m.future, m.hypothetical, m.historical, e.confidence,
                    ]

    def write_duplicates(self, duplicates: Iterable[Duplicate], run_id: str) -> None:
        rows = [
            [d.article.article_id, _safe(d.article.origin), d.canonical_id, d.kind, d.similarity,
             _safe(d.article.title), run_id]
            for d in duplicates
        ]
        if not rows:
            return
        with self._transaction():
            self._insert("duplicates", rows)
            # A copy counts as one more article of every happening its canonical article reports.
            touched = self.con.execute(
                "SELECT DISTINCT happening_id FROM events WHERE list_contains(?, article_id) AND happening_id IS NOT NULL",
                [sorted({r[2] for r in rows})],
            ).fetchall()
            refresh_counts(self.con, [t[0] for t in touched])

    def write_failures(self, failures: Iterable[Failure], run_id: str) -> None:
        rows = [[_safe(f.origin), f.stage, _safe(f.reason), f.status, f.article_id, run_id] for f in failures]
        with self._transaction():
            self._insert("failures", rows)

    # -- reading ------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """Row counts of every table, for summaries and idempotence checks."""
        tables = ("articles", "duplicates", "sentences", "mentions", "toponyms", "events", "dyads", "happenings",
                  "failures", "runs")
        return {t: int(self.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]) for t in tables}

    def events(self, flt: EventFilter = EventFilter()) -> list[dict[str, Any]]:
        """Events as rows (dicts) matching the filter, ordered by date (historical ones included
        unless the filter says otherwise)."""
        where, params = flt.where("events", alias="e", historical_default=True)
        sql = f"""SELECT e.*, h.first_seen, h.num_mentions, h.num_articles, h.num_sources
                  FROM events e LEFT JOIN happenings h USING (happening_id)
                  WHERE {where} ORDER BY e.date NULLS LAST, e.article_id, e.sentence, e.trigger_start"""
        if flt.limit:
            sql += " LIMIT ?"
            params.append(int(flt.limit))
        cur = self.con.execute(sql, params)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def dyad_series(
        self,
        source: str,
        target: str,
        every: str = "week",
        since: dt.date | None = None,
        until: dt.date | None = None,
        min_confidence: float | None = None,
        both_ways: bool = False,
        flt: EventFilter | None = None,
    ) -> list[dict[str, Any]]:
        """Events from one country to another binned by period: count, mean Goldstein, counts per quad.

        Reads the flat `dyads` table (one row per source-target pair), so an event with two source
        parties of the same country counts twice, as in GDELT's one-row-per-pair view. With
        `both_ways`, events from `target` to `source` count too. `flt` narrows further (its
        source/target are ignored: the dyad decides them); historical events are left out unless
        `flt.include_historical` is True.
        """
        if every not in SERIES_PERIODS:
            raise UserError(f"Cannot bin by {every!r}; use one of {', '.join(SERIES_PERIODS)}.")
        base = flt or EventFilter()
        flt = dataclasses.replace(
            base, source=None, target=None, limit=None,
            since=since if since is not None else base.since,
            until=until if until is not None else base.until,
            min_confidence=min_confidence if min_confidence is not None else base.min_confidence,
        )
        src, tgt = source.upper(), target.upper()
        pair = "(source_country = ? AND target_country = ?)"
        params: list[Any] = [src, tgt]
        if both_ways:
            pair = "(" + pair + " OR (source_country = ? AND target_country = ?))"
            params += [tgt, src]
        where, more = flt.where("dyads", historical_default=False)
        sql = f"""
            SELECT date_trunc('{every}', date)::DATE AS period, count(*) AS events,
                   round(avg(goldstein), 2) AS goldstein,
                   count(*) FILTER (WHERE quad = 1) AS verbal_coop,
                   count(*) FILTER (WHERE quad = 2) AS material_coop,
                   count(*) FILTER (WHERE quad = 3) AS verbal_conflict,
                   count(*) FILTER (WHERE quad = 4) AS material_conflict
            FROM dyads WHERE date IS NOT NULL AND {pair} AND {where}
            GROUP BY period ORDER BY period"""
        cur = self.con.execute(sql, params + more)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def sample_events(self, n: int, seed: int, min_confidence: float = 0.0) -> list[dict[str, Any]]:
        """A reproducible random sample of `n` events (the same database, n and seed give the same rows)."""
        cur = self.con.execute(
            f"""SELECT * FROM (SELECT * FROM events WHERE coalesce(confidence, 0) >= ? ORDER BY event_id)
                USING SAMPLE reservoir({int(n)} ROWS) REPEATABLE ({int(seed)}) ORDER BY event_id""",
            [float(min_confidence)],
        )
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]
    def panel(self, by: str = "country", every: str = "month", flt: EventFilter = EventFilter(),
              parquet: str | Path | None = None) -> Any:
        """Zero-filled counts per unit and period (see `dotterel.store.panels.panel`)."""
        return panel(self.con, by, every, flt, parquet=str(parquet) if parquet is not None else None)

    def top(self, by: str = "dyad", flt: EventFilter = EventFilter(), limit: int = 10) -> list[dict[str, Any]]:
        """The most frequent dyads, sources, targets, types or places (see `dotterel.store.panels.top`)."""
        return top(self.con, by, flt, limit)

    def write_parquet(self, out: str | Path, flt: EventFilter = EventFilter()) -> int:
        """Write the events `flt` keeps to a Parquet file; returns how many."""
        where, params = flt.where("events", historical_default=True)
        sql = f"SELECT * FROM events WHERE {where} ORDER BY date, event_id"
        if flt.limit:
            sql += " LIMIT ?"
            params.append(int(flt.limit))
        rel = self.con.sql(sql, params=params) if params else self.con.sql(sql)
        rel.write_parquet(str(out))
        return int(self.con.execute("SELECT count(*) FROM read_parquet(?)", [str(out)]).fetchall()[0][0])

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a read query with bound parameters (for exports and tools inside `store/`)."""
        return self.con.execute(sql, list(params)).fetchall()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        try:
            self.close()
        except duckdb.Error:
            if exc_type is None:
                raise
            # Closing after a failed write (a full disk) fails too: the first error is the one to show.
            log.debug("close failed after an earlier error", exc_info=True)


def _safe(text: str | None) -> str | None:
    """A free-text column (a failure reason, an origin) that UTF-8 and a terminal can take."""
    from dotterel.clean.text import printable

    return printable(text) if text is not None else None


def open_store(path: str | Path = "events.duckdb", read_only: bool = False) -> Store:
    """Open (and create or migrate) an events database."""
    return Store(path, read_only=read_only)
