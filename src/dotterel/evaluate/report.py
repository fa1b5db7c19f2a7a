"""Human-readable views of eval and bench results, and the README section built from them."""

from __future__ import annotations

import json
import os
import platform
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dotterel.cli.common import render
from dotterel.errors import UserError

__all__ = [
    "MARK_START",
    "MARK_END",
    "machine",
    "summary_rows",
    "render_eval",
    "render_bench",
    "accuracy_section",
    "report",
]

MARK_START = "<!-- accuracy:start -->"
MARK_END = "<!-- accuracy:end -->"

_SUMMARY_COLS = (
    "slot", "n", "accuracy", "macro_f1", "micro_f1", "precision", "recall", "f1",
    "exact", "country", "within_161km", "coverage", "overcoding_rate",
)  # fmt: skip


def machine() -> dict[str, Any]:
    """The machine a benchmark ran on: cores, RAM, CPU model, Python, OS."""
    info: dict[str, Any] = {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "os": platform.platform(terse=True),
        "cpu": platform.processor() or platform.machine(),
        "ram_gb": None,
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["ram_gb"] = round(int(line.split()[1]) / 1024**2, 1)
                break
    except OSError:
        pass  # not Linux: keep what platform knows
    try:  # CPUs this process may use (containers often get fewer than the host has)
        info["cores"] = len(os.sched_getaffinity(0))
    except AttributeError:
        pass
    return info


def summary_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per slot (and end_to_end) with its headline scores."""
    rows = []
    for slot, scores in result.get("slots", {}).items():
        rows.append({"slot": slot, **{k: scores.get(k) for k in _SUMMARY_COLS[1:]}})
        # A second view of the slot (event place when the event stage must find the verb too).
        for view, sub in scores.items():
            if isinstance(sub, dict) and "exact" in sub:
                rows.append({"slot": f"{slot} ({view})", **{k: sub.get(k) for k in _SUMMARY_COLS[1:]}})
    if "end_to_end" in result:
        e2e = result["end_to_end"]
        rows.append({"slot": "end_to_end", "n": e2e.get("gold_events"), **{k: e2e.get(k) for k in ("precision", "recall", "f1")}})
    return rows


def _used_columns(rows: Sequence[dict[str, Any]]) -> list[str]:
    return [c for c in _SUMMARY_COLS if any(r.get(c) is not None for r in rows)]


def _markdown(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    def cell(v: Any) -> str:
        if v is None:
            return ""
        if isinstance(v, float):
            # Scores (0..1) keep three decimals; rates and seconds need fewer.
            return f"{v:.0f}" if abs(v) >= 100 else f"{v:.1f}" if abs(v) >= 10 else f"{v:.3f}" if abs(v) < 1 else f"{v:.2f}"
        return str(v)

    out = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    out += ["| " + " | ".join(cell(r.get(c)) for c in columns) + " |" for r in rows]
    return "\n".join(out) + "\n"


def render_eval(result: dict[str, Any], fmt: str = "table") -> str:
    """Render an eval result as `json` (the contract), `markdown` or a plain `table`."""
    if fmt == "json":
        return json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    rows = summary_rows(result)
    cols = _used_columns(rows)
    table = _markdown if fmt == "markdown" else lambda r, c: render(r, "table", c)
    title = f"{result['dataset']} ({result['format']}, n={result['n']})"
    parts = [f"## {title}\n\n" if fmt == "markdown" else f"{title}\n\n", table(rows, cols)]
    for slot, scores in result.get("slots", {}).items():
        per_class = scores.get("per_class")
        if not per_class or slot not in ("type", "quad", "binary", "modality"):
            continue
        rows = [{"class": c, **v} for c, v in per_class.items()]
        parts.append(f"\n{slot}: per class\n\n")
        parts.append(table(rows, ["class", "precision", "recall", "f1", "support"]))
        parts.append(f"\n{slot}: confusion (rows gold, columns predicted)\n\n")
        parts.append(_confusion(scores["confusion"], fmt))
    full = result.get("full_events")
    if full:
        parts.append("\nfull events (what a user gets: type, source and target together)\n\n")
        rows = [{"measure": k, "value": full.get(k)} for k in (
            "gold_events", "predicted_events", "fully_right", "partly_right", "wrong", "precision_full",
            "precision_partly_or_full", "recall_full", "recall_found", "f1_full")]
        rows += [{"measure": f"{slot} {m}", "value": v[m]} for slot, v in full["slots"].items() for m in ("precision", "recall")]
        rows += [{"measure": "date accuracy (paired events)", "value": full["date"]["accuracy"]},
                 {"measure": "date n", "value": full["date"]["n"]},
                 {"measure": "place country (paired events)", "value": full["place"]["country"]},
                 {"measure": "place name or id (paired events)", "value": full["place"]["name_or_id"]},
                 {"measure": "place n", "value": full["place"]["n"]},
                 {"measure": "sentences with an event detected", "value": full["sentences"]["detection_recall"]},
                 {"measure": "sentences without one left quiet", "value": full["sentences"]["quiet_on_no_event"]}]
        parts.append(table(rows, ["measure", "value"]))
    if result.get("errors"):
        parts.append(f"\nfirst {len(result['errors'])} errors (gold -> predicted)\n\n")
        for e in result["errors"]:
            parts.append(f"line {e['line']}: {e['text']}\n    {e['gold']} -> {e['predicted']}\n")
    if result.get("notes"):
        parts.append("\nnotes: " + ", ".join(f"{k}={v}" for k, v in result["notes"].items()) + "\n")
    return "".join(parts)


def _confusion(conf: dict[str, Any], fmt: str) -> str:
    labels = conf["labels"]
    short = [lab[:5] for lab in labels]
    if fmt == "markdown":
        rows = [{"gold": lab, **dict(zip(short, row))} for lab, row in zip(labels, conf["matrix"])]
        return _markdown(rows, ["gold", *short])
    width = max(len(lab) for lab in labels) if labels else 4
    lines = [" " * width + " " + " ".join(s.rjust(5) for s in short)]
    for lab, row in zip(labels, conf["matrix"]):
        lines.append(lab.ljust(width) + " " + " ".join(str(v).rjust(5) for v in row))
    return "\n".join(lines) + "\n"


def render_bench(result: dict[str, Any], fmt: str = "table") -> str:
    """Render a bench result: one row per worker count, then time per stage."""
    if fmt == "json":
        return json.dumps(result, indent=2) + "\n"
    cols = ["workers", "articles", "words", "events", "seconds", "articles_per_s", "words_per_s", "events_per_s", "peak_pss_mb", "peak_rss_mb"]
    rows = result.get("runs", [])
    table = _markdown if fmt == "markdown" else lambda r, c: render(r, "table", c)
    stages = sorted({s for r in rows for s in (r.get("stage_seconds") or {})})
    parts = [table(rows, cols)]
    if stages:
        stage_rows = [{"workers": r["workers"], **(r.get("stage_seconds") or {})} for r in rows]
        parts += ["\ntime per stage (s, summed over workers)\n\n", table(stage_rows, ["workers", *stages])]
    return "".join(parts)


def _machine_line(m: dict[str, Any]) -> str:
    return (
        f"Machine: {m.get('cores')} cores ({m.get('cpu')}), {m.get('ram_gb')} GB RAM, "
        f"Python {m.get('python')}, {m.get('os')}."
    )


def _label(r: dict[str, Any]) -> str:
    """A row's dataset name: the gold's folder for split files (realnews dev), and the coder when
    it was not the default (rules)."""
    name = r["dataset"]
    parent = Path(r.get("path") or "").parent.name
    if name in ("train", "dev", "test") and parent:
        name = f"{parent} {name}"
    if (r.get("notes") or {}).get("decider") == "off":
        name += " (rules alone)"
    return name


def accuracy_section(results: Sequence[dict[str, Any]]) -> str:
    """The README "Accuracy and speed" section body from eval and bench results."""
    evals = [r for r in results if "slots" in r]
    benches = [r for r in results if "runs" in r]
    parts = ["## Accuracy and speed\n\n"]
    parts.append(
        "Regenerated by `dotterel report` from the JSON in `bench/results/` "
        "(`dotterel eval GOLD --format json --output ...`, `python bench/bench.py CORPUS --output ...`).\n\n"
    )
    if evals:
        cols = ["dataset", "format", "n", "type micro-F1", "type macro-F1", "quad acc", "source acc",
                "target acc", "place exact", "place country", "place ≤161 km", "binary acc", "over-coding", "end-to-end F1"]  # fmt: skip
        rows = []
        for r in sorted(evals, key=_label):
            s = r["slots"]
            rows.append({
                "dataset": _label(r), "format": r["format"], "n": r["n"],
                "type micro-F1": s.get("type", {}).get("micro_f1"),
                "type macro-F1": s.get("type", {}).get("macro_f1"),
                "quad acc": s.get("quad", {}).get("accuracy"),
                "source acc": s.get("source", {}).get("accuracy"),
                "target acc": s.get("target", {}).get("accuracy"),
                "place exact": s.get("place", {}).get("exact"),
                "place country": s.get("place", {}).get("country"),
                "place ≤161 km": s.get("place", {}).get("within_161km"),
                "binary acc": s.get("binary", {}).get("accuracy"),
                "over-coding": s.get("binary", {}).get("overcoding_rate"),
                "end-to-end F1": r.get("end_to_end", {}).get("f1"),
            })  # fmt: skip
        parts += ["### Accuracy\n\n", _markdown(rows, cols), "\n"]
        full_rows = [
            {"dataset": _label(r), "n sentences": r["n"], "annotated events": f["gold_events"],
             "coded events": f["predicted_events"], "fully right": f["precision_full"],
             "at least partly right": f["precision_partly_or_full"], "recall (full)": f["recall_full"],
             "recall (found)": f["recall_found"], "source P": f["slots"]["source"]["precision"],
             "target P": f["slots"]["target"]["precision"], "date acc": f["date"]["accuracy"],
             "place country": f["place"]["country"]}
            for r in sorted(evals, key=_label) if (f := r.get("full_events")) and r.get("format") == "plover_json"
        ]
        if full_rows:
            parts += ["Whole events (`full_events` in the JSON: a coded event is fully right when type, source and "
                      "target all match an annotated event of its sentence; date and place over paired events):\n\n",
                      _markdown(full_rows, list(full_rows[0])), "\n"]
    for b in benches:
        parts.append(f"### Speed: `{b.get('corpus')}` ({b.get('articles_in_corpus')} articles, {b.get('words')} words)\n\n")
        parts.append(render_bench(b, "markdown") + "\n")
    m = next((b["machine"] for b in benches if b.get("machine")), None) or machine()
    parts.append(_machine_line(m) + "\n")
    return "".join(parts)


def report(results_dir: str | Path, readme: str | Path) -> str:
    """Rewrite the README part between the accuracy markers from `results_dir/*.json`.

    Returns the new section. The markers are added at the end of the README if missing.
    """
    results = []
    for f in sorted(Path(results_dir).glob("*.json")):
        try:
            results.append(json.loads(f.read_text(encoding="utf-8")))
        except json.JSONDecodeError as exc:
            raise UserError(f"{f}: line {exc.lineno}: not a JSON result ({exc.msg}); remove or re-create it") from None
    if not results:
        raise UserError(f"{results_dir}: no *.json results; run dotterel eval/bench with --output first")
    section = accuracy_section(results)
    path = Path(readme)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{MARK_START}\n{section}{MARK_END}"
    if MARK_START in text and MARK_END in text:
        text = re.sub(re.escape(MARK_START) + r".*?" + re.escape(MARK_END), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + block + "\n"
    path.write_text(text, encoding="utf-8")
    return section
