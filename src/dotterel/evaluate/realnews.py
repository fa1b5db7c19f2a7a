"""Building the real-news gold: a seeded random sample of article windows, annotation packets,
and the turn of filled packets into the gold JSON Lines that `dotterel eval` reads.

The sample is drawn from corpora the user points at (never copied into the project): whole
articles are chosen at random per corpus, and from each article a window of consecutive
sentences starting at a random sentence, so the gold holds what real news holds, event or not.
Articles are split into train/dev/test by a hash of their id, so no article is in two splits.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dotterel.model import Article

__all__ = [
    "CORPORA",
    "Window",
    "split_of",
    "sample_windows",
    "gold_records",
]

#: The corpora sampled, as (name, path below the corpus folder, number of articles drawn).
#: BBC: its politics section only (the set has no world section); the others are all
#: political or world news already.
CORPORA: tuple[tuple[str, str, int], ...] = (
    ("bbc-politics", "bbc/politics", 90),
    ("guardian-syria", "guardian_syria_sample.csv", 80),
    ("reuters-2020", "reuters_2020-02-25.jsonl", 80),
    ("wikinews-2019", "wikinews_2019.csv", 40),
    ("wikinews-2020", "wikinews_2020.csv", 40),
)

#: The second round (seed 2027) draws further articles of the same corpora, none drawn in the
#: first round. Its articles go to train or dev only (a first-round test article's hash bucket
#: sends a second-round article to dev), so `test.jsonl` stays as it was first written.
CORPORA_ROUND2: tuple[tuple[str, str, int], ...] = (
    ("bbc-politics", "bbc/politics", 100),
    ("guardian-syria", "guardian_syria_sample.csv", 80),
    ("reuters-2020", "reuters_2020-02-25.jsonl", 80),
    ("wikinews-2019", "wikinews_2019.csv", 60),
    ("wikinews-2020", "wikinews_2020.csv", 60),
)

#: Sentences per article window.
WINDOW = 5


@dataclass(frozen=True)
class Window:
    """A run of consecutive sentences of one article, to be annotated."""

    article_id: str
    corpus: str
    published: str | None
    title: str | None
    #: (index of the sentence in the article, start, end) in the cleaned text.
    sentences: tuple[tuple[int, int, int], ...]
    text: str  # the cleaned article text: context for annotators, never stored in the gold
    round: int = 1

    @property
    def split(self) -> str:
        split = split_of(self.article_id)
        return "dev" if self.round > 1 and split == "test" else split


def split_of(article_id: str) -> str:
    """"train", "dev" or "test" (about 60/20/20), fixed by the article id alone."""
    bucket = int(hashlib.sha256(f"realnews:{article_id}".encode()).hexdigest()[:8], 16) % 10
    return "train" if bucket < 6 else ("dev" if bucket < 8 else "test")


def _articles(path: Path) -> list[Article]:
    from dotterel.ingest import read

    out = [a for a in read([path], detect_language=False) if isinstance(a, Article)]
    return sorted(out, key=lambda a: a.article_id)


def sample_windows(corpus_dir: str | Path, seed: int = 2026, window: int = WINDOW,
                   corpora: Sequence[tuple[str, str, int]] = CORPORA, exclude: frozenset[str] = frozenset(),
                   round_: int = 1) -> Iterator[Window]:
    """Draw the article windows of every corpus in `corpora`, seeded and reproducible; articles
    in `exclude` (ids) are never drawn."""
    from dotterel.nlp.sentences import split_sentences

    root = Path(corpus_dir)
    for name, rel, n in corpora:
        rng = random.Random(f"{seed}:{name}")
        articles = [a for a in _articles(root / rel) if a.article_id not in exclude]
        for article in rng.sample(articles, min(n, len(articles))):
            spans = [(s, e) for s, e in split_sentences(article.text) if len(article.text[s:e].split()) >= 3]
            if not spans:
                continue
            first = rng.randrange(max(1, len(spans) - window + 1))
            chosen = tuple((first + k, s, e) for k, (s, e) in enumerate(spans[first : first + window]))
            yield Window(
                article_id=article.article_id,
                corpus=name,
                published=article.published.isoformat() if article.published else None,
                title=article.title,
                sentences=chosen,
                text=article.text,
                round=round_,
            )


def all_windows(corpus_dir: str | Path) -> list[Window]:
    """The windows of both annotation rounds."""
    first = list(sample_windows(corpus_dir))
    seen = frozenset(w.article_id for w in first)
    return first + list(sample_windows(corpus_dir, seed=2027, corpora=CORPORA_ROUND2, exclude=seen, round_=2))


def sentence_id(article_id: str, index: int) -> str:
    return f"{article_id}-{index:03d}"


def packet(windows: Sequence[Window]) -> list[dict[str, Any]]:
    """Annotation packet entries: the article for context and the sentences to annotate."""
    return [
        {
            "article_id": w.article_id,
            "corpus": w.corpus,
            "published": w.published,
            "title": w.title,
            "article_text": w.text,
            "sentences": [
                {"sid": sentence_id(w.article_id, i), "text": w.text[s:e]} for i, s, e in w.sentences
            ],
        }
        for w in windows
    ]


_EVENT_KEYS = ("event", "mode", "context", "eventText", "source", "target", "modality", "date",
               "date_precision", "location")


def gold_records(windows: Iterable[Window], annotations: dict[str, list[dict[str, Any]]]) -> Iterator[dict[str, Any]]:
    """Gold JSON records (one per event; one with `event` null for a sentence without one).

    `annotations` maps a sentence id to its list of events as annotated. Sentences without an
    entry are left out (not annotated), never taken as "no event".
    """
    for w in windows:
        for i, s, e in w.sentences:
            sid = sentence_id(w.article_id, i)
            if sid not in annotations:
                continue
            base = {
                "id": sid,
                "article_id": w.article_id,
                "sentence": i,
                "corpus": w.corpus,
                "published": w.published,
                "text": w.text[s:e],
            }
            events = annotations[sid]
            if not events:
                yield {**base, "event": None}
            for k, event in enumerate(events):
                yield {**base, "id": f"{sid}-{k}" if len(events) > 1 else sid,
                       **{key: event.get(key) for key in _EVENT_KEYS}}


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n


def read_annotations(folder: str | Path) -> dict[str, list[dict[str, Any]]]:
    """Every `*.jsonl` below `folder` ({"sid", "events"} per line) as sentence id -> events.

    A later file overrides an earlier one for the same sentence (files are read in sorted path
    order, so an `adjudicated/` folder sorted last wins over the annotators' own files).
    """
    out: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(Path(folder).rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                out[rec["sid"]] = list(rec.get("events") or [])
    return out


def build(corpus_dir: str | Path, annotations: dict[str, list[dict[str, Any]]], out_dir: str | Path,
          seed: int = 2026) -> dict[str, int]:
    """Write train/dev/test JSON Lines of the annotated windows; returns records per split."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    by_split: dict[str, list[Window]] = {"train": [], "dev": [], "test": []}
    for w in all_windows(corpus_dir):
        by_split[w.split].append(w)
    return {split: write_jsonl(out / f"{split}.jsonl", gold_records(ws, annotations)) for split, ws in by_split.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m dotterel.evaluate.realnews CORPUS_DIR ANNOTATIONS_DIR OUT_DIR`: (re)build the gold files."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("annotations", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    counts = build(args.corpus, read_annotations(args.annotations), args.out, seed=args.seed)
    print(json.dumps(counts))  # a command-line entry point, not library code
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
