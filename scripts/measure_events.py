"""Measure the event stage: zero-shot and cross-validated classification, over-coding, speed.

    PYTHONPATH=src python scripts/measure_events.py \
        --plv ../shared/data/gold/plv_train.tsv --aw ../shared/data/gold/aw_train.tsv \
        --bbc ../shared/data/corpus/bbc [--folds 5] [--cv-seeds 13,7,21,99] [--json out.json]

Gold files are read by path and never copied. Old PLOVER names are compared as in the gold:
our CONCEDE and RETREAT both count as YIELD (the 15-class scheme has one class for both).
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import sys
import time
from pathlib import Path

SCORED_AS = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}
QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "REQUEST": 1,
    "YIELD": 2, "COOPERATE": 2, "AID": 2,
    "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip


def f1_table(gold: list[str], pred: list[str]) -> tuple[float, dict[str, float]]:
    """Macro-F1 over the gold classes, and F1 per class."""
    per = {}
    for label in sorted(set(gold)):
        tp = sum(g == label and p == label for g, p in zip(gold, pred))
        fp = sum(g != label and p == label for g, p in zip(gold, pred))
        fn = sum(g == label and p != label for g, p in zip(gold, pred))
        per[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return sum(per.values()) / len(per), per


def confusion(gold: list[str], pred: list[str]) -> str:
    labels = sorted(set(gold) | set(pred))
    counts = collections.Counter(zip(gold, pred))
    lines = ["gold\\pred  " + " ".join(f"{l[:5]:>5}" for l in labels)]
    for g in labels:
        lines.append(f"{g[:10]:10} " + " ".join(f"{counts[(g, p)]:5d}" for p in labels))
    return "\n".join(lines)


def report(name: str, gold: list[str], pred: list[str]) -> dict:
    gold = [SCORED_AS.get(g, g) for g in gold]
    pred = [SCORED_AS.get(p, p) for p in pred]
    macro, per = f1_table(gold, pred)
    quad_macro, quad_per = f1_table([str(QUAD[g]) for g in gold], [str(QUAD[p]) for p in pred])
    accuracy = sum(g == p for g, p in zip(gold, pred)) / len(gold)
    print(f"\n== {name}: macro-F1 15 classes {macro:.3f}, quad macro-F1 {quad_macro:.3f}, accuracy {accuracy:.3f}")
    print("per-class F1: " + ", ".join(f"{k} {v:.2f}" for k, v in per.items()))
    print("quad F1: " + ", ".join(f"{k} {v:.2f}" for k, v in quad_per.items()))
    print(confusion(gold, pred))
    return {"macro_f1": macro, "quad_macro_f1": quad_macro, "accuracy": accuracy, "per_class": per, "quad": quad_per}


def calibration(confidences: list[float], correct: list[bool], bins: int = 5) -> dict:
    """Expected calibration error and accuracy per confidence bin."""
    table, ece = [], 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, c in enumerate(confidences) if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if not idx:
            continue
        conf = sum(confidences[i] for i in idx) / len(idx)
        acc = sum(correct[i] for i in idx) / len(idx)
        ece += len(idx) / len(confidences) * abs(conf - acc)
        table.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": len(idx), "confidence": round(conf, 3), "accuracy": round(acc, 3)})
    print(f"calibration: ECE {ece:.3f}; " + "; ".join(f"{r['bin']}: n={r['n']} conf {r['confidence']} acc {r['accuracy']}" for r in table))
    return {"ece": ece, "bins": table}


def zero_shot(coder, plv: Path) -> dict:
    from dotterel.events.classification import parse_marked
    from dotterel.events.training import read_gold

    rows = read_gold(plv)
    started = time.perf_counter()
    parsed = [parse_marked(text) for text, _ in rows]
    docs = coder.classifier.nlp.pipe((p[0] for p in parsed), batch_size=64)
    results = [coder.classifier.decide(coder.classifier.zero_shot(d, s, t)) for d, (_, s, t) in zip(docs, parsed)]
    seconds = time.perf_counter() - started
    gold = [label for _, label in rows]
    pred = [r.plover_type for r in results]
    out = report(f"zero-shot classify on {plv.name} ({len(rows)} rows, {seconds:.1f} s incl. parsing)", gold, pred)
    correct = [SCORED_AS.get(g, g) == SCORED_AS.get(p, p) for g, p in zip(gold, pred)]
    out["calibration"] = calibration([r.confidence for r in results], correct)
    out["via"] = dict(collections.Counter(r.via for r in results))
    print("decided by:", out["via"])
    return out


def cross_validation(plv: Path, folds: int, seeds: tuple[int, ...] = (13,), finetune: bool = True) -> dict:
    """Stratified k-fold CV of the trained coder, then one model trained on every row (time, size).

    With `finetune` (default) the model includes the fine-tuned MiniLM (needs torch).

    The full report is for the first fold seed; further seeds only add their macro-F1, to show
    how much the split alone moves it.
    """
    import tempfile

    from dotterel.events.training import cross_validate_seeds, train

    started = time.perf_counter()
    fold_seconds: list[float] = []
    gold, by_seed, _ = cross_validate_seeds(plv, folds, seeds, finetune, fold_seconds)
    seconds = time.perf_counter() - started
    out = report(f"{folds}-fold stratified CV (fold seed {seeds[0]}) of the trained coder on {plv.name} ({seconds:.0f} s)", gold, by_seed[seeds[0]])
    if len(seeds) > 1:
        scored = [SCORED_AS.get(g, g) for g in gold]
        macros = {seed: f1_table(scored, [SCORED_AS.get(p, p) for p in pred])[0] for seed, pred in by_seed.items()}
        mean = sum(macros.values()) / len(macros)
        print("macro-F1 by fold seed: " + ", ".join(f"{k} {v:.3f}" for k, v in macros.items()) + f"; mean {mean:.3f}")
        out["macro_f1_by_seed"] = macros
        out["macro_f1_mean"] = mean
    quad_gold = [str(QUAD[SCORED_AS.get(g, g)]) for g in gold]
    quads = {seed: f1_table(quad_gold, [str(QUAD[SCORED_AS.get(p, p)]) for p in pred])[0] for seed, pred in by_seed.items()}
    print("quad macro-F1 by fold seed: " + ", ".join(f"{k} {v:.3f}" for k, v in quads.items()))
    out["quad_macro_f1_by_seed"] = quads
    mean_fold = sum(fold_seconds) / len(fold_seconds)
    print(f"time per fold (fit and predict, features computed once): mean {mean_fold:.0f} s over {len(fold_seconds)} folds")
    out["fold_seconds"] = fold_seconds
    with tempfile.TemporaryDirectory() as tmp:
        made = train(plv, Path(tmp) / "model", finetune=finetune)
        size = sum(f.stat().st_size for f in (Path(tmp) / "model").iterdir())
        if finetune:
            out["finetuned_sentences_per_s"] = finetuned_speed(plv, Path(tmp) / "model")
    print(f"train on all {made.examples} rows: {made.seconds:.0f} s (parse, embed, fit), model dir {size / 1e6:.1f} MB")
    out["train_seconds"] = made.seconds
    out["model_bytes"] = size
    return out


def finetuned_speed(plv: Path, model_dir: Path) -> float:
    """Sentences per second of the fine-tuned encoder alone (batches of 32, torch on CPU)."""
    from dotterel.events.classification import parse_marked
    from dotterel.events.finetune import FineTuned, marked_text
    from dotterel.events.training import read_gold

    model = FineTuned.load(model_dir)
    marked = [marked_text(*parse_marked(text)) for text, _ in read_gold(plv)]
    started = time.perf_counter()
    model.predict_proba(marked)
    rate = len(marked) / (time.perf_counter() - started)
    print(f"fine-tuned encoder inference: {rate:.0f} sentences/s")
    return rate


def overcoding(coder, aw: Path) -> dict:
    """Run the event stage on aw_train with the marked spans as the only (resolved) actors."""
    from dotterel.events.classification import parse_marked
    from dotterel.model import Actor, Analysis, Article, Mention, Sentence

    with aw.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    by_group: dict[str, list[int]] = collections.defaultdict(list)
    by_type_list: list[tuple[str, int]] = []
    polarity = collections.Counter()
    total_events = 0
    for number, row in enumerate(rows):
        text, s, t = parse_marked(row["marked_sentence"])
        sentence = Sentence(str(number), 0, 0, len(text), text)
        mentions = tuple(
            Mention(str(number), 0, span[0], span[1], text[span[0] : span[1]], "KB", (Actor(name=role, kb_id=f"<{role}>"),), "kb")
            for role, span in (("source", s), ("target", t))
            if span
        )
        doc = coder.classifier.nlp(text) if coder.may_hold_event(text) else None
        analysis = Analysis(Article(str(number), text), (sentence,), (doc,), mentions)
        events = coder(analysis).events
        total_events += len(events)
        group = row["event_type"].replace(".", ":").split(":")[0]
        by_group[group].append(1 if events else 0)
        by_group[f"gold_binary={row['gold_binary']}"].append(1 if events else 0)
        by_type_list.append((row["event_type"], 1 if events else 0))
        if events:
            conflict = max(e.quad for e in events) >= 3
            polarity["agree" if conflict == (row["gold_binary"] == "1") else "disagree"] += 1
    print(f"\n== event stage on {aw.name} ({len(rows)} sentences, spans as actors): {total_events} events, "
          f"{total_events / len(rows):.2f} per sentence")
    for group, hits in sorted(by_group.items()):
        print(f"  {group:22} n={len(hits):4d}  share with >=1 event {sum(hits) / len(hits):.2f}")
    print(f"  conflict/cooperation polarity of coded sentences vs gold_binary: {dict(polarity)}")
    # ACE types with no PLOVER counterpart (killing, resigning, transferring money or moving
    # troops can be PLOVER events; starting a company, being born or being nominated cannot):
    # an event coded there is over-coding.
    hits = [h for t, h in by_type_list if _non_plover(t)]
    rate = sum(hits) / len(hits) if hits else 0.0
    print(f"  over-coding: {sum(hits)} of {len(hits)} sentences ({rate:.2f}) whose ACE type has no PLOVER counterpart got an event")
    # The wider set `dotterel eval` uses (also deaths, injuries and travel with no doer named).
    from dotterel.evaluate.readers import NON_POLITICAL_EVENT_TYPES

    wide_types = tuple(t.lower().replace(".", ":") for t in NON_POLITICAL_EVENT_TYPES)
    wide = [h for t, h in by_type_list if t.lower().replace(".", ":").startswith(wide_types)]
    wide_rate = sum(wide) / len(wide) if wide else 0.0
    kept = [h for t, h in by_type_list if not t.lower().replace(".", ":").startswith(wide_types)]
    kept_rate = sum(kept) / len(kept) if kept else 0.0
    print(f"  over-coding as `dotterel eval` counts it: {sum(wide)} of {len(wide)} ({wide_rate:.3f}); "
          f"the other {len(kept)} sentences: {kept_rate:.3f} with an event")
    return {"events_per_sentence": total_events / len(rows), "share_by_group": {g: sum(h) / len(h) for g, h in by_group.items()},
            "polarity": dict(polarity), "overcoding_non_plover": rate, "overcoding_eval": wide_rate,
            "events_share_political": kept_rate}


_NON_PLOVER = ("business", "cognitive", "medical", "personnel:nominate", "personnel:elect", "personnel:start",
               "life:be-born", "life:marry", "life:divorce", "transaction:transfer-ownership", "transaction.transferownership")


def _non_plover(event_type: str) -> bool:
    lower = event_type.lower().replace(".", ":")
    return lower.startswith(tuple(t.replace(".", ":") for t in _NON_PLOVER))


def throughput(coder, bbc: Path, limit: int = 3000) -> dict:
    """Sentences per second of the event stage alone (parse excluded), spaCy entities as actors."""
    from dotterel.model import Actor, Analysis, Article, Mention, Sentence

    nlp = coder.classifier.nlp
    texts = []
    for path in sorted(bbc.rglob("*.txt")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            texts.extend(s.strip() + "." for s in line.split(". ") if len(s.split()) > 5)
        if len(texts) >= limit:
            break
    texts = texts[:limit]
    started = time.perf_counter()
    passed = [coder.may_hold_event(t) for t in texts]
    prefilter_us = (time.perf_counter() - started) / len(texts) * 1e6
    kept = [t for t, ok in zip(texts, passed) if ok]
    docs = list(nlp.pipe(kept, batch_size=128))
    analyses = []
    for number, (text, doc) in enumerate(zip(kept, docs)):
        mentions = tuple(
            Mention(str(number), 0, e.start_char, e.end_char, e.text, e.label_, (Actor(name=e.text, kb_id=e.label_),), "kb")
            for e in doc.ents
            if e.label_ in ("GPE", "ORG", "NORP", "PERSON")
        )
        analyses.append(Analysis(Article(str(number), text), (Sentence(str(number), 0, 0, len(text), text),), (doc,), mentions))
    started = time.perf_counter()
    events = sum(len(coder(a).events) for a in analyses)
    seconds = time.perf_counter() - started
    rate = len(analyses) / seconds
    print(f"\n== throughput on {len(texts)} BBC sentences: prefilter {prefilter_us:.1f} µs/sentence, passes {sum(passed) / len(texts):.2f}; "
          f"event stage {rate:.0f} parsed sentences/s ({events} events), parse excluded")
    return {"prefilter_us": prefilter_us, "prefilter_pass": sum(passed) / len(texts), "sentences_per_s": rate, "events": events}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plv", type=Path)
    parser.add_argument("--aw", type=Path)
    parser.add_argument("--bbc", type=Path)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cv-seeds", default="13", help="Fold seeds, comma-separated; the first gets the full report.")
    parser.add_argument("--no-cv", action="store_true")
    parser.add_argument("--no-finetune", action="store_true", help="CV the numpy-only trained model (no torch).")
    parser.add_argument("--json", type=Path, help="Also write the numbers here.")
    parser.add_argument("--baseline", type=Path, help="JSON of minimums (dotted keys); exit 1 when a number falls below.")
    args = parser.parse_args(argv)
    from dotterel.events import EventCoder

    coder = EventCoder()
    out: dict = {}
    if args.plv:
        out["zero_shot"] = zero_shot(coder, args.plv)
        if not args.no_cv:
            seeds = tuple(int(s) for s in args.cv_seeds.split(","))
            out["cross_validation"] = cross_validation(args.plv, args.folds, seeds, not args.no_finetune)
    if args.aw:
        out["overcoding"] = overcoding(coder, args.aw)
    if args.bbc:
        out["throughput"] = throughput(coder, args.bbc)
    if args.json:
        args.json.write_text(json.dumps(out, indent=2, default=str) + "\n", encoding="utf-8")
    if args.baseline:
        return check_baseline(out, json.loads(args.baseline.read_text(encoding="utf-8")))
    return 0


def check_baseline(out: dict, baseline: dict) -> int:
    """Compare measured numbers with the baseline: `min` entries must be reached, `max` not exceeded."""
    failed = 0
    for kind, entries in baseline.items():
        for key, limit in entries.items():
            value: object = out
            for part in key.split("."):
                value = value.get(part) if isinstance(value, dict) else None
            if value is None:
                continue  # not measured in this run
            bad = value < limit if kind == "min" else value > limit
            failed += bad
            print(f"{'FAIL' if bad else 'ok  '} {key} = {value:.3f} ({kind} {limit})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
