"""Measure toponym resolution (GWN / LGL XML) and event-place linking (event_location JSON).

Usage:
    PYTHONPATH=src python scripts/eval_geo.py ../shared/data/gold/geo/GWN.xml [--limit N]
    PYTHONPATH=src python scripts/eval_geo.py ../shared/data/gold/event_location_dev.json [--limit N]

Toponym resolution gets the gold spans and resolves them with the article's other gold spans as
context (as `dotterel.where.resolution.resolve_spans` does in the pipeline). Scores: exact GeoNames
id, correct country, prediction within 161 km (100 miles) of the gold point. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

from dotterel.where import Gazetteer
from dotterel.where.gazetteer import CITY, distance_km
from dotterel.where.resolution import resolve_spans


def read_gwn(path: Path):
    """(text, [(start, end, geonameid, lat, lon, country_name)]) per article."""
    for article in ET.parse(path).getroot().iter("article"):
        text = article.findtext("text") or ""
        gold = []
        for top in article.iter("toponym"):
            gid = (top.findtext("geonamesID") or "").strip()
            lat, lon = top.findtext("latitude"), top.findtext("longitude")
            if not gid or not lat:
                continue
            gold.append((int(top.findtext("start")), int(top.findtext("end")), int(gid), float(lat), float(lon), None))
        yield text, gold


def read_lgl(path: Path):
    for article in ET.parse(path).getroot().iter("article"):
        text = article.findtext("text") or ""
        gold = []
        for top in article.iter("toponym"):
            tag = top.find("gaztag")
            if tag is None or not tag.get("geonameid"):
                continue
            gold.append((
                int(top.findtext("start")), int(top.findtext("end")), int(tag.get("geonameid")),
                float(tag.findtext("lat")), float(tag.findtext("lon")), tag.findtext("country"),
            ))
        yield text, gold


def eval_toponyms(path: Path, gaz: Gazetteer, limit: int | None) -> dict:
    reader = read_lgl if "<gaztag" in path.read_text(encoding="utf-8")[:20000] else read_gwn
    city_idx = np.array([i for i in range(len(gaz)) if gaz.feature[i] == CITY])
    lats = np.radians(np.array([gaz.lat[i] for i in city_idx]))
    lons = np.radians(np.array([gaz.lon[i] for i in city_idx]))

    def nearest_country(lat: float, lon: float) -> str | None:
        la, lo = np.radians(lat), np.radians(lon)
        d = np.sin((lats - la) / 2) ** 2 + np.cos(la) * np.cos(lats) * np.sin((lons - lo) / 2) ** 2
        return gaz.iso3_of(int(city_idx[int(np.argmin(d))]))

    n = exact = country = close = covered = unresolved = 0
    seconds = 0.0
    misses: list[str] = []
    for number, (text, gold) in enumerate(reader(path)):
        if limit is not None and number >= limit:
            break
        if not gold:
            continue
        t0 = time.perf_counter()
        predicted = resolve_spans(gaz, text, [(g[0], g[1]) for g in gold])
        seconds += time.perf_counter() - t0
        for (start, end, gid, lat, lon, cname), place in zip(gold, predicted):
            n += 1
            known = gaz.by_geonameid(gid)
            covered += known is not None
            if cname:
                gold_country = gaz.resolve(cname).country if gaz.resolve(cname) else None
            else:
                gold_country = known.country if known else nearest_country(lat, lon)
            if place is None:
                unresolved += 1
                continue
            exact += place.geonameid == gid
            country += place.country == gold_country
            close += distance_km(place.lat, place.lon, lat, lon) <= 161
            if place.geonameid != gid and len(misses) < 40:
                misses.append(f"{text[start:end]!r} -> {place.name} {place.country} {place.feature} (gold {gid} {known.name if known else '?'} {gold_country})")
    return {
        "gold": str(path), "toponyms": n, "exact": round(exact / n, 4), "country": round(country / n, 4),
        "within_161km": round(close / n, 4), "gold_id_in_gazetteer": round(covered / n, 4),
        "unresolved": unresolved, "ms_per_toponym": round(1000 * seconds / n, 4), "sample_misses": misses,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--misses", action="store_true", help="print sample misses")
    args = parser.parse_args()
    t0 = time.perf_counter()
    gaz = Gazetteer.load()
    startup = time.perf_counter() - t0
    if args.gold.suffix == ".json":
        from event_place_eval import eval_event_places  # noqa: PLC0415 - sibling script

        result = eval_event_places(args.gold, gaz, args.limit)
    else:
        result = eval_toponyms(args.gold, gaz, args.limit)
    result["gazetteer_startup_s"] = round(startup, 2)
    if not args.misses:
        result.pop("sample_misses", None)
    print(json.dumps(result, ensure_ascii=False, indent=1 if args.misses else None))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    sys.exit(main())
