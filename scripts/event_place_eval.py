"""Event-place linking on a JSON list of sentences with one VERB span and zero or more LOCATION spans.

Usage:
    PYTHONPATH=src python scripts/event_place_eval.py GOLD.json [--limit N] [--cache DIR] [--errors FILE]

Runs what `dotterel eval` runs for `locate` (sentences split and parsed as the nlp stage does, the
`where` stage's toponyms, `trigger_place` for the marked verb) without the slower end-to-end
coding, and caches the parses under --cache so that repeated runs only time the linking.
Scores as `dotterel eval` does: `exact` = share of records with a marked place whose verb is linked
to it (a toponym span overlapping a marked span, or the same name); `accuracy` also counts records
without a marked place, right when no place is linked. Errors are broken down into:
  not_candidate_none / not_candidate_wrong: the marked place is none of our toponyms, and we
      answered no place / another place;
  wrong_choice: the marked place is one of our toponyms but another was linked;
  none_with_candidate: the marked place is one of our toponyms but nothing was linked;
  false_place: a place answered where none is marked.
Prints one JSON object; --errors writes one JSON line per wrong record (for looking, not for rules).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

from dotterel.model import Article, Analysis
from dotterel.nlp.parser import Parser


def _docs(texts: list[str], parser: Parser, cache: Path | None) -> list[Analysis]:
    """Parse every text as the nlp stage does (no prefilter), reading/writing a DocBin cache."""
    from spacy.tokens import DocBin

    articles = [Article(f"locate-{i}", t) for i, t in enumerate(texts)]
    key = hashlib.sha1("\x00".join(texts).encode()).hexdigest()[:16]
    path = cache / f"docs-{key}.spacy" if cache is not None else None
    if path is not None and path.exists():
        docs = list(DocBin().from_bytes(path.read_bytes()).get_docs(parser.nlp.vocab))
        out, k = [], 0
        for article in articles:
            sents = parser.sentences(article)
            flags = [parser._wanted(s) for s in sents]
            ds = []
            for f in flags:
                ds.append(docs[k] if f else None)
                k += f
            out.append(Analysis(article=article, sentences=sents, docs=tuple(ds)))
        return out
    out = list(parser.pipe(articles, batch_size=64))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        bin_ = DocBin(store_user_data=False)
        for a in out:
            for d in a.docs:
                if d is not None:
                    bin_.add(d)
        path.write_bytes(bin_.to_bytes())
    return out


def _located(text: str, span: dict, raw_offsets: bool = False) -> tuple[int, int]:
    """A LOCATION span's character offsets. Some records give token offsets (their `text` field
    then disagrees with the characters at start..end): those are found by their text, as
    `dotterel.evaluate.readers` does, unless `raw_offsets` asks for the offsets as given."""
    start, end = span["start"], span["end"]
    marked = span.get("text")
    if raw_offsets or not isinstance(marked, str) or not marked or text[start:end] == marked:
        return start, end
    at = text.find(marked)
    return (at, at + len(marked)) if at >= 0 else (start, end)


def eval_event_places(path: Path, gaz=None, limit: int | None = None, cache: Path | None = None,
                      errors: Path | None = None, actors: bool = False, offset: int = 0,
                      raw_offsets: bool = False) -> dict:
    """Score event-place linking on an event-location JSON file (see the module docstring)."""
    from dotterel.where.geocoder import Geocoder, trigger_place

    rows = json.loads(path.read_text(encoding="utf-8"))
    rows = rows[offset:offset + limit if limit is not None else None]
    texts = [r["text"] for r in rows]
    parser = Parser()
    parser.prefilter = None
    analyses = _docs(texts, parser, cache)
    geocoder = Geocoder(gaz)
    actor_stage = None
    if actors:
        from dotterel.actors import ActorResolver, KnowledgeBase  # only when asked: slower

        actor_stage = ActorResolver(KnowledgeBase.load())
    counts = {k: 0 for k in ("not_candidate_none", "not_candidate_wrong", "wrong_choice", "none_with_candidate",
                             "false_place")}
    n_located = hits = right = covered = 0
    out_errors = []
    t0 = time.perf_counter()
    for number, (row, analysis) in enumerate(zip(rows, analyses), start=offset):
        verbs = [(s["start"], s["end"]) for s in row["spans"] if s["label"] == "VERB" and s["end"] > s["start"]]
        gold = [_located(row["text"], s, raw_offsets) for s in row["spans"]
                if s["label"] == "LOCATION" and s["end"] > s["start"]]
        if actor_stage is not None:
            analysis = actor_stage(analysis)
        analysis = geocoder(analysis)
        place = trigger_place(geocoder.gazetteer, analysis, *verbs[0]) if verbs else None
        spans = []
        if place is not None:
            for t in analysis.toponyms:
                same = (t.place.geonameid == place.geonameid and place.geonameid is not None) or (
                    t.place.name == place.name) if t.place is not None else (
                    place.geonameid is None and t.text == place.name)
                if same:
                    spans.append((t.start, t.end))
        names = {" ".join(row["text"][s:e].casefold().split()) for s, e in gold}
        hit = place is not None and (
            any(s < e2 and s2 < e for s, e in gold for s2, e2 in spans)
            or " ".join((place.name or "").casefold().split()) in names)
        candidate = any(s < t.end and t.start < e for s, e in gold for t in analysis.toponyms)
        kind = None
        if gold:
            n_located += 1
            covered += place is not None
            right += hit
            hits += hit
            if not hit:
                if not candidate:
                    kind = "not_candidate_none" if place is None else "not_candidate_wrong"
                else:
                    kind = "none_with_candidate" if place is None else "wrong_choice"
        else:
            right += place is None
            if place is not None:
                kind = "false_place"
        if kind:
            counts[kind] += 1
            out_errors.append({"kind": kind, "index": number, "text": row["text"], "verb": [row["text"][s:e] for s, e in verbs[:1]],
                               "gold": [row["text"][s:e] for s, e in gold], "answer": place.name if place else None,
                               "toponyms": [t.text for t in analysis.toponyms]})
    seconds = time.perf_counter() - t0
    if errors is not None:
        errors.write_text("".join(json.dumps(e) + "\n" for e in out_errors), encoding="utf-8")
    return {
        "gold": str(path), "sentences": len(rows), "n_located": n_located,
        "exact": round(hits / max(n_located, 1), 4),
        "accuracy": round(right / max(len(rows), 1), 4),
        "coverage": round(covered / max(n_located, 1), 4),
        "errors": counts,
        "link_ms_per_sentence": round(1000 * seconds / max(len(rows), 1), 2),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", type=Path)
    ap.add_argument("--limit", type=int, default=None, help="score only this many records")
    ap.add_argument("--offset", type=int, default=0, help="skip this many records first")
    ap.add_argument("--cache", type=Path, default=None, help="directory for cached parses (not in the repo)")
    ap.add_argument("--errors", type=Path, default=None, help="write the wrong records here as JSON lines")
    ap.add_argument("--actors", action="store_true", help="run the actors stage first, as `dotterel eval` does")
    ap.add_argument("--raw-offsets", action="store_true",
                    help="read LOCATION offsets as given, even where they are token offsets (the scoring before issue 6)")
    args = ap.parse_args(argv)
    print(json.dumps(eval_event_places(args.gold, None, args.limit, args.cache, args.errors, args.actors, args.offset,
                                       args.raw_offsets)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
