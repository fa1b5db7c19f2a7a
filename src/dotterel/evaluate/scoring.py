"""Run a predictor over a gold set and score it: the result is the `dotterel eval --format
json` contract.

```
{"contract": 1, "dataset", "format", "task", "path", "n",
 "slots": {"type": {"accuracy", "macro_f1", "micro_f1", "per_class": {"AGREE": {"precision",
           "recall", "f1", "support"}, ...}, "confusion": {"labels", "matrix"}, ...},
           "quad", "source", "target", "modality", "binary",
           "place": {"exact", "country", "within_161km", ...}, "date": {"exact", "within_7_days"}},
 "end_to_end": {"gold_events", "predicted_events", "correct", "precision", "recall", "f1"},
 "full_events": {"fully_right", "partly_right", "wrong", "precision_full", "recall_full",
                 "recall_found", "slots": {"type"|"source"|"target": {"precision", "recall"}},
                 "date", "place", "sentences"} (see fullevent.py),
 "notes": {...}, "errors": [...] (only when asked), "seconds"}
```
Slots a format has no gold for are left out; so is `end_to_end` for formats without actors.
Keys are only ever added; `contract` goes up when one changes meaning or disappears.
"""

from __future__ import annotations

import dataclasses

import time
from collections.abc import Sequence
from typing import Any

from dotterel.evaluate.gold import GoldEvent, GoldItem, GoldSet
from dotterel.evaluate.fullevent import full_event_scores
from dotterel.evaluate.metrics import classification, date_scores, place_scores, prf
from dotterel.evaluate.predict import PredictedEvent, Predictor
from dotterel.model import PLOVER_TYPES

__all__ = ["score", "align"]

#: Version of the result layout; bumped when a key changes meaning or disappears.
CONTRACT_VERSION = 1


def score(gold: GoldSet, predictor: Predictor, errors: int = 0) -> dict[str, Any]:
    """Predict every gold item with `predictor` and return the scores.

    `errors` > 0 adds an "errors" list: the first N items coded wrongly (classification and
    coding formats), with the gold file line, for finding what to fix.
    """
    started = time.perf_counter()
    task = gold.task
    mistakes: list[dict[str, Any]] = []
    if task == "classify":
        slots, end_to_end = _score_classify(gold, predictor, mistakes), None
    elif task == "code":
        slots, end_to_end = _score_code(gold, predictor, mistakes)
    elif task == "resolve":
        slots, end_to_end = _score_resolve(gold, predictor), None
    else:
        slots, end_to_end = _score_locate(gold, predictor), None
    result: dict[str, Any] = {
        "contract": CONTRACT_VERSION,
        "dataset": gold.name,
        "format": gold.format,
        "task": task,
        "path": gold.path,
        "n": len(gold.items),
        "slots": slots,
    }
    if end_to_end is not None:
        result["end_to_end"] = end_to_end
    if "full_events" in slots:
        result["full_events"] = slots.pop("full_events")
    result["notes"] = {**gold.notes, **getattr(predictor, "notes", {})}
    if errors > 0:
        result["errors"] = mistakes[:errors]
    result["seconds"] = round(time.perf_counter() - started, 2)
    return result


# --- relation classification (plv, aw) -----------------------------------------------------------


def _score_classify(gold: GoldSet, predictor: Predictor, mistakes: list[dict[str, Any]]) -> dict[str, Any]:
    preds = [predictor.classify(item.marked or item.text) for item in gold.items]
    if gold.format == "aw_tsv":
        # `classify` always answers with a type (the spans are given); whether an event is coded
        # at all is the event stage's call, so over-coding asks it when the predictor can.
        detect = getattr(predictor, "detect", None)
        detected = [detect(item.marked or item.text) for item in gold.items] if detect else None
        return {"binary": _binary(gold.items, preds, mistakes, detected)}
    type_pairs, quad_pairs = [], []
    gold_types = {e.plover_type for item in gold.items for e in item.events}
    # PLOVER 0.5 gold has YIELD where PLOVER now has CONCEDE and RETREAT; the readers map YIELD to
    # CONCEDE, so a predicted RETREAT counts as CONCEDE when the gold never uses RETREAT.
    fold_retreat = "RETREAT" not in gold_types and "CONCEDE" in gold_types
    for item, pred in zip(gold.items, preds):
        if fold_retreat and pred.plover_type == "RETREAT":
            pred = dataclasses.replace(pred, plover_type="CONCEDE")
        g = item.events[0] if item.events else None
        if (g.plover_type if g else None) != pred.plover_type:
            mistakes.append(_mistake(item, [g.plover_type if g else None], [pred.plover_type], marked=True))
        type_pairs.append((g.plover_type if g else None, pred.plover_type))
        quad_pairs.append((g.quad if g else None, pred.quad if pred.plover_type else None))
    return {
        "type": classification(type_pairs, PLOVER_TYPES),
        "quad": classification([(_q(g), _q(p)) for g, p in quad_pairs], ["1", "2", "3", "4"]),
    }


def _q(quad: int | None) -> str | None:
    return str(quad) if quad else None


def _mistake(item: GoldItem, gold: list[Any], predicted: list[Any], marked: bool = False) -> dict[str, Any]:
    return {
        "id": item.item_id,
        "line": item.line,
        "text": (item.marked or item.text) if marked else item.text,
        "gold": gold,
        "predicted": predicted,
    }


def _describe(event: Any) -> str:
    """"ASSAULT RUS>UKR (future)" for a gold or predicted event."""

    def side(actors: Sequence[Any]) -> str:
        codes = [getattr(a, "country", a) for a in actors]
        return "/".join(c for c in codes if c) or "-"

    text = f"{event.plover_type} {side(event.source)}>{side(event.target)}"
    return text + (f" ({event.modality})" if event.modality else "")


def _binary(items: Sequence[GoldItem], preds: Sequence[Any], mistakes: list[dict[str, Any]],
            detected: Sequence[bool] | None = None) -> dict[str, Any]:
    """aw_train: conflict (quad 3-4) vs cooperation (quad 1-2), and over-coding.

    Over-coding is the share of not-an-event sentences that get an event: from `detected` (the
    event stage's own decision) when given, else from whether `classify` answered at all.
    """
    names = {1: "conflict", 0: "cooperation"}
    pairs = []
    coded = correct_coded = non_events = overcoded = 0
    for item, pred in zip(items, preds):
        guess = None
        if pred.plover_type and pred.quad:
            guess = "conflict" if pred.quad >= 3 else "cooperation"
        pairs.append((names.get(item.binary), guess))
        if guess != names.get(item.binary) or (guess is not None and not item.political):
            gold_label = names.get(item.binary) if item.political else f"{names.get(item.binary)} (not an event)"
            mistakes.append(_mistake(item, [gold_label], [guess], marked=True))
        if guess is not None:
            coded += 1
            correct_coded += guess == names.get(item.binary)
        if not item.political:
            non_events += 1
            overcoded += detected[len(pairs) - 1] if detected is not None else guess is not None
    out = classification(pairs, ["conflict", "cooperation"])
    out["coverage"] = round(coded / len(items), 4) if items else 0.0
    out["accuracy_on_coded"] = round(correct_coded / coded, 4) if coded else 0.0
    out["non_events"] = non_events
    out["overcoding_rate"] = round(overcoded / non_events, 4) if non_events else 0.0
    out["overcoding_basis"] = "event stage" if detected is not None else "classify"
    return out


# --- end-to-end coding (PLOVER JSON, PETRARCH, ConfliBERT) ---------------------------------------


def align(gold: Sequence[GoldEvent], pred: Sequence[PredictedEvent]) -> list[tuple[GoldEvent | None, PredictedEvent | None]]:
    """Pair gold and predicted events of one text, best matches first.

    A pair scores 4 for the same type, 2 for a shared source country, 2 for a shared target
    country. Pairs are taken greedily by score; what remains pairs with None.
    """
    candidates = sorted(
        ((_affinity(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[GoldEvent | None, PredictedEvent | None]] = []
    for _, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gold[gi], pred[pi]))
    pairs.extend((g, None) for gi, g in enumerate(gold) if gi not in used_g)
    pairs.extend((None, p) for pi, p in enumerate(pred) if pi not in used_p)
    return pairs


def _countries(actors: Sequence[Any]) -> set[str]:
    return {a.country for a in actors if a.country}


def _affinity(g: GoldEvent, p: PredictedEvent) -> int:
    return (
        4 * (g.plover_type == p.plover_type)
        + 2 * bool(_countries(g.source) & set(filter(None, p.source)))
        + 2 * bool(_countries(g.target) & set(filter(None, p.target)))
    )


def _side_label(gold_countries: set[str], predicted: Sequence[str | None]) -> tuple[str, str | None]:
    """Gold label and predicted label of one side: the predicted country gold agrees with
    if any, else the first predicted country."""
    pred = [c for c in predicted if c]
    hit = sorted(gold_countries & set(pred))
    g = hit[0] if hit else sorted(gold_countries)[0]
    return g, (hit[0] if hit else (pred[0] if pred else None))


def _score_code(
    gold: GoldSet, predictor: Predictor, mistakes: list[dict[str, Any]]
) -> tuple[dict[str, Any], dict[str, Any]]:
    preds = _predict_code(gold.items, predictor)
    types, quads, sources, targets, places, dates, modality = [], [], [], [], [], [], []
    n_gold = n_pred = correct = 0
    for item, predicted in zip(gold.items, preds):
        n_gold += len(item.events)
        n_pred += len(predicted)
        pairs = align(item.events, predicted)
        if not all(g is not None and p is not None and _end_to_end(g, p) for g, p in pairs):
            mistakes.append(_mistake(item, [_describe(e) for e in item.events], [_describe(e) for e in predicted]))
        for g, p in pairs:
            types.append((g.plover_type if g else None, p.plover_type if p else None))
            quads.append((_q(g.quad) if g else None, _q(p.quad) if p else None))
            if g is None:
                continue
            if _countries(g.source):
                sources.append(_side_label(_countries(g.source), p.source if p else ()))
            if _countries(g.target):
                targets.append(_side_label(_countries(g.target), p.target if p else ()))
            if g.place is not None:
                places.append((g.place, p.place if p else None))
            if g.date is not None:
                dates.append((g.date, p.date if p else None, g.date_precision))
            if p is not None:
                modality.append((g.modality or "factual", p.modality or "factual"))
                correct += _end_to_end(g, p)
    slots: dict[str, Any] = {}
    if "type" in gold.slots:
        slots["type"] = classification(types, PLOVER_TYPES)
    if "quad" in gold.slots:
        slots["quad"] = classification(quads, ["1", "2", "3", "4"])
    if "source" in gold.slots and sources:
        slots["source"] = classification(sources)
    if "target" in gold.slots and targets:
        slots["target"] = classification(targets)
    if "place" in gold.slots:
        slots["place"] = place_scores(places)
    if "date" in gold.slots:
        slots["date"] = date_scores(dates)
    if any(e.modality for i in gold.items for e in i.events):
        slots["modality"] = classification(modality)
    end_to_end = {"gold_events": n_gold, "predicted_events": n_pred, "correct": correct}
    end_to_end.update(prf(correct, n_pred - correct, n_gold - correct))
    slots["full_events"] = full_event_scores(gold.items, preds)
    return slots, end_to_end


def _predict_code(items: Sequence[GoldItem], predictor: Predictor) -> list[tuple[PredictedEvent, ...]]:
    """Code each item; items from one article (real-news gold) are coded together, in order."""
    windows: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        if item.article_id is not None and item.sentence is not None:
            windows.setdefault(item.article_id, []).append(i)
    alone = [i for i, item in enumerate(items) if item.article_id is None or item.sentence is None]
    if not windows or not hasattr(predictor, "code_windows"):
        return predictor.code([i.text for i in items], [i.published for i in items])
    out: list[tuple[PredictedEvent, ...]] = [()] * len(items)
    groups = [sorted(idx, key=lambda i: items[i].sentence) for idx in windows.values()]
    coded = predictor.code_windows([([items[i].text for i in idx], items[idx[0]].published) for idx in groups])
    for idx, per_sentence in zip(groups, coded):
        for i, events in zip(idx, per_sentence):
            out[i] = events
    if alone:
        for i, events in zip(alone, predictor.code([items[i].text for i in alone], [items[i].published for i in alone])):
            out[i] = events
    return out


def _end_to_end(g: GoldEvent, p: PredictedEvent) -> bool:
    """Type right, and each side that gold gives a country for shares a country with it."""
    if g.plover_type != p.plover_type:
        return False
    for gold_side, pred_side in ((g.source, p.source), (g.target, p.target)):
        wanted = _countries(gold_side)
        if wanted and not wanted & set(filter(None, pred_side)):
            return False
    return True


# --- toponym resolution (GeoWebNews, LGL) ----------------------------------------------------------


def _score_resolve(gold: GoldSet, predictor: Predictor) -> dict[str, Any]:
    pairs = []
    together = getattr(predictor, "resolve_spans", None)
    for item in gold.items:
        spans = [(t.start or 0, t.end or 0) for t in item.toponyms]
        if together is not None:
            # The article's toponyms are resolved together: each is context for the others.
            places = together(item.text, spans)
        else:
            places = [predictor.resolve(item.text[s:e], item.text, s, e) for s, e in spans]
        pairs.extend(zip(item.toponyms, places))
    return {"place": place_scores(pairs, ids_only=True)}


# --- event location (event_location JSON) ------------------------------------------------------------


def _score_locate(gold: GoldSet, predictor: Predictor) -> dict[str, Any]:
    """How often the event's place is the one marked.

    The headline `exact` is the share of records with a marked place whose marked verb is linked
    to that place (a marked span overlapped, or the same name), given the marked verb as the
    benchmark does. `accuracy` also counts records without a marked place, right when no place is
    linked; `end_to_end` is the same `exact` when the verb must first be found by the event stage.
    """
    items = gold.items
    locate = getattr(predictor, "locate", None)
    out: dict[str, Any] = {}
    if locate is not None:
        verbs = [
            (g.trigger_start, g.trigger_end) if g.trigger_start is not None else None
            for g in (i.events[0] for i in items)
        ]
        out.update(_place_shares(items, locate([i.text for i in items], verbs)))
    preds = predictor.code([i.text for i in items], [i.published for i in items])
    coded = []
    for item, predicted in zip(items, preds):
        g = item.events[0]
        event = _event_at(predicted, g.trigger_start, g.trigger_end)
        coded.append((event.place, event.place_spans) if event is not None else (None, ()))
    end_to_end = _place_shares(items, coded)
    if not out:
        out = end_to_end
    else:
        out["end_to_end"] = {k: end_to_end[k] for k in ("exact", "accuracy", "coverage")}
    return {"place": out}


def _place_shares(items: Sequence[GoldItem], found: Sequence[tuple[Any, Any]]) -> dict[str, Any]:
    """Score (place, toponym spans) per record against its marked LOCATION spans."""
    n_located = hits = fp = covered = right = 0
    for item, (place, place_spans) in zip(items, found):
        spans = [(t.start, t.end, t.name) for t in item.toponyms]
        hit = place is not None and any(
            any(s < e2 and s2 < e for s2, e2 in place_spans) or _same_name(place.name, name) for s, e, name in spans
        )
        if spans:
            n_located += 1
            covered += place is not None
            right += hit
        else:
            right += place is None
        hits += hit
        fp += place is not None and not hit
    out: dict[str, Any] = {
        "n": n_located,
        "exact": round(hits / n_located, 4) if n_located else 0.0,
        "accuracy": round(right / len(items), 4) if items else 0.0,
        "coverage": round(covered / n_located, 4) if n_located else 0.0,
        "no_location_items": len(items) - n_located,
    }
    out.update(prf(hits, fp, n_located - hits))
    return out


def _event_at(events: Sequence[PredictedEvent], start: int | None, end: int | None) -> PredictedEvent | None:
    """The predicted event whose trigger overlaps the gold verb, else the nearest one."""
    if not events:
        return None
    if start is None or end is None:
        return events[0]

    def distance(e: PredictedEvent) -> int:
        if e.trigger_start is None or e.trigger_end is None:
            return 10**9
        if e.trigger_start < end and start < e.trigger_end:
            return 0
        return min(abs(e.trigger_start - end), abs(start - e.trigger_end))

    return min(events, key=distance)


def _same_name(a: str | None, b: str | None) -> bool:
    norm = lambda s: " ".join((s or "").casefold().split())  # noqa: E731
    return bool(a and b) and norm(a) == norm(b)
