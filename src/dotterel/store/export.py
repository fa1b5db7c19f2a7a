"""Event rows in the forms users take away: the JSON contract, POLECAT-style JSONL, GDELT-style CSV, Parquet."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dotterel.errors import UserError
from dotterel.model import Event
from dotterel.store.filters import EventFilter

if TYPE_CHECKING:
    from dotterel.store.database import Store

__all__ = ["event_json", "event_row_json", "export", "EXPORT_FORMATS"]

EXPORT_FORMATS = ("polecat-jsonl", "gdelt-csv", "parquet", "geojson")


def _actor_json(a: dict[str, Any]) -> dict[str, Any]:
    return {k: a.get(k) for k in ("text", "country", "sector", "name", "kb_id")}


def event_row_json(row: dict[str, Any]) -> dict[str, Any]:
    """A stored event row in the JSON contract of DESIGN.md."""
    date = row.get("date")
    location = None
    if row.get("location_name"):
        location = {
            "name": row["location_name"], "geonameid": row.get("geonameid"), "country": row.get("location_country"),
            "lat": row.get("lat"), "lon": row.get("lon"),
        }
    code = row["cameo_code"]
    return {
        "event_id": row["event_id"],
        "article_id": row["article_id"],
        "date": date.isoformat() if date else None,
        "date_precision": row.get("date_precision"),
        "source": [_actor_json(a) for a in row.get("source") or []],
        "target": [_actor_json(a) for a in row.get("target") or []],
        "plover": {"type": row["plover_type"], "mode": row.get("plover_mode"),
                   "context": list(row.get("plover_context") or [])},
        "cameo": {"code": code, "root": code[:2], "goldstein": row.get("goldstein"), "quad": row.get("quad")},
        "modality": {k: bool(row.get(k)) for k in ("negated", "future", "hypothetical", "historical")},
        "location": location,
        "evidence": {"sentence": row.get("evidence"), "start": row.get("trigger_start"),
                     "end": row.get("trigger_end"), "trigger": row.get("trigger")},
        "confidence": row.get("confidence"),
        "happening_id": row.get("happening_id"),
        "num_mentions": row.get("num_mentions"),
        "num_articles": row.get("num_articles"),
        "num_sources": row.get("num_sources"),
        "first_seen": first_seen.isoformat() if (first_seen := row.get("first_seen")) else None,
        "casualties": {kind: _count(row, kind) for kind in ("killed", "wounded", "arrested")},
        "place_basis": row.get("place_basis") if location else None,
        "date_basis": _DATE_BASIS.get(row.get("date_basis") or "", row.get("date_basis")),
    }


def _count(row: dict[str, Any], kind: str) -> dict[str, int | None] | None:
    low = row.get(f"{kind}_low")
    return None if low is None else {"low": low, "high": row.get(f"{kind}_high")}
#: How the contract names a date's basis: stated in the event's sentence, stated for the same kind of
#: event elsewhere in the article, or the article's own date (publication or dateline).
_DATE_BASIS = {"text": "sentence", "article": "article", "published": "published", "dateline": "dateline"}


def event_json(event: Event) -> dict[str, Any]:
    """An `Event` in the JSON contract (same shape as `dotterel events --format json`)."""
    from dotterel.store.database import Store

    cols = [
        "event_id", "article_id", "sentence", "date", "date_precision", "date_basis", "source", "target",
        "plover_type", "plover_mode", "plover_context", "cameo_code", "cameo_root", "goldstein", "quad",
        "negated", "future", "hypothetical", "historical", "location_name", "geonameid", "location_country",
        "admin1", "lat", "lon", "location_basis", "evidence", "trigger", "trigger_start", "trigger_end",
        "confidence", "pipeline_version", "config_hash", "run_id", "happening_id",
        "killed_low", "killed_high", "wounded_low", "wounded_high", "arrested_low", "arrested_high", "place_basis",
    ]
    return event_row_json(dict(zip(cols, Store._event_row(event, ""))))


def _article_counts(store: Store) -> dict[str, tuple[int, int]]:
    """article_id -> (number of articles, number of distinct sources) including its duplicates."""
    rows = store.query(
        """SELECT a.article_id, 1 + count(d.article_id),
                  count(DISTINCT coalesce(d.origin, '')) FILTER (WHERE d.article_id IS NOT NULL) + 1
           FROM articles a LEFT JOIN duplicates d ON d.canonical_id = a.article_id
           GROUP BY a.article_id"""
    )
    return {r[0]: (int(r[1]), int(r[2])) for r in rows}


def _articles(store: Store) -> dict[str, dict[str, Any]]:
    rows = store.query("SELECT article_id, url, source, published, origin, title FROM articles")
    return {r[0]: {"url": r[1], "source": r[2], "published": r[3], "origin": r[4], "title": r[5]} for r in rows}


def _polecat_records(store: Store, flt: EventFilter) -> Iterator[dict[str, Any]]:
    articles = _articles(store)
    counts = _article_counts(store)
    for row in store.events(flt):
        art = articles.get(row["article_id"], {})
        rec = event_row_json(row)
        yield {
            "event_id": rec["event_id"],
            "event_date": rec["date"],
            "event_date_precision": rec["date_precision"],
            "event_type": rec["plover"]["type"],
            "event_mode": rec["plover"]["mode"],
            "contexts": rec["plover"]["context"],
            "quad_code": rec["cameo"]["quad"],
            "cameo_code": rec["cameo"]["code"],
            "goldstein": rec["cameo"]["goldstein"],
            "actors": [dict(a, sector_cameo=s.get("cameo")) for a, s in zip(rec["source"], row["source"])],
            "recipients": [dict(a, sector_cameo=s.get("cameo")) for a, s in zip(rec["target"], row["target"])],
            "modality": rec["modality"],
            "placename": row.get("location_name"),
            "country": row.get("location_country"),
            "province": row.get("admin1"),
            "latitude": row.get("lat"),
            "longitude": row.get("lon"),
            "geonames_id": row.get("geonameid"),
            "event_text": rec["evidence"]["sentence"],
            "trigger": rec["evidence"]["trigger"],
            "confidence": rec["confidence"],
            "story_id": row["article_id"],
            "headline": art.get("title"),
            "source": art.get("source"),
            "url": art.get("url"),
            "publication_date": art["published"].isoformat() if art.get("published") else None,
            "happening_id": rec["happening_id"],
            "num_mentions": rec["num_mentions"] or 1,
            "num_articles": rec["num_articles"] or counts.get(row["article_id"], (1, 1))[0],
            "num_sources": rec["num_sources"] or 1,
            "first_seen": rec["first_seen"],
            "casualties": rec["casualties"],
            "version": row.get("pipeline_version"),
        }


GDELT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code", "IsRootEvent", "EventCode",
    "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions", "NumSources",
    "NumArticles", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_Lat",
    "ActionGeo_Long", "ActionGeo_FeatureID", "PLOVERType", "Negated", "Future", "Hypothetical",
    "Historical", "Confidence", "SOURCEURL",
]


def _gdelt_rows(store: Store, flt: EventFilter) -> Iterator[list[Any]]:
    articles = _articles(store)
    counts = _article_counts(store)
    for row in store.events(flt):
        art = articles.get(row["article_id"], {})
        # Counts of the happening the event belongs to (all its reports), as GDELT counts them.
        n_articles, n_sources = counts.get(row["article_id"], (1, 1))
        n_articles = row.get("num_articles") or n_articles
        n_sources = row.get("num_sources") or n_sources
        n_mentions = row.get("num_mentions") or 1
        date = row.get("date")
        sources = row["source"] or [None]
        targets = row["target"] or [None]
        code = row["cameo_code"]
        for i, s in enumerate(sources):
            for j, t in enumerate(targets):
                yield [
                    f"{row['event_id']}-{i}-{j}", date.strftime("%Y%m%d") if date else "",
                    s and s.get("cameo"), s and s.get("name") or s and s.get("text"), s and s.get("country"),
                    s and s.get("sector"),
                    t and t.get("cameo"), t and t.get("name") or t and t.get("text"), t and t.get("country"),
                    t and t.get("sector"),
                    1, code, code[:3], code[:2], row["quad"], row["goldstein"], n_mentions, n_sources, n_articles,
                    row.get("location_name"), row.get("location_country"), row.get("admin1"), row.get("lat"),
                    row.get("lon"), row.get("geonameid"), row["plover_type"], int(bool(row["negated"])),
                    int(bool(row["future"])), int(bool(row["hypothetical"])), int(bool(row["historical"])),
                    row["confidence"], art.get("url") or art.get("origin"),
                ]


def _write_geojson(store: Store, flt: EventFilter, out: Path) -> int:
    """A FeatureCollection: one Point per event with a place, the contract JSON as properties."""
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        fh.write('{"type": "FeatureCollection", "features": [\n')
        for row in store.events(flt):
            if row.get("lat") is None or row.get("lon") is None:
                continue
            feature = {"type": "Feature", "id": row["event_id"],
                       "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                       "properties": event_row_json(row)}
            fh.write(("" if n == 0 else ",\n") + json.dumps(feature, ensure_ascii=False, default=str))
            n += 1
        fh.write("\n]}\n")
    return n


def _check_target(store: Store, out: Path, overwrite: bool) -> None:
    """Refuse to write onto the database (ever) or onto an existing file (without `overwrite`)."""
    db = Path(store.path)
    protected = [db, db.with_name(db.name + ".wal")]
    for path in protected:
        same = out.resolve() == path.resolve()
        if not same and out.exists() and path.exists():
            try:
                same = os.path.samefile(out, path)
            except OSError:
                same = False
        if same:
            raise UserError(f"{out} is the database itself: give another output file.")
    if out.is_dir():
        raise UserError(f"{out} is a folder: give an output file name.")
    if out.exists() and not overwrite:
        raise UserError(f"{out} exists: give another name, or --force to overwrite it.")
    if not out.parent.exists():
        raise UserError(f"Folder {out.parent} does not exist.")


def export(store: Store, to: str, out: str | Path, flt: EventFilter | None = None, *, overwrite: bool = False) -> int:
    """Write the store's events (those `flt` keeps) to `out` in format `to`; returns the number of records.

    The file is written under a temporary name and renamed when complete, so an interrupted
    export (or a full disk) never leaves a half-written file in place of a good one.
    """
    flt = flt or EventFilter()
    out = Path(out)
    if to not in EXPORT_FORMATS:
        raise UserError(f"Unknown export format {to!r}; choose one of {', '.join(EXPORT_FORMATS)}.")
    _check_target(store, out, overwrite)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    n = 0
    try:
        if to == "polecat-jsonl":
            with tmp.open("w", encoding="utf-8") as fh:
                for rec in _polecat_records(store, flt):
                    fh.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
                    n += 1
        elif to == "gdelt-csv":
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(GDELT_COLUMNS)
                for r in _gdelt_rows(store, flt):
                    writer.writerow(["" if v is None else v for v in r])
                    n += 1
        elif to == "geojson":
            n = _write_geojson(store, flt, tmp)
        else:
            n = store.write_parquet(tmp, flt)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes it private; an export is an ordinary file
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return n
