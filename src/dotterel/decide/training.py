"""Training the decider from annotated news (PLOVER JSONL gold with `eventText` and `actorText`,
such as `tests/gold/realnews/train.jsonl`).

Gold texts are parsed and actor-resolved by the pipeline (the sentences of one article together,
no prefilter). Each candidate token is labelled with the type of the gold event whose `eventText`
it heads, else "no event"; each party mention of a gold event's trigger is labelled source,
target or neither by the gold `actorText` spans it overlaps. Two softmax regressions are fitted
on these. On a second gold set (dev) the event threshold is chosen for the best whole-event F1,
and the confidence table is fitted: the share of events that were fully right per probability bin.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dotterel.decide.features import ROLES, TYPES, vectorize
from dotterel.decide.model import Decider, sentence_context
from dotterel.evaluate.gold import GoldItem, GoldSet

__all__ = ["Examples", "parsed", "examples", "train_decider", "tune", "reliability"]

_UNASSERTED = ("negated", "future", "hypothetical")


@dataclass
class Examples:
    type_rows: list[list[str]] = field(default_factory=list)
    type_labels: list[int] = field(default_factory=list)
    role_rows: list[list[str]] = field(default_factory=list)
    role_labels: list[int] = field(default_factory=list)
    gold_events: int = 0
    unreachable: Counter = field(default_factory=Counter)


def analysing_pipeline() -> Any:
    """A pipeline that parses every sentence and codes nothing (the decider reads its analyses)."""
    from dotterel.config import Config
    from dotterel.pipeline import Pipeline

    return Pipeline(Config(keep_modal=True, decider="off", prefilter=False))


def parsed(items: Sequence[GoldItem], pipeline: Any) -> list[tuple[int, Any, int]]:
    """(gold item index, analysis, sentence index) for every analysed sentence, coding the items
    of one article together as one text."""
    groups: dict[Any, list[int]] = {}
    for i, item in enumerate(items):
        groups.setdefault(item.article_id or f"item-{i}", []).append(i)
    ordered = [sorted(idx, key=lambda i: items[i].sentence or 0) for idx in groups.values()]
    by_day: dict[dt.date | None, list[int]] = {}
    for g, idx in enumerate(ordered):
        by_day.setdefault(items[idx[0]].published, []).append(g)
    out: list[tuple[int, Any, int]] = []
    for day, gs in by_day.items():
        texts = ["\n".join(items[i].text for i in ordered[g]) for g in gs]
        for analysis in pipeline.code_texts(texts, published=day):
            idx = ordered[gs[int(analysis.article.origin[6:-1])]]  # origin "<text k>"
            text, pos, starts = analysis.article.text, 0, []
            for i in idx:
                at = text.find(items[i].text[:40], pos)
                starts.append(at if at >= 0 else pos)
                pos = max(pos, starts[-1])
            for sentence in analysis.sentences:
                owner = max((n for n, s in enumerate(starts) if s <= sentence.start), default=0)
                out.append((idx[owner], analysis, sentence.index))
    return out


def _spans(text: str, phrase: str | None) -> list[tuple[int, int]]:
    if not phrase:
        return []
    return [(m.start(), m.end()) for m in re.finditer(re.escape(phrase.strip()), text, flags=re.I)]


def gold_heads(item: GoldItem, doc: Any) -> dict[int, Any]:
    """Token index -> gold event, for the head token of each gold event's trigger text here."""
    heads: dict[int, Any] = {}
    for g in item.events:
        for s, e in _spans(doc.text, g.trigger)[:1]:
            tokens = [t for t in doc if t.idx < e and s < t.idx + len(t.text)]
            content = [t for t in tokens if t.pos_ in ("VERB", "NOUN")] or tokens
            if content:
                head = min(content, key=lambda t: sum(1 for _ in t.ancestors))
                heads.setdefault(head.i, g)
    return heads


def noun_vocabulary(items: Sequence[GoldItem], sentences: list[tuple[int, Any, int]]) -> frozenset[str]:
    """Lemmas of the nouns that head a gold event's trigger text."""
    nouns = set()
    for i, analysis, index in sentences:
        _, doc, _ = sentence_context(analysis, index)
        if doc is not None:
            nouns |= {doc[k].lemma_.lower() for k in gold_heads(items[i], doc) if doc[k].pos_ == "NOUN"}
    return frozenset(nouns)


def examples(items: Sequence[GoldItem], sentences: list[tuple[int, Any, int]], decider: Decider) -> Examples:
    """Labelled rows for both models: every candidate token, and every mention of a gold trigger."""
    ex = Examples()
    reached: set[int] = set()
    for i, analysis, index in sentences:
        sentence, doc, mentions = sentence_context(analysis, index)
        if doc is None:
            continue
        heads = gold_heads(items[i], doc)
        if not mentions:
            continue
        for cand in decider.candidates(doc, sentence.start, mentions):
            g = heads.get(cand.token.i)
            ex.type_rows.append(cand.features)
            ex.type_labels.append(TYPES.index(g.plover_type) if g is not None else 0)
            if g is None:
                continue
            reached.add(id(g))
            src = [s for a in g.source for s in _spans(doc.text, a.text)]
            tgt = [s for a in g.target for s in _spans(doc.text, a.text)]
            for m, row in zip(mentions, decider.role_rows(g.plover_type, cand, doc, sentence.start, mentions)):
                lo, hi = m.start - sentence.start, m.end - sentence.start
                role = "source" if any(s < hi and lo < e for s, e in src) else (
                    "target" if any(s < hi and lo < e for s, e in tgt) else "neither")
                ex.role_rows.append(row)
                ex.role_labels.append(ROLES.index(role))
    for item in items:
        for g in item.events:
            ex.gold_events += 1
            if id(g) not in reached:
                ex.unreachable["no candidate at the gold trigger (or no actor mention in the sentence)"] += 1
    return ex


def _fit(x: Any, y: Any, classes: int) -> tuple[Any, Any]:
    """The decider's regressions: zero start, classes weighted by rarity, stronger L2 (chosen on dev)."""
    from dotterel.events.training import _fit as fit_softmax

    return fit_softmax(x, y, classes, epochs=300, l2=1e-3, rate=0.05, init_std=0.0, class_weighted=True)


def coded(items: Sequence[GoldItem], sentences: list[tuple[int, Any, int]], decider: Decider) -> list[tuple[int, Any, bool, float]]:
    """(gold item index, event, proposed by the lexicon, event probability) for every candidate
    the decider builds, with no threshold and no calibration applied."""
    saved = (decider.calibration, decider.min_confidence)
    decider.calibration, decider.min_confidence = (), 0.0
    out = []
    for i, analysis, index in sentences:
        sentence, doc, mentions = sentence_context(analysis, index)
        if doc is None or not mentions:
            continue
        out += [(i, e, r, p) for e, r, p in decider.scored(analysis, sentence, doc, mentions)]
    decider.calibration, decider.min_confidence = saved
    return out


def _kept(events: list[tuple[int, Any, bool, float]], threshold: float, drop: float) -> list[int]:
    """Indices of the events kept at these thresholds, one per type and dyad in a sentence."""
    from dotterel.events.coder import _one_per_dyad

    chosen = [k for k, (_, _, r, p) in enumerate(events) if p >= (drop if r else threshold)]
    by_sentence: dict[tuple[int, int], list[int]] = {}
    for k in chosen:
        by_sentence.setdefault((events[k][0], events[k][1].sentence), []).append(k)
    kept = []
    for ks in by_sentence.values():
        survivors = {id(e) for e in _one_per_dyad([events[k][1] for k in ks])}
        kept += [k for k in ks if id(events[k][1]) in survivors]
    return kept


def _fully_right(items: Sequence[GoldItem], events: list[tuple[int, Any, bool, float]], kept: list[int]) -> dict[int, bool]:
    from dotterel.evaluate.fullevent import _pair, _slots
    from dotterel.evaluate.predict import event_of

    right = {k: False for k in kept}
    by_item: dict[int, list[int]] = {}
    for k in kept:
        by_item.setdefault(events[k][0], []).append(k)
    for i, ks in by_item.items():
        preds = [event_of(events[k][1]) for k in ks]
        for g, p in _pair(items[i].events, preds):
            if g is not None and p is not None and g.modality not in _UNASSERTED and all(_slots(g, p)):
                right[ks[next(n for n, q in enumerate(preds) if q is p)]] = True
    return right


def _monotone(shares: list[tuple[float, float, int]]) -> list[tuple[float, float]]:
    """Pool adjacent bins whose share goes down (pool-adjacent-violators): confidence never falls
    as the probability rises."""
    blocks = [[upper, share * n, n] for upper, share, n in shares]
    merged: list[list[float]] = []
    for block in blocks:
        merged.append(block)
        while len(merged) > 1 and merged[-2][1] / merged[-2][2] > merged[-1][1] / merged[-1][2]:
            upper, total, n = merged.pop()
            merged[-1] = [upper, merged[-1][1] + total, merged[-1][2] + n]
    return [(round(u, 4), round(t / n, 4)) for u, t, n in merged]


def tune(decider: Decider, items: Sequence[GoldItem], sentences: list[tuple[int, Any, int]], bins: int = 5) -> dict[str, Any]:
    """Choose the two thresholds (new candidates, lexicon triggers) with the best whole-event F1
    on `items` (the dev split), then fit the confidence table there."""
    events = coded(items, sentences, decider)
    n_gold = sum(1 for it in items for g in it.events if g.modality not in _UNASSERTED)
    table, best = [], (-1.0, 0.5, 0.0)
    grid = [x / 10 for x in range(0, 10)]
    for threshold in grid[3:]:
        for drop in grid:
            kept = _kept(events, threshold, drop)
            full = sum(_fully_right(items, events, kept).values())
            f1 = 2 * full / (len(kept) + n_gold) if kept or n_gold else 0.0
            table.append({"threshold": threshold, "drop_threshold": drop, "kept": len(kept), "fully_right": full,
                          "precision": round(full / len(kept), 4) if kept else 0.0,
                          "recall": round(full / n_gold, 4) if n_gold else 0.0, "f1": round(f1, 4)})
            if f1 > best[0] + 1e-9:
                best = (f1, threshold, drop)
    decider.threshold, decider.drop_threshold = best[1], best[2]
    kept = _kept(events, decider.threshold, decider.drop_threshold)
    right = _fully_right(items, events, kept)
    pairs = sorted((events[k][3], right[k]) for k in kept)
    shares = []
    for b in range(bins):
        chunk = pairs[b * len(pairs) // bins : (b + 1) * len(pairs) // bins]
        if chunk:
            shares.append((chunk[-1][0], (sum(r for _, r in chunk) + 1) / (len(chunk) + 2), len(chunk)))
    calibration = _monotone(shares)
    if calibration:
        calibration[-1] = (1.0, calibration[-1][1])
    decider.calibration = tuple(calibration)
    return {"thresholds": table, "threshold": decider.threshold, "drop_threshold": decider.drop_threshold,
            "calibration": calibration}


def reliability(decider: Decider, items: Sequence[GoldItem], sentences: list[tuple[int, Any, int]], bins: int = 5) -> dict[str, Any]:
    """Reliability table and expected calibration error of the shipped confidence on a gold set."""
    events = coded(items, sentences, decider)
    kept = _kept(events, decider.threshold, decider.drop_threshold)
    right = _fully_right(items, events, kept)
    rows = [(decider.confidence(events[k][3]), right[k]) for k in kept]
    table, ece = [], 0.0
    edges = [k / bins for k in range(bins + 1)]
    for lo, hi in zip(edges, edges[1:]):
        chunk = [(c, r) for c, r in rows if lo <= c < hi or (hi == 1.0 and c == 1.0)]
        if chunk:
            mean_c = sum(c for c, _ in chunk) / len(chunk)
            share = sum(r for _, r in chunk) / len(chunk)
            ece += len(chunk) / len(rows) * abs(mean_c - share)
            table.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": len(chunk), "mean_confidence": round(mean_c, 3),
                          "fully_right": round(share, 3)})
    return {"n": len(rows), "ece": round(ece, 4), "table": table}


def train_decider(train_gold: Sequence[GoldSet], dev_gold: GoldSet | None, out_dir: str | Path) -> dict[str, Any]:
    """Train on gold sets, tune on a dev set, write the model folder; returns a report."""
    import numpy as np

    started = time.perf_counter()
    pipeline = analysing_pipeline()
    items = [it for g in train_gold for it in g.items]
    sentences = parsed(items, pipeline)
    nouns = noun_vocabulary(items, sentences)
    empty = np.zeros((1, 1), dtype=np.float32)
    decider = Decider(empty, empty, empty, empty, 0.5, 0.0, (), nouns, {}, coder=pipeline.events,
                      keep=frozenset({"historical"}))
    ex = examples(items, sentences, decider)
    decider.type_w, decider.type_b = _fit(vectorize(ex.type_rows), np.array(ex.type_labels), len(TYPES))
    decider.role_w, decider.role_b = _fit(vectorize(ex.role_rows), np.array(ex.role_labels), len(ROLES))
    report: dict[str, Any] = {
        "trained_on": [g.path for g in train_gold], "tuned_on": dev_gold.path if dev_gold else None,
        "gold_events": ex.gold_events, "unreachable": dict(ex.unreachable),
        "candidates": len(ex.type_rows), "positive_candidates": int(sum(1 for y in ex.type_labels if y)),
        "role_rows": len(ex.role_rows), "role_counts": {r: ex.role_labels.count(k) for k, r in enumerate(ROLES)},
        "nouns": len(nouns),
    }
    if dev_gold is not None:
        dev_sentences = parsed(dev_gold.items, pipeline)
        report.update(tune(decider, dev_gold.items, dev_sentences))
        report["reliability_dev"] = reliability(decider, dev_gold.items, dev_sentences)
    report["seconds"] = round(time.perf_counter() - started, 1)
    decider.info = {k: v for k, v in report.items() if k != "thresholds"}
    decider.coder = None
    decider.save(out_dir)
    return report


