"""Reliability of pipeline event confidences, and the table that calibrates them.

    PYTHONPATH=src python scripts/calibrate_events.py [--gold tests/gold/plover_gold.jsonl] \
        [--plv ../shared/data/gold/plv_train.tsv] [--write]

Runs the whole pipeline on the project's own gold (hand-written sentences, modal events kept),
pairs each emitted event with the gold event of its sentence as `dotterel eval` does, and
counts it right when `dotterel eval` would (type right, and each side gold gives a country for
shares one). Prints the expected calibration error (ECE, 5 equal-width bins) of the
confidences as they are, then fits the evidence table of `dotterel.events.calibration`
(leave-one-sentence-out, so the printed "after" ECE is out of sample) and, with --write,
stores it as package data. --plv measures on a second, independent gold set (spans as the
only actors; right when the type matches and each marked span is on its side): nothing is
fitted on it.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

SCORED_AS = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}


def ece(confidences: list[float], correct: list[bool], bins: int = 5) -> tuple[float, list[str]]:
    """Expected calibration error over equal-width bins, and one line per non-empty bin."""
    total, lines = 0.0, []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, c in enumerate(confidences) if lo <= c < hi or (b == bins - 1 and c >= 1.0)]
        if not idx:
            continue
        conf = sum(confidences[i] for i in idx) / len(idx)
        acc = sum(correct[i] for i in idx) / len(idx)
        total += len(idx) / len(confidences) * abs(conf - acc)
        lines.append(f"{lo:.1f}-{hi:.1f}: n={len(idx)} conf {conf:.2f} right {acc:.2f}")
    return total, lines


def recorded_events(coder, run):
    """Run `run()` while recording the evidence key of every event the coder emits, in order.

    The coder calls `calibration.evidence_key` through its table; a coder from before the
    table called `_confidence` with the same arguments, which is watched too (for "before").
    """
    from dotterel.events import calibration
    from dotterel.events import coder as coder_module

    keys: list[str] = []
    originals = (calibration.evidence_key, coder_module._confidence)

    def spy_key(*args):
        key = originals[0](*args)
        keys.append(key)
        return key

    def spy_rules(*args):
        keys.append(originals[0](*args))
        return originals[1](*args)

    # Events of one type and dyad are merged after their confidence is set; keep them all here
    # so that each recorded key belongs to one emitted event.
    merge = coder_module._one_per_dyad
    calibration.evidence_key, coder_module._confidence = spy_key, spy_rules
    coder_module._one_per_dyad = list
    try:
        result = run()
    finally:
        calibration.evidence_key, coder_module._confidence = originals
        coder_module._one_per_dyad = merge
    return result, keys


def own_gold(gold_path: Path) -> list[tuple[str, str, float, bool]]:
    """(sentence id, evidence key, confidence as coded, right?) for every event the pipeline emits."""
    from dotterel.config import Config
    from dotterel.evaluate.gold import read_gold
    from dotterel.evaluate.predict import event_of
    from dotterel.evaluate.scoring import _end_to_end, align
    from dotterel.pipeline import Pipeline

    gold = read_gold(gold_path)
    pipeline = Pipeline(Config(keep_modal=True))
    out = []
    for item in gold.items:
        analyses, keys = recorded_events(pipeline.events, lambda: pipeline.code_texts([item.text], published=item.published))
        events = [e for a in analyses for e in a.events]
        # With threshold 0 every keyed trigger becomes an event, in order.
        assert len(keys) == len(events), (item.item_id, len(keys), len(events))
        predicted = [event_of(e) for e in events]
        right = {id(p): g is not None and _end_to_end(g, p) for g, p in align(item.events, predicted) if p is not None}
        for event, key, p in zip(events, keys, predicted):
            out.append((item.item_id, key, event.confidence, right[id(p)]))
    return out


def plv_events(plv: Path, limit: int | None) -> list[tuple[str, float, bool]]:
    """(evidence key, confidence, right?) of the event stage on plv_train with the spans as actors."""
    import csv

    from dotterel.events import EventCoder
    from dotterel.events.classification import parse_marked
    from dotterel.model import Actor, Analysis, Article, Mention, Sentence

    coder = EventCoder(keep={"negated", "future", "hypothetical", "historical"})
    with plv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))[:limit]
    out = []
    for number, row in enumerate(rows):
        text, s, t = parse_marked(row["marked_sentence"])
        mentions = tuple(
            Mention(str(number), 0, span[0], span[1], text[span[0] : span[1]], "KB", (Actor(name=role, kb_id=f"<{role}>"),), "kb")
            for role, span in (("source", s), ("target", t))
            if span
        )
        doc = coder.classifier.nlp(text) if coder.may_hold_event(text) else None
        analysis = Analysis(Article(str(number), text), (Sentence(str(number), 0, 0, len(text), text),), (doc,), mentions)
        result, keys = recorded_events(coder, lambda: coder(analysis))
        gold = SCORED_AS.get(row["gold_root"], row["gold_root"])
        for event, key in zip(result.events, keys):
            # Right as on the own gold: type, and each marked side among the event's own.
            sides = all(
                not span or any(p.actor.name == role for p in side)
                for span, role, side in ((s, "source", event.source), (t, "target", event.target))
            )
            out.append((key, event.confidence, sides and SCORED_AS.get(event.plover_type, event.plover_type) == gold))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=Path("tests/gold/plover_gold.jsonl"))
    parser.add_argument("--plv", type=Path, help="Also measure (never fit) on this marked-sentence gold.")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--write", action="store_true", help="Store the fitted table as package data.")
    args = parser.parse_args(argv)
    from dotterel.events import calibration

    rows = own_gold(args.gold)
    conf = [r[2] for r in rows]
    right = [r[3] for r in rows]
    before, lines = ece(conf, right)
    print(f"own gold {args.gold}: {len(rows)} events, {sum(right)} right ({sum(right) / len(rows):.2f})")
    print(f"  confidence as coded: ECE {before:.3f}; " + "; ".join(lines))
    by_key = collections.Counter((r[1], r[3]) for r in rows)
    for key in sorted({r[1] for r in rows}):
        print(f"    {key:32} right {by_key[(key, True)]:3d} wrong {by_key[(key, False)]:3d}")
    # Leave one sentence out: the table that scores a sentence's events never saw them.
    held = []
    for sentence in sorted({r[0] for r in rows}):
        table = calibration.fit([(k, ok) for sid, k, _, ok in rows if sid != sentence])
        held.extend((table.lookup(k), ok) for sid, k, _, ok in rows if sid == sentence)
    after, lines = ece([h[0] for h in held], [h[1] for h in held])
    print(f"  calibrated, leave-one-sentence-out: ECE {after:.3f}; " + "; ".join(lines))
    table = calibration.fit([(k, ok) for _, k, _, ok in rows])
    in_sample, _ = ece([table.lookup(k) for _, k, _, _ in rows], right)
    print(f"  calibrated, fitted on all (in sample): ECE {in_sample:.3f}")
    if args.write:
        path = calibration.write_table(table, source=f"{args.gold.name}: {len(rows)} pipeline events, modal events kept")
        print(f"wrote {path}")
    if args.plv:
        plv = plv_events(args.plv, args.limit)
        c_before, lines = ece([r[1] for r in plv], [r[2] for r in plv])
        print(f"{args.plv.name} (never fitted on): {len(plv)} events, {sum(r[2] for r in plv) / len(plv):.2f} right")
        print(f"  confidence as coded now: ECE {c_before:.3f}; " + "; ".join(lines))
        c_after, lines = ece([table.lookup(r[0]) for r in plv], [r[2] for r in plv])
        print(f"  with the table fitted on own gold: ECE {c_after:.3f}; " + "; ".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
