"""The data model: frozen dataclasses passed between stages.

`Article` owns the cleaned text; every other annotation is a view on it with character
offsets (`start`, `end`) into `Article.text`. Stages never pass dicts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Article",
    "Sentence",
    "Actor",
    "Mention",
    "Place",
    "Toponym",
    "EventDate",
    "Participant",
    "Modality",
    "Event",
    "Count",
    "Casualties",
    "Failure",
    "Duplicate",
    "Analysis",
    "PLOVER_TYPES",
    "QUAD_OF_PLOVER",
]

#: The 16 PLOVER event types, in the order of the PLOVER manual.
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

#: QuadClass of each PLOVER type: 1 verbal cooperation, 2 material cooperation,
#: 3 verbal conflict, 4 material conflict.
QUAD_OF_PLOVER: dict[str, int] = {
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "CONCEDE": 2,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "REQUEST": 1,
    "ACCUSE": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "PROTEST": 4,
    "SANCTION": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}


@dataclass(frozen=True)
class Article:
    """One news article. `text` is the cleaned text every offset points into."""

    article_id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    #: Where the article came from: "path", "path:line" or "path#record".
    origin: str = ""
    #: The text as read, before cleaning (None when identical to `text`).
    raw_text: str | None = None
    #: Sorted (clean_offset, raw_offset) anchor pairs mapping `text` back to `raw_text`;
    #: between anchors offsets advance together. Empty when `raw_text` is None.
    offset_map: tuple[tuple[int, int], ...] = ()
    #: Place named in the dateline ("Bucharest, Romania"), if any.
    dateline_place: str | None = None
    #: Where `published` came from: "metadata", "dateline" or None when unknown.
    published_basis: str | None = None

    def raw_offset(self, clean_offset: int) -> int:
        """Map an offset in `text` back to `raw_text`."""
        if not self.offset_map:
            return clean_offset
        best = (0, 0)
        for anchor in self.offset_map:
            if anchor[0] > clean_offset:
                break
            best = anchor
        return best[1] + (clean_offset - best[0])


@dataclass(frozen=True)
class Sentence:
    article_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Actor:
    """A resolved actor. Codes follow PLOVER (country + sector) and CAMEO (e.g. TURGOV)."""

    name: str | None
    country: str | None = None  # ISO 3166 alpha-3, or None for international actors
    sector: str | None = None  # GOV, MIL, REB, IGO, ...; None for a bare state
    kb_id: str | None = None
    cameo: str | None = None  # CAMEO actor code, e.g. "TURGOV", "IGOUNO"
    kind: str = "state"  # state | igo | group | person | sector | unknown


@dataclass(frozen=True)
class Mention:
    """A span of text that names or describes an actor."""

    article_id: str
    sentence: int  # Sentence.index
    start: int
    end: int
    text: str
    label: str  # spaCy entity label, or "KB" for gazetteer matches, "NP" for noun phrases
    actors: tuple[Actor, ...] = ()
    #: How the actors were found: kb | context | coref | unresolved
    via: str = "unresolved"


@dataclass(frozen=True)
class Place:
    name: str
    geonameid: int | None = None
    country: str | None = None  # ISO3
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None  # country | admin1 | city | region
    #: Why this is the event's place: text | dateline | actor
    basis: str = "text"


@dataclass(frozen=True)
class Toponym:
    """A place name found in the text and its resolution (None when unresolved)."""

    article_id: str
    sentence: int
    start: int
    end: int
    text: str
    place: Place | None = None


@dataclass(frozen=True)
class EventDate:
    date: dt.date
    precision: str = "day"  # day | week | month | year
    #: text | published (fallback to the article's date) | dateline
    basis: str = "text"
    expression: str | None = None


@dataclass(frozen=True)
class Participant:
    """A source or target of an event: the text span and the actor it resolved to."""

    text: str
    start: int
    end: int
    actor: Actor


@dataclass(frozen=True)
class Modality:
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    historical: bool = False

    @property
    def factual(self) -> bool:
        return not (self.negated or self.future or self.hypothetical)


@dataclass(frozen=True)
class Count:
    """A number the text gives, as a range: "four" is 4-4, "at least 12" is 12-None, "dozens" 24-None."""

    low: int
    high: int | None = None


@dataclass(frozen=True)
class Casualties:
    """People killed, wounded and arrested as the sentence states them; None where it does not."""

    killed: Count | None = None
    wounded: Count | None = None
    arrested: Count | None = None

    def __bool__(self) -> bool:
        return any((self.killed, self.wounded, self.arrested))


@dataclass(frozen=True)
class Event:
    event_id: str
    article_id: str
    sentence: int  # Sentence.index
    source: tuple[Participant, ...]
    target: tuple[Participant, ...]
    plover_type: str
    cameo_code: str
    goldstein: float
    quad: int
    evidence: str  # the sentence text
    trigger: str
    trigger_start: int  # offsets into Article.text
    trigger_end: int
    plover_mode: str | None = None
    plover_context: tuple[str, ...] = ()
    modality: Modality = field(default_factory=Modality)
    date: EventDate | None = None
    location: Place | None = None
    confidence: float = 0.5
    pipeline_version: str = ""
    config_hash: str = ""
    #: Casualties the sentence states (ASSAULT and COERCE events only).
    casualties: Casualties | None = None

    @property
    def cameo_root(self) -> str:
        return self.cameo_code[:2]


@dataclass(frozen=True)
class Failure:
    """An input that could not be coded, and why. Every failure becomes a `failures` row."""

    origin: str  # file, file:line or file#record
    stage: str  # ingest | clean | language | nlp | ...
    reason: str
    article_id: str | None = None
    #: "failed" for errors, "skipped" for deliberate skips (e.g. not English).
    status: str = "failed"


@dataclass(frozen=True)
class Duplicate:
    """An article found to repeat one already seen."""

    article: Article
    canonical_id: str
    kind: str  # exact | near
    similarity: float = 1.0


@dataclass(frozen=True)
class Analysis:
    """Everything known about one article as it moves through nlp -> actors -> events."""

    article: Article
    sentences: tuple[Sentence, ...] = ()
    #: spaCy Docs parallel to `sentences`; None for sentences the prefilter skipped.
    docs: tuple[Any, ...] = field(default=(), compare=False, repr=False)
    mentions: tuple[Mention, ...] = ()
    toponyms: tuple[Toponym, ...] = ()
    events: tuple[Event, ...] = ()
