#!/usr/bin/env python
"""Time `dotterel serve`'s API and the dashboard's first paint over a large synthetic store.

    python bench/serve_bench.py [--events 1000000] [--db /tmp/serve-bench.duckdb] [--keep] [--no-browser]

Issue 16's targets on 1M events: `/api/events` first page < 100 ms, `/api/dyad` monthly < 200 ms,
`/api/panel` country-month < 1 s, dashboard first paint < 2 s in headless Chromium.

The store is written by the store's own code (`Store.write_analyses`, which also fills `dyads`):
synthetic articles of five events each, 60 countries drawn Zipf-like (a few dyads are common, as
in real data), every PLOVER type with its quad and a Goldstein score, dates over ten years, one
or two parties a side, 80% with a place jittered around 300 random cities. Each endpoint is asked
(routing, validation, a fresh read-only connection, the query, JSON)
over HTTP from a uvicorn server on 127.0.0.1 (as `dotterel serve` runs it)
once to warm up and then 7 times: the table gives the median and the slowest. The browser part
starts uvicorn on 127.0.0.1, loads `/` in Debian's chromium via Playwright, and reports
first-contentful-paint and the time until every panel has drawn (`body[data-ready]`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "serve"))

from dotterel.model import (  # noqa: E402
    PLOVER_TYPES, Actor, Analysis, Article, Event, EventDate, Modality, Participant, Place, Sentence,
)
from dotterel.store import open_store  # noqa: E402

QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 2, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
        "REQUEST": 1, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 3, "SANCTION": 4, "MOBILIZE": 4,
        "COERCE": 4, "ASSAULT": 4}
GOLDSTEIN = {1: 3.0, 2: 6.0, 3: -4.0, 4: -8.0}
COUNTRIES = [f"{a}{b}{c}" for a, b, c in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ" * 3, "KLMNOPQRSTUVWXYZABCDEFGHIJ" * 3,
                                           "QRSTUVWXYZABCDEFGHIJKLMNOP" * 3)][:60]
SECTORS = ["GOV", "MIL", "REB", None, "OPP", "CVL"]


def _country(rng: random.Random) -> str:
    return COUNTRIES[min(len(COUNTRIES) - 1, int(len(COUNTRIES) ** rng.random()) - 1)]


def make_articles(n_events: int, seed: int = 7):
    """Yield (Analysis, (hash, minhash)) pairs holding `n_events` events in all, five per article."""
    rng = random.Random(seed)
    cities = [(rng.uniform(-170, 170), rng.uniform(-50, 65)) for _ in range(300)]
    start = dt.date(2015, 1, 1)
    text = ("Officials of one country met officials of another and agreed to talk again. " * 5).strip()
    sentence = Sentence("", 0, 0, len(text), text)
    for a in range(0, n_events, 5):
        art_id = f"art{a // 5:08d}"
        day = start + dt.timedelta(days=rng.randrange(3650))
        events = []
        for k in range(min(5, n_events - a)):
            ptype = rng.choice(PLOVER_TYPES)
            quad = QUAD.get(ptype, 1)
            src = tuple(Participant("them", 0, 9, Actor(f"S{i}", _country(rng), rng.choice(SECTORS)))
                        for i in range(1 + (rng.random() < 0.1)))
            tgt = tuple(Participant("others", 40, 48, Actor(f"T{i}", _country(rng), rng.choice(SECTORS)))
                        for i in range(rng.random() < 0.9))
            place = None
            if rng.random() < 0.8:
                lon, lat = rng.choice(cities)
                place = Place("City", None, src[0].actor.country, None, round(lat + rng.gauss(0, 0.5), 4),
                              round(lon + rng.gauss(0, 0.5), 4), "city", "text")
            events.append(Event(
                event_id=f"{art_id}-{k}", article_id=art_id, sentence=0, source=src, target=tgt, plover_type=ptype,
                cameo_code="040", goldstein=GOLDSTEIN[quad] + rng.uniform(-2, 2), quad=quad, evidence=text,
                trigger="met", trigger_start=30, trigger_end=33, modality=Modality(historical=rng.random() < 0.05),
                date=EventDate(day - dt.timedelta(days=rng.randrange(3))), location=place,
                confidence=round(rng.random(), 3)))
        article = Article(article_id=art_id, text=text, title=f"Synthetic {a // 5}", published=day, source="bench")
        yield Analysis(article=article, sentences=(sentence,), events=tuple(events)), (art_id, b"")


def build(db: Path, n_events: int) -> float:
    t0 = time.perf_counter()
    with open_store(db) as store:
        store.start_run("bench", "bench", "bench", ["synthetic"])
        batch = []
        for pair in make_articles(n_events):
            batch.append(pair)
            if len(batch) == 10_000:
                store.write_analyses(batch, "bench")
                batch = []
        if batch:
            store.write_analyses(batch, "bench")
        store.finish_run("bench", {"events": n_events})
    return time.perf_counter() - t0


def _get(base: str, url: str) -> bytes:
    return _fetch(base, url)[0]


def _fetch(base: str, url: str) -> tuple[bytes, float]:
    """The body and the app's own time (its Server-Timing header), in ms."""
    with urllib.request.urlopen(base + url, timeout=120) as r:
        body = r.read()
        timing = r.headers.get("Server-Timing", "app;dur=nan")
    return body, float(timing.split("dur=")[1])


def time_endpoints(db: Path) -> list[tuple[str, float, float, float, int]]:
    from serve_helpers import LiveServer

    with LiveServer(db) as server:
        return _time_endpoints(server.url)


def _time_endpoints(base: str) -> list[tuple[str, float, float, float, int]]:
    top = json.loads(_get(base, "/api/top?by=dyad&limit=1"))[0]["dyad"]
    src, tgt = top.split("-")
    some_article = json.loads(_get(base, "/api/events?limit=1&total=false"))["events"][0]["article_id"]
    urls = [
        "/api/stats",
        "/api/events",
        "/api/events?total=false",
        f"/api/events?source={src}&type=ASSAULT&min_confidence=0.5",
        "/api/events?offset=100000&total=false",
        f"/api/dyad?source={src}&target={tgt}&every=month",
        f"/api/dyad?source={src}&target={tgt}&every=week&both_ways=true",
        "/api/panel?by=country&every=month",
        "/api/panel?by=dyad&every=month",
        "/api/timeline?every=month",
        f"/api/timeline?every=month&source={src}",
        "/api/map?cell=6",
        "/api/network",
        "/api/top?by=dyad",
        "/api/actors?q=S1",
        f"/api/articles/{some_article}",
    ]
    out = []
    for url in urls:
        size = len(_get(base, url))
        times, server = [], []
        for _ in range(7):
            t0 = time.perf_counter()
            server.append(_fetch(base, url)[1])
            times.append((time.perf_counter() - t0) * 1000)
        out.append((url, statistics.median(times), max(times), statistics.median(server), size))
    return out


def first_paint(db: Path) -> tuple[float, float, float] | None:
    """(first-contentful-paint ms, every panel drawn ms, same on a second load) or None without chromium."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        return None
    from playwright.sync_api import sync_playwright
    from serve_helpers import LiveServer

    with LiveServer(db) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        results = []
        for _ in range(2):
            t0 = time.perf_counter()
            page.goto(server.url + "/")
            page.wait_for_selector("body[data-ready='1']", timeout=120_000)
            ready = (time.perf_counter() - t0) * 1000
            fcp = page.evaluate(
                "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1")
            results.append((fcp, ready))
        browser.close()
    return results[0][0], results[0][1], results[1][1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=None, help="Reuse or create this file.")
    parser.add_argument("--keep", action="store_true", help="Keep the database made in a temporary folder.")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    tmp = None
    db = args.db
    if db is None:
        tmp = tempfile.mkdtemp(prefix="serve-bench-")
        db = Path(tmp) / "events.duckdb"
    if not db.exists():
        seconds = build(db, args.events)
        print(f"built {args.events:,} events in {seconds:.1f} s -> {db} ({db.stat().st_size / 1e6:.0f} MB)")
    with open_store(db, read_only=True) as store:
        counts = store.counts()
    print(f"store: {counts['events']:,} events, {counts['dyads']:,} dyad rows, {counts['articles']:,} articles")
    print("\n| endpoint | median ms | slowest ms | median ms in the app | bytes |\n|---|---|---|---|---|")
    for url, median, worst, app, size in time_endpoints(db):
        print(f"| `{url}` | {median:.1f} | {worst:.1f} | {app:.1f} | {size:,} |")
    if not args.no_browser:
        paint = first_paint(db)
        if paint is None:
            print("\nfirst paint: SKIPPED (no chromium)")
        else:
            print(f"\nheadless chromium: first-contentful-paint {paint[0]:.0f} ms; every panel drawn "
                  f"{paint[1]:.0f} ms (first load), {paint[2]:.0f} ms (second load)")
    if tmp and not args.keep:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
