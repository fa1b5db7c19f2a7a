"""Draw candidate mention pairs from a coded corpus for labelling, and show them to the labeller.

    python bench/happenings/pairs.py sample --db CODED.duckdb --out pairs.tsv [--n 400] [--seed 7]
    python bench/happenings/pairs.py show --db CODED.duckdb pairs.tsv [--from N]

A candidate pair is two event mentions in different sentences with the same PLOVER type, a
country in common on some side, and dates no more than a week apart. Half the draw is pairs the
linker puts in one happening, half pairs it keeps apart, so both errors are measured; the
draw is capped per happening so one big story cannot fill the set. Only ids are written: the
text is read back from the database when shown or scored.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import duckdb

COLUMNS = "e.event_id, e.article_id, e.sentence, e.plover_type, e.date, e.happening_id, e.source, e.target"


def _countries(side) -> set[str]:
    return {a["country"] for a in side or [] if a.get("country")}


def sample(db: Path, out: Path, n: int, seed: int) -> None:
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(f"SELECT {COLUMNS} FROM events e WHERE e.date IS NOT NULL ORDER BY e.event_id").fetchall()
    by_type: dict[str, list] = {}
    for r in rows:
        by_type.setdefault(r[3], []).append(r)
    linked, apart = [], []
    for group in by_type.values():
        group.sort(key=lambda r: r[4])
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if (b[4] - a[4]).days > 7:
                    break
                if a[1] == b[1] and a[2] == b[2]:
                    continue
                ca, cb = _countries(a[6]) | _countries(a[7]), _countries(b[6]) | _countries(b[7])
                if not ca & cb:
                    continue
                (linked if a[5] == b[5] else apart).append((a, b))
    rng = random.Random(seed)
    rng.shuffle(linked)
    rng.shuffle(apart)
    per_happening: dict[str, int] = {}
    chosen = []
    for a, b in linked:
        if per_happening.get(a[5], 0) >= 3:
            continue
        per_happening[a[5]] = per_happening.get(a[5], 0) + 1
        chosen.append((a, b))
        if len(chosen) >= n // 2:
            break
    # Hard negatives first: same day, or a shared side.
    apart.sort(key=lambda p: (p[0][4] != p[1][4], rng.random()))
    chosen += apart[: n - len(chosen)]
    rng.shuffle(chosen)
    with out.open("w", encoding="utf-8") as fh:
        fh.write("event_a\tarticle_a\tevent_b\tarticle_b\tlabel\tnote\n")
        for a, b in chosen:
            fh.write(f"{a[0]}\t{a[1]}\t{b[0]}\t{b[1]}\t\t\n")
    print(f"{len(linked)} linked and {len(apart)} apart candidate pairs; wrote {len(chosen)} to {out}")


def _actors(side) -> str:
    return "; ".join(f"{a.get('name') or a.get('text')}[{a.get('country') or ''}{a.get('sector') or ''}]"
                     for a in side or []) or "-"


def show(db: Path, pairs: Path, start: int) -> None:
    con = duckdb.connect(str(db), read_only=True)
    lines = pairs.read_text(encoding="utf-8").splitlines()[1:]
    for i, line in enumerate(lines[start:], start):
        ea, _, eb, _, *rest = line.split("\t")
        print(f"=== {i}")
        for eid in (ea, eb):
            r = con.execute(
                """SELECT e.plover_type, e.date, e.date_precision, e.date_basis, a.published, a.outlet, e.source,
                          e.target, e.location_name, e.trigger, e.evidence, a.title, e.happening_id
                   FROM events e JOIN articles a USING (article_id) WHERE e.event_id = ?""", [eid]).fetchone()
            if r is None:
                print(f"  {eid}: not in this database")
                continue
            print(f"  {r[0]} {r[1]}/{r[2]}/{r[3]} pub {r[4]} {r[5]} | {_actors(r[6])} -> {_actors(r[7])} @ {r[8]}"
                  f" | '{r[9]}' h={r[12][:6]}\n    T: {r[11]}\n    S: {r[10]}")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--db", type=Path, required=True)
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--n", type=int, default=400)
    s.add_argument("--seed", type=int, default=7)
    v = sub.add_parser("show")
    v.add_argument("--db", type=Path, required=True)
    v.add_argument("pairs", type=Path)
    v.add_argument("--from", dest="start", type=int, default=0)
    args = p.parse_args(argv)
    if args.cmd == "sample":
        sample(args.db, args.out, args.n, args.seed)
    else:
        show(args.db, args.pairs, args.start)


if __name__ == "__main__":
    sys.exit(main())
