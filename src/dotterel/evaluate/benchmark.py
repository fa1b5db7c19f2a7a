"""The benchmark: code a corpus folder with `dotterel code` in a child process, once per
worker count, and measure throughput, time per stage and peak memory (RSS of the child and
all its workers together, polled from /proc).
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dotterel.errors import UserError
from dotterel.evaluate.report import machine

__all__ = ["bench", "corpus_files", "count_words"]

_WORD = re.compile(r"\w+")
#: How `dotterel code` is started: the same interpreter, without relying on a console script.
_CODE_CMD = (sys.executable, "-c", "import sys; from dotterel.cli import main; sys.argv[0] = 'dotterel'; main()")


def corpus_files(corpus: str | Path, limit: int | None = None) -> list[Path]:
    """The files of a corpus folder in a stable order (hidden files left out)."""
    root = Path(corpus)
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise UserError(f"{root}: no such corpus folder")
    files = sorted(p for p in root.rglob("*") if p.is_file() and not any(s.startswith(".") for s in p.relative_to(root).parts))
    if not files:
        raise UserError(f"{root}: the corpus folder holds no files")
    return files[:limit] if limit else files


def count_words(files: Sequence[Path]) -> int:
    """Words (runs of word characters) in the files, read as UTF-8."""
    return sum(len(_WORD.findall(f.read_text(encoding="utf-8", errors="replace"))) for f in files)


def _tree_memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) summed over a process and all its descendants, in kB ((0, 0) if it is gone).

    RSS counts pages shared by forked workers once per worker; PSS splits them among the
    sharers, so its sum is the memory the run really holds.
    """
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(stat[1]), []).append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue
    rss = pss = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, ()))
        try:
            lines = Path(f"/proc/{p}/smaps_rollup").read_text().splitlines()
        except OSError:
            continue
        for line in lines:
            if line.startswith("Rss:"):
                rss += int(line.split()[1])
            elif line.startswith("Pss:"):
                pss += int(line.split()[1])
    return rss, pss


def _run(cmd: Sequence[str], env: dict[str, str], poll: float = 0.2) -> tuple[int, float, int, int, str]:
    """Run `cmd`; return exit code, wall seconds, peak RSS and peak PSS in kB, stderr.

    The peaks are the largest sums over the child's process tree seen by polling /proc; the
    RSS peak is also at least the child's own peak from getrusage (short runs end between polls).
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    with tempfile.TemporaryFile(mode="w+") as err:
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err, text=True)
        peak = peak_pss = 0
        while proc.poll() is None:
            if Path("/proc").is_dir():
                rss, pss = _tree_memory_kb(proc.pid)
                peak, peak_pss = max(peak, rss), max(peak_pss, pss)
            time.sleep(poll)
        seconds = time.perf_counter() - started
        err.seek(0)
        stderr = err.read()
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if after > before:  # kB on Linux
        peak = max(peak, after)
    return proc.returncode, seconds, peak, peak_pss or peak, stderr


def _package_root() -> str:
    """The folder dotterel is imported from, so the child imports the same code."""
    import dotterel

    return str(Path(dotterel.__file__).resolve().parents[1])


def bench(
    corpus: str | Path,
    workers: Sequence[int] = (1, 2),
    limit: int | None = None,
    command: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Code `corpus` once per worker count and return throughput and memory per run.

    `command` replaces the `dotterel` invocation (tests pass a stand-in). The child must
    accept `code DIR --db FILE --workers N --summary-json FILE` and write the summary.
    """
    files = corpus_files(corpus, limit)
    words = count_words(files)
    runs = []
    with tempfile.TemporaryDirectory(prefix="dotterel-bench-") as tmp:
        src = Path(corpus)
        if limit:
            # A subset: link the chosen files into a folder of their own.
            src = Path(tmp) / "corpus"
            src.mkdir()
            for i, f in enumerate(files):
                (src / f"{i:06d}_{f.name}").symlink_to(f.resolve())
        for n in workers:
            db = Path(tmp) / f"bench_{n}.duckdb"
            summary_path = Path(tmp) / f"summary_{n}.json"
            cmd = [*(command or _CODE_CMD), "code", str(src), "--db", str(db), "--workers", str(n),
                   "--summary-json", str(summary_path)]  # fmt: skip
            env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [_package_root(), os.environ.get("PYTHONPATH")])))
            code, seconds, peak_kb, peak_pss_kb, stderr = _run(cmd, env)
            if code != 0 or not summary_path.exists():
                tail = stderr.strip().splitlines()[-5:]
                raise UserError(f"dotterel code failed with {n} worker(s) (exit {code}): " + " | ".join(tail))
            summary = json.loads(summary_path.read_text(encoding="utf-8"))
            articles = int(summary.get("coded", summary.get("read", 0)) or 0)
            events = int(summary.get("events", 0) or 0)
            runs.append(
                {
                    "workers": n,
                    "articles": articles,
                    "words": words,
                    "events": events,
                    "seconds": round(seconds, 2),
                    "pipeline_seconds": summary.get("seconds"),
                    "articles_per_s": round(articles / seconds, 1),
                    "words_per_s": round(words / seconds),
                    "events_per_s": round(events / seconds, 1),
                    "peak_rss_mb": round(peak_kb / 1024),
                    "peak_pss_mb": round(peak_pss_kb / 1024),
                    "stage_seconds": summary.get("stage_seconds") or {},
                    "summary": {k: summary.get(k) for k in ("read", "coded", "stored", "duplicates", "skipped", "failed")},
                }
            )
    return {
        "corpus": str(corpus),
        "articles_in_corpus": len(files),
        "words": words,
        "limit": limit,
        "machine": machine(),
        "runs": runs,
    }
