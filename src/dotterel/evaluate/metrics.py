"""Scores: per-class precision/recall/F1, macro and micro averages, confusion matrices, and
place distances. Plain functions on (gold, predicted) label pairs; no model or I/O here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from dotterel.where.distance import haversine_km  # re-exported: the one distance function

__all__ = ["NONE", "classification", "prf", "place_scores", "haversine_km", "date_scores"]

#: The label of "no event / no value". It counts against recall (gold has a value, the
#: prediction does not) and precision (the other way round) but is not a class itself.
NONE = "NONE"


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def classification(pairs: Iterable[tuple[Any, Any]], labels: Sequence[str] | None = None) -> dict[str, Any]:
    """Score (gold, predicted) label pairs; None or "NONE" means no label.

    Returns accuracy (over all pairs, NONE included), per-class P/R/F1 with gold support,
    macro averages over the classes that occur in the gold, micro averages over all
    non-NONE decisions, and the confusion matrix (rows gold, columns predicted).
    """
    norm = [(_label(g), _label(p)) for g, p in pairs]
    n = len(norm)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    support: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    for g, p in norm:
        confusion[(g, p)] += 1
        if g != NONE:
            support[g] += 1
        if g == p:
            if g != NONE:
                tp[g] += 1
            continue
        if p != NONE:
            fp[p] += 1
        if g != NONE:
            fn[g] += 1
    seen = {x for pair in norm for x in pair} - {NONE}
    classes = [c for c in (labels or ()) if c in seen] + sorted(seen - set(labels or ()))
    per_class = {c: {**prf(tp[c], fp[c], fn[c]), "support": support[c]} for c in classes}
    gold_classes = [c for c in classes if support[c]]
    micro = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    correct = sum(1 for g, p in norm if g == p)
    axis = classes + ([NONE] if any(NONE in pair for pair in norm) else [])
    return {
        "n": n,
        "accuracy": round(correct / n, 4) if n else 0.0,
        "macro_precision": _mean(per_class[c]["precision"] for c in gold_classes),
        "macro_recall": _mean(per_class[c]["recall"] for c in gold_classes),
        "macro_f1": _mean(per_class[c]["f1"] for c in gold_classes),
        "micro_precision": micro["precision"],
        "micro_recall": micro["recall"],
        "micro_f1": micro["f1"],
        "per_class": per_class,
        "confusion": {"labels": axis, "matrix": [[confusion[(g, p)] for p in axis] for g in axis]},
    }


def _label(value: Any) -> str:
    if value is None or value == "":
        return NONE
    return str(value)


def _mean(values: Iterable[float]) -> float:
    vals = list(values)
    return round(sum(vals) / len(vals), 4) if vals else 0.0


def place_scores(pairs: Iterable[tuple[Any, Any]], ids_only: bool = False) -> dict[str, Any]:
    """Score (gold place, predicted place) pairs; either side may be None.

    Places need `name` and may have `geonameid`, `country`, `lat`, `lon` (GoldPlace and
    dotterel.model.Place both do). `exact` is the share of gold places predicted with the
    same GeoNames id (or, when the gold has no id, the same name); `country` and
    `within_161km` (100 miles, the usual geocoding cut-off; the same GeoNames id counts as
    0 km) are shares of the gold places that have a country or coordinates. `precision`/`recall`/`f1` count an exact place as
    a true positive, a wrong or spurious place as a false positive.

    `ids_only` (toponym resolution): `exact`, `coverage` and P/R/F1 count only gold places
    that have a GeoNames id, so a street or building the gold leaves without an id cannot
    score by its name; `n_ids` says how many there were. A gold set with coordinates and no ids
    at all (the `<location>` layout) is scored on distance only: `n` counts its places, `exact`
    and P/R/F1 are left out rather than reported as 0.
    """
    n = exact = with_country = country = with_coords = near = covered = n_ids = 0
    total = covered_all = 0
    fp = 0
    errors: list[float] = []
    for gold, pred in pairs:
        if gold is None:
            fp += pred is not None
            continue
        hit = pred is not None and _same_place(gold, pred)
        total += 1
        covered_all += pred is not None
        counted = not ids_only or gold.geonameid is not None
        if counted:
            n += 1
            n_ids += gold.geonameid is not None
            covered += pred is not None
            exact += hit
            if pred is not None and not hit:
                fp += 1
        if gold.country:
            with_country += 1
            country += pred is not None and pred.country == gold.country
        if gold.lat is not None and gold.lon is not None:
            with_coords += 1
            if hit and gold.geonameid is not None:
                # The same GeoNames entry: distance 0, whatever centroid each side took for
                # a country or region (they differ by hundreds of kilometres).
                errors.append(0.0)
                near += 1
            elif pred is not None and pred.lat is not None and pred.lon is not None:
                km = haversine_km(gold.lat, gold.lon, pred.lat, pred.lon)
                errors.append(km)
                near += km <= 161
    if ids_only and not n_ids and with_coords:
        out = {"n": total, "n_ids": 0, "within_161km": _share(near, with_coords),
               "median_error_km": round(sorted(errors)[len(errors) // 2], 1) if errors else None,
               "coverage": _share(covered_all, total)}
        if with_country:
            out["country"] = _share(country, with_country)
        return out
    out: dict[str, Any] = {"n": n, "exact": _share(exact, n)}
    if ids_only:
        out["n_ids"] = n_ids
    if with_country:
        out["country"] = _share(country, with_country)
    if with_coords:
        out["within_161km"] = _share(near, with_coords)
        out["median_error_km"] = round(sorted(errors)[len(errors) // 2], 1) if errors else None
    out["coverage"] = _share(covered, n)
    out.update(prf(exact, fp, n - exact))
    return out


def _same_place(gold: Any, pred: Any) -> bool:
    if gold.geonameid is not None:
        pid = getattr(pred, "geonameid", None)
        return pid is not None and int(gold.geonameid) == int(pid)
    return _norm(gold.name) == _norm(getattr(pred, "name", "") or "")


def _norm(name: str) -> str:
    return " ".join(name.casefold().replace("the ", " ").split())


def _share(k: int, n: int) -> float:
    return round(k / n, 4) if n else 0.0


def date_scores(pairs: Iterable[tuple[Any, ...]]) -> dict[str, Any]:
    """Score (gold date, predicted date[, gold precision]) of datetime.date (predicted may be None).

    `exact` compares to the gold's precision: a gold date of month precision is matched by any day
    of that month, one of year precision by any day of that year, one of week precision by any day
    of that ISO week; without a precision (or "day") the days must be equal.
    """
    n = exact = week = 0
    for gold, pred, *rest in pairs:
        if gold is None:
            continue
        n += 1
        if pred is not None:
            exact += _same_date(gold, pred, rest[0] if rest else None)
            week += abs((pred - gold).days) <= 7
    return {"n": n, "exact": _share(exact, n), "within_7_days": _share(week, n)}


def _same_date(gold: Any, pred: Any, precision: str | None) -> bool:
    if precision == "year":
        return pred.year == gold.year
    if precision == "month":
        return (pred.year, pred.month) == (gold.year, gold.month)
    if precision == "week":
        return pred.isocalendar()[:2] == gold.isocalendar()[:2]
    return pred == gold
