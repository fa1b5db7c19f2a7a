"""Inter-annotator agreement on event annotations: two independent annotations of the same
sentences compared as a careful reader of a gold set would want to know them.

- `event_kappa`: Cohen's kappa on "this sentence holds an event / holds none";
- `type_f1`: F1 between the two annotators' (sentence, type) multisets (one is taken as gold);
- `source_agreement`, `target_agreement`: over events both gave the same type in a sentence,
  the share whose source (target) sides match (same actor keys, or both empty);
- `full_f1`: F1 of whole events (sentence, type, source keys, target keys).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = ["agreement", "cohen_kappa"]


def cohen_kappa(a: Sequence[Any], b: Sequence[Any]) -> float:
    """Cohen's kappa of two label sequences of equal length."""
    n = len(a)
    if n == 0:
        return 0.0
    observed = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return round((observed - expected) / (1 - expected), 4) if expected < 1 else 1.0


def _keys(side: Sequence[Mapping[str, Any]] | None) -> frozenset[str]:
    out = set()
    for actor in side or ():
        code = str(actor.get("code") or "").upper()
        if code.startswith("IGO"):
            out.add(code[:6])
        elif code:
            out.add(code[:3])
        else:
            out.add("?")
    return frozenset(out)


def _f1(matched: int, n_a: int, n_b: int) -> float:
    return round(2 * matched / (n_a + n_b), 4) if n_a + n_b else 1.0


def _side_match(x: frozenset[str], y: frozenset[str]) -> bool:
    return x == y or bool((x & y) - {"?"})


def agreement(a: Mapping[str, Sequence[Mapping[str, Any]]], b: Mapping[str, Sequence[Mapping[str, Any]]]) -> dict[str, Any]:
    """Agreement of two annotations (sentence id -> list of events) over the sentences both have."""
    sids = sorted(set(a) & set(b))
    has_a = [bool(a[s]) for s in sids]
    has_b = [bool(b[s]) for s in sids]
    type_match = n_a = n_b = 0
    pairs = src = tgt = full = 0
    for s in sids:
        ea, eb = list(a[s]), list(b[s])
        n_a += len(ea)
        n_b += len(eb)
        type_match += sum((Counter(e["event"] for e in ea) & Counter(e["event"] for e in eb)).values())
        used: set[int] = set()
        for x in ea:
            best, best_score = None, -1
            for j, y in enumerate(eb):
                if j in used or y["event"] != x["event"]:
                    continue
                score = _side_match(_keys(x.get("source")), _keys(y.get("source"))) + _side_match(
                    _keys(x.get("target")), _keys(y.get("target")))
                if score > best_score:
                    best, best_score = j, score
            if best is None:
                continue
            used.add(best)
            y = eb[best]
            pairs += 1
            s_ok = _side_match(_keys(x.get("source")), _keys(y.get("source")))
            t_ok = _side_match(_keys(x.get("target")), _keys(y.get("target")))
            src += s_ok
            tgt += t_ok
            full += s_ok and t_ok
    return {
        "n": len(sids),
        "events_a": n_a,
        "events_b": n_b,
        "event_agreement": round(sum(x == y for x, y in zip(has_a, has_b)) / len(sids), 4) if sids else 0.0,
        "event_kappa": cohen_kappa(has_a, has_b),
        "type_f1": _f1(type_match, n_a, n_b),
        "source_agreement": round(src / pairs, 4) if pairs else 0.0,
        "target_agreement": round(tgt / pairs, 4) if pairs else 0.0,
        "full_f1": _f1(full, n_a, n_b),
    }


def _read(path: Path) -> dict[str, list[dict[str, Any]]]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            out[rec["sid"]] = list(rec.get("events") or [])
    return out


def agreement_report(folder: str | Path, pairs: Sequence[tuple[str, str]] = (("A", "B"), ("C", "D"))) -> dict[str, Any]:
    """Agreement of each pair of `annotator-X.jsonl` files in `folder`, and of all pairs pooled."""
    folder = Path(folder)
    report: dict[str, Any] = {}
    pooled_a: dict[str, list[dict[str, Any]]] = {}
    pooled_b: dict[str, list[dict[str, Any]]] = {}
    for x, y in pairs:
        a, b = _read(folder / f"annotator-{x}.jsonl"), _read(folder / f"annotator-{y}.jsonl")
        report[f"{x}-{y}"] = agreement(a, b)
        pooled_a.update(a)
        pooled_b.update(b)
    report["pooled"] = agreement(pooled_a, pooled_b)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m dotterel.evaluate.agreement FOLDER [OUT]`: agreement of the double annotations."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    report = agreement_report(args[0])
    text = json.dumps(report, indent=2) + "\n"
    if len(args) > 1:
        Path(args[1]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)  # a command-line entry point, not library code
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
