"""Print how the <s> and <t> spans of a seeded sample of plv_train.tsv resolve, for judging by hand.

    PYTHONPATH=src python scripts/plv_actor_check.py ../shared/data/gold/plv_train.tsv [N] [SEED]

The gold file is read, never copied. Each span is resolved inside its sentence (so context
such as "Turkish ... officials" counts); the mentions that overlap the span are reported.
"""

from __future__ import annotations

import csv
import random
import sys

from dotterel.actors import ActorResolver

csv.field_size_limit(10**7)


def span_actors(resolver: ActorResolver, sentence: str, span: str) -> list[str]:
    start = sentence.find(span)
    found = []
    if start >= 0:
        end = start + len(span)
        for m in resolver.mentions(sentence):
            if m.start < end and start < m.end:
                found += [f"{a.country or '-'}/{a.sector or '-'}:{a.name}" for a in m.actors]
    if not found:
        found = [f"{a.country or '-'}/{a.sector or '-'}:{a.name}" for a in resolver.resolve(span)]
    return found


def main() -> int:
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20260
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    sample = random.Random(seed).sample(rows, n)
    resolver = ActorResolver()
    for row in sample:
        rid = row.get("") or row.get("sentence_id")
        sentence = row["sentence"]
        for role in ("source", "target"):
            span = row[role]
            got = span_actors(resolver, sentence, span)
            print(f"{rid}\t{role}\t{span}\t{' ; '.join(got) or 'NONE'}")
    print("ids:", ",".join(str(r.get("") or r.get("sentence_id")) for r in sample), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
