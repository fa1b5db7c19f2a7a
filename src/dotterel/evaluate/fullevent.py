"""Whole-event scoring: is each coded event fully right, partly right or wrong, and how many
of the gold events came out — what a user of the event data sees.

An event is *fully right* when its type, its source side and its target side all match a gold
event of the same sentence; *partly right* when it is paired with a gold event and at least one
of the three matches; *wrong* otherwise. A side matches when the two share an actor key (the
country; for an actor with no country its IGO/IMG code), or when both are empty, or when gold
names a party whose country it leaves open and the coder found one. Gold events that are
negated, future or hypothetical are not what a default run should report: a coded event paired
with one is wrong unless it carries the same modality, and they are not counted in recall.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from dotterel.evaluate.gold import GoldActor, GoldEvent, GoldItem
from dotterel.evaluate.metrics import prf

__all__ = ["full_event_scores", "gold_key", "side_matches", "date_matches"]

#: Gold modalities a default run leaves out.
UNASSERTED = ("negated", "future", "hypothetical")


def gold_key(actor: GoldActor) -> str | None:
    """The key a gold party is matched on: its country, else its IGO (6 letters) or IMG code."""
    code = (actor.code or "").upper()
    if code.startswith("IGO"):
        return code[:6]
    if code.startswith("IMG"):
        return "IMG"
    return actor.country


def _pred_keys(countries: Sequence[str | None], codes: Sequence[str | None]) -> set[str]:
    keys = set()
    for i, country in enumerate(countries):
        code = (codes[i] if i < len(codes) else None) or ""
        if country:
            keys.add(country)
        elif code.upper().startswith("IGO"):
            keys.add(code.upper()[:6])
        elif code.upper().startswith("IMG"):
            keys.add("IMG")
    return keys


def side_matches(gold: Sequence[GoldActor], countries: Sequence[str | None], codes: Sequence[str | None]) -> bool:
    """Whether a coded side matches a gold side (see the module docstring)."""
    if not gold:
        return not countries
    wanted = {k for k in (gold_key(a) for a in gold) if k}
    if not wanted:
        return bool(countries)
    return bool(wanted & _pred_keys(countries, codes))


def date_matches(gold: dt.date, precision: str | None, pred: dt.date | None) -> bool:
    """A coded date is right when it agrees with gold to gold's precision."""
    if pred is None:
        return False
    if precision == "year":
        return pred.year == gold.year
    if precision == "month":
        return (pred.year, pred.month) == (gold.year, gold.month)
    return pred == gold


def _slots(g: GoldEvent, p: Any) -> tuple[bool, bool, bool]:
    return (
        g.plover_type == p.plover_type,
        side_matches(g.source, p.source, getattr(p, "source_codes", ())),
        side_matches(g.target, p.target, getattr(p, "target_codes", ())),
    )


def _pair(gold: Sequence[GoldEvent], pred: Sequence[Any]) -> list[tuple[GoldEvent | None, Any]]:
    """Pair gold and coded events of one sentence greedily by how many slots agree."""
    scored = sorted(
        ((4 * t + 2 * s + 2 * r, gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)
         for t, s, r in [_slots(g, p)]),
        key=lambda x: (-x[0], x[1], x[2]),
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[GoldEvent | None, Any]] = []
    for affinity, gi, pi in scored:
        if affinity == 0 or gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gold[gi], pred[pi]))
    pairs += [(g, None) for i, g in enumerate(gold) if i not in used_g]
    pairs += [(None, p) for i, p in enumerate(pred) if i not in used_p]
    return pairs


def full_event_scores(items: Sequence[GoldItem], preds: Sequence[Sequence[Any]]) -> dict[str, Any]:
    """Counts and rates of fully right / partly right / wrong coded events, recall, per-slot
    precision and recall, and the date and place accuracy of events paired with gold."""
    full = partly = wrong = 0
    n_gold = 0
    slot_hits = {"type": 0, "source": 0, "target": 0}
    found_gold = 0
    dates = [0, 0]
    places = {"n": 0, "country": 0, "name": 0}
    sentences = {"n": len(items), "with_event": 0, "detected": 0, "without_event": 0, "quiet": 0}
    for item, predicted in zip(items, preds):
        asserted = [e for e in item.events if e.modality not in UNASSERTED]
        n_gold += len(asserted)
        if asserted:
            sentences["with_event"] += 1
            sentences["detected"] += bool(predicted)
        else:
            sentences["without_event"] += 1
            sentences["quiet"] += not predicted
        for g, p in _pair(item.events, predicted):
            if p is None:
                continue
            if g is None or (g.modality in UNASSERTED and g.modality != p.modality):
                wrong += 1
                continue
            t, s, r = _slots(g, p)
            if g.modality not in UNASSERTED:
                found_gold += 1
                slot_hits["type"] += t
                slot_hits["source"] += s
                slot_hits["target"] += r
            if t and s and r:
                full += 1
            else:
                partly += 1
            if g.date is not None:
                dates[0] += 1
                dates[1] += date_matches(g.date, g.date_precision, p.date)
            if g.place is not None:
                places["n"] += 1
                place = getattr(p, "place", None)
                places["country"] += place is not None and place.country == g.place.country
                places["name"] += place is not None and (
                    (g.place.geonameid is not None and place.geonameid == g.place.geonameid)
                    or _norm(place.name) == _norm(g.place.name)
                )
    n_pred = full + partly + wrong
    out: dict[str, Any] = {
        "gold_events": n_gold,
        "predicted_events": n_pred,
        "fully_right": full,
        "partly_right": partly,
        "wrong": wrong,
        "precision_full": _share(full, n_pred),
        "precision_partly_or_full": _share(full + partly, n_pred),
        "recall_full": _share(full, n_gold),
        "recall_found": _share(found_gold, n_gold),
        "f1_full": prf(full, n_pred - full, n_gold - full)["f1"],
        "slots": {
            k: {"precision": _share(v, n_pred), "recall": _share(v, n_gold)} for k, v in slot_hits.items()
        },
        "date": {"n": dates[0], "accuracy": _share(dates[1], dates[0])},
        "place": {"n": places["n"], "country": _share(places["country"], places["n"]),
                  "name_or_id": _share(places["name"], places["n"])},
        "sentences": {
            **sentences,
            "detection_recall": _share(sentences["detected"], sentences["with_event"]),
            "quiet_on_no_event": _share(sentences["quiet"], sentences["without_event"]),
        },
    }
    return out


def _norm(name: str | None) -> str:
    return " ".join((name or "").casefold().replace("the ", " ").split())


def _share(k: int, n: int) -> float:
    return round(k / n, 4) if n else 0.0
