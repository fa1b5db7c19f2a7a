"""What happening linking adds to storing: replay a coded database into fresh stores, with and without.

    python bench/happenings/link_cost.py CODED.duckdb [--batch 32] [--rounds 3]

Reads the articles and events of CODED.duckdb, rebuilds them as `Analysis` objects and writes
them, `--batch` articles per call as `dotterel code` does, into a new store twice per round: once
as shipped, once with linking switched off (every event its own happening, no counts). Rounds
alternate so both see the same machine load. Prints the median seconds of each and the
difference, which is the whole cost of linking (candidate queries, matching, count refresh).
Compare it with a quiet `dotterel bench CORPUS --workers 2` run's seconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

import duckdb  # noqa: E402

from dotterel.model import (  # noqa: E402
    Actor, Analysis, Article, Event, EventDate, Modality, Participant, Place, Sentence,
)
from dotterel.store import database, open_store  # noqa: E402


def _parties(side) -> tuple[Participant, ...]:
    return tuple(
        Participant(a["text"] or "", a["start"] or 0, a["end"] or 0,
                    Actor(a["name"], a["country"], a["sector"], a["kb_id"], a["cameo"], a["kind"] or "state"))
        for a in side or []
    )


def load(db: Path) -> list[Analysis]:
    con = duckdb.connect(str(db), read_only=True)
    arts = con.execute("SELECT article_id, text, published, source, url, origin FROM articles ORDER BY run_id, "
                       "article_id").fetchall()
    cols = [d[0] for d in con.execute("SELECT * FROM events LIMIT 0").description]
    by_article: dict[str, list[Event]] = {}
    for row in con.execute("SELECT * FROM events ORDER BY article_id, sentence, trigger_start").fetchall():
        r = dict(zip(cols, row))
        loc = None
        if r["location_name"]:
            loc = Place(r["location_name"], r["geonameid"], r["location_country"], r["admin1"], r["lat"], r["lon"])
        by_article.setdefault(r["article_id"], []).append(Event(
            event_id=r["event_id"], article_id=r["article_id"], sentence=r["sentence"], source=_parties(r["source"]),
            target=_parties(r["target"]), plover_type=r["plover_type"], cameo_code=r["cameo_code"],
            goldstein=r["goldstein"], quad=r["quad"], evidence=r["evidence"] or "", trigger=r["trigger"] or "",
            trigger_start=r["trigger_start"] or 0, trigger_end=r["trigger_end"] or 0,
            modality=Modality(bool(r["negated"]), bool(r["future"]), bool(r["hypothetical"]), bool(r["historical"])),
            date=EventDate(r["date"], r["date_precision"] or "day", r["date_basis"] or "text") if r["date"] else None,
            location=loc, confidence=r["confidence"] or 0.5,
        ))
    out = []
    for article_id, text, published, source, url, origin in arts:
        art = Article(article_id=article_id, text=text or "", published=published, source=source, url=url,
                      origin=origin or "")
        events = tuple(by_article.get(article_id, ()))
        out.append(Analysis(article=art, sentences=(Sentence(article_id, 0, 0, 1, "x"),), docs=(True,),
                            events=events))
    return out


def write_all(analyses: list[Analysis], batch: int, link: bool) -> float:
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "replay.duckdb") as store:
        patches = []
        if not link:
            patches = [mock.patch.object(database, "link_new_events", lambda con, evs: {e.event_id: e.event_id
                                                                                         for e in evs}),
                       mock.patch.object(database, "refresh_counts", lambda con, ids: None)]
        for p in patches:
            p.start()
        try:
            t0 = time.perf_counter()
            for i in range(0, len(analyses), batch):
                store.write_analyses([(a, ("", b"")) for a in analyses[i:i + batch]], "replay")
            return time.perf_counter() - t0
        finally:
            for p in patches:
                p.stop()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("db", type=Path)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args(argv)
    analyses = load(args.db)
    n_events = sum(len(a.events) for a in analyses)
    with_link, without = [], []
    for _ in range(args.rounds):
        without.append(write_all(analyses, args.batch, link=False))
        with_link.append(write_all(analyses, args.batch, link=True))
    a, b = statistics.median(with_link), statistics.median(without)
    print(f"{len(analyses)} articles, {n_events} events, batches of {args.batch}: store with linking {a:.2f} s, "
          f"without {b:.2f} s, linking costs {a - b:.2f} s ({(a - b) / max(n_events, 1) * 1000:.2f} ms per event)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
