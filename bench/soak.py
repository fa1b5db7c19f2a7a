"""Soak: a `--workers 2` run killed with SIGKILL at random points and resumed must end with exactly
what an uninterrupted run stores (articles, events, dyads, happenings when that table exists), with
no duplicated event, and must leave no worker process behind.

    python bench/soak.py --corpus /work/shared/data/corpus/bbc --limit 5000 --kills 5 --seed 1

The corpus is read in place (files, or records of .jsonl/.csv files); nothing is copied.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("articles", "events", "dyads", "happenings")


def corpus_files(corpus: Path, limit: int) -> list[str]:
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix in (".txt", ".jsonl", ".csv", ".html"))
    return [str(p) for p in files[:limit]]


def command(files: list[str], db: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "dotterel", "code", *files, "--db", str(db), "--workers", str(workers), "--quiet"]


def children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            text = Path(f"/proc/{pid}/task/{task}/children").read_text()
            out.extend(int(p) for p in text.split())
    except OSError:
        pass
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][:1]
    except OSError:
        return False
    return state != "Z"


def snapshot(db: Path) -> dict:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        present = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES if t in present}
        events = con.execute("SELECT event_id FROM events ORDER BY event_id").fetchall()
        duplicated = con.execute("SELECT count(*) - count(DISTINCT event_id) FROM events").fetchone()[0]
        articles = con.execute("SELECT article_id FROM articles ORDER BY article_id").fetchall()
        runs = con.execute("SELECT count(*) FROM runs").fetchone()[0]
    finally:
        con.close()
    return {"counts": counts, "event_ids": [e[0] for e in events], "article_ids": [a[0] for a in articles],
            "duplicated_events": duplicated, "runs": runs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("/work/shared/data/corpus/bbc"))
    parser.add_argument("--limit", type=int, default=5000, help="at most this many input files")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "soak")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    files = corpus_files(args.corpus, args.limit)
    ref_db, soak_db = args.out / "reference.duckdb", args.out / "soak.duckdb"
    for db in (ref_db, soak_db):
        for path in (db, db.with_name(db.name + ".wal")):
            path.unlink(missing_ok=True)
    env = dict(os.environ)

    started = time.perf_counter()
    ref = subprocess.run(command(files, ref_db, args.workers), env=env, capture_output=True, text=True)
    ref_seconds = time.perf_counter() - started
    if ref.returncode not in (0, 2):
        print(ref.stderr[-2000:], file=sys.stderr)
        return 1

    kills, orphans, tracebacks, attempts = [], 0, 0, 0
    load = 10.0  # seconds before the workers start coding; measured on the first attempt
    total = snapshot(ref_db)["counts"]["articles"] or 1

    def landed() -> int:
        return sum(k["killed"] and not k.get("discarded") for k in kills)

    # Each kill lands while articles are being coded: after model loading, within the share of
    # the work a resumed run still has (articles already stored are skipped quickly).
    while landed() < args.kills and attempts < 3 * args.kills:
        attempts += 1
        stored = snapshot(soak_db)["counts"]["articles"] if soak_db.exists() else 0
        remaining = max(0.05, 1 - stored / total)
        at = load + rng.uniform(0.1, 0.8) * remaining * max(1.0, ref_seconds - load)
        proc = subprocess.Popen(command(files, soak_db, args.workers), env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        t0 = time.perf_counter()
        deadline = t0 + at
        workers: set[int] = set()
        while time.perf_counter() < deadline and proc.poll() is None:
            found = set(children(proc.pid))
            if found and not workers and attempts == 1:
                load = time.perf_counter() - t0
            workers |= found
            time.sleep(0.1)
        killed = proc.poll() is None
        if killed:
            os.kill(proc.pid, signal.SIGKILL)
        _, err = proc.communicate()
        tracebacks += "Traceback" in (err or "")
        gone = time.perf_counter() + 20
        while time.perf_counter() < gone and any(alive(w) for w in workers):
            time.sleep(0.2)
        left = [w for w in workers if alive(w)]
        orphans += len(left)
        for w in left:
            os.kill(w, signal.SIGKILL)
        kills.append({"after_s": round(at, 1), "stored_before": stored, "killed": killed, "exit": proc.returncode,
                      "workers_seen": len(workers), "workers_left": len(left)})
        if not killed:
            # The run finished: start the soak database again so the next kills land mid-run;
            # the kills before it no longer count toward the comparison.
            for k in kills:
                k["discarded"] = True
            for path in (soak_db, soak_db.with_name(soak_db.name + ".wal")):
                path.unlink(missing_ok=True)
    final = subprocess.run(command(files, soak_db, args.workers), env=env, capture_output=True, text=True)
    tracebacks += "Traceback" in final.stderr

    a, b = snapshot(ref_db), snapshot(soak_db)
    result = {
        "inputs": len(files),
        "corpus": str(args.corpus),
        "workers": args.workers,
        "reference_seconds": round(ref_seconds, 1),
        "reference_summary": ref.stderr.strip().splitlines()[-1] if ref.stderr.strip() else "",
        "final_summary": final.stderr.strip().splitlines()[-1] if final.stderr.strip() else "",
        "kills": kills,
        "kills_landed": landed(),
        "counts_reference": a["counts"],
        "counts_soak": b["counts"],
        "same_articles": a["article_ids"] == b["article_ids"],
        "same_events": a["event_ids"] == b["event_ids"],
        "duplicated_events": b["duplicated_events"],
        "orphan_workers": orphans,
        "tracebacks": tracebacks,
        "soak_runs": b["runs"],
    }
    result["ok"] = (result["kills_landed"] == args.kills and result["same_articles"] and result["same_events"] and a["counts"] == b["counts"]
                    and not result["duplicated_events"] and not orphans and not tracebacks)
    (args.out / "result.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
