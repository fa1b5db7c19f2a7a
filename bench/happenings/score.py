"""Happening linking against the labelled pairs: precision and recall of "same happening".

    # code the corpora (about 1.5 min on 2 cores), link, score:
    python bench/happenings/score.py --corpus /work/shared/data/corpus
    # or score a database already coded from those files (relinked with the current rules):
    python bench/happenings/score.py --db CODED.duckdb

Pairs (bench/happenings/pairs.tsv) hold event and article ids only; the text is re-derived by
coding the corpus. Pairs whose events the current coder no longer produces are counted as
missing, not scored. Even-numbered pairs were used to tune the rules (dev), odd ones were not
looked at while tuning (test); both are printed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from dotterel.evaluate.happenings import read_pairs, score_pairs

HERE = Path(__file__).resolve().parent
CORPUS_FILES = ("guardian_syria_sample.csv", "reuters_2020-02-25.jsonl", "wikinews_2019.csv", "wikinews_2020.csv")


def _code(corpus: Path, db: Path) -> None:
    files = [str(corpus / f) for f in CORPUS_FILES]
    subprocess.run([sys.executable, "-m", "dotterel", "code", *files, "--db", str(db), "--quiet"], check=False)


def _happenings(db: Path) -> dict[str, str]:
    from dotterel.store import open_store
    from dotterel.store.happenings import relink_all

    with open_store(db) as store:
        relink_all(store.con)  # the current rules, whatever linked the database before
        return dict(store.query("SELECT event_id, happening_id FROM events"))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--corpus", type=Path, help="folder holding the four corpus files")
    src.add_argument("--db", type=Path, help="a database coded from those files (a copy is relinked)")
    p.add_argument("--pairs", type=Path, default=HERE / "pairs.tsv")
    p.add_argument("--errors", action="store_true", help="also list the wrongly linked / missed pairs")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "corpus.duckdb"
        if args.corpus:
            _code(args.corpus, db)
        else:
            shutil.copy(args.db, db)
        happening_of = _happenings(db)
    pairs = read_pairs(args.pairs)
    out = {
        "all": score_pairs(happening_of, pairs).as_dict(),
        "dev": score_pairs(happening_of, [q for q in pairs if q.index % 2 == 0]).as_dict(),
        "test": score_pairs(happening_of, [q for q in pairs if q.index % 2 == 1]).as_dict(),
        "labels": {lab: sum(q.label == lab for q in pairs) for lab in ("same", "different", "unclear")},
    }
    print(json.dumps(out, indent=2))
    if args.errors:
        for q in pairs:
            ha, hb = happening_of.get(q.event_a), happening_of.get(q.event_b)
            if q.label in ("same", "different") and ha and hb and (ha == hb) != (q.label == "same"):
                kind = "FP" if ha == hb else "FN"
                print(f"{kind} pair {q.index}: {q.event_a} {q.event_b} ({q.note})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
