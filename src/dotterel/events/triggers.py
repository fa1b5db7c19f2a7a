"""Find event triggers in a parsed sentence: lexicon matches first, word vectors for the rest."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dotterel.events.lexicon import DEFAULT_CAMEO, Entry, Lexicon

if TYPE_CHECKING:  # pragma: no cover
    from dotterel.events.embedding import VerbSpace

__all__ = ["Trigger", "find_triggers", "ARG_DEPS"]

#: Dependencies whose head word is an argument of a verb (used by lexicon conditions).
ARG_DEPS = {"dobj", "nsubjpass", "attr", "oprd", "dative"}
_MOD_DEPS = {"amod", "compound", "nmod", "npadvmod", "poss"}
_SUBJ_DEPS = {"nsubj", "csubj"}

# Verbs that take actors as subject and object yet say nothing codable; the vector fallback
# must not turn them into events ("X said Y", "X is Y", "X has Y").
_NEVER_VECTOR = set(
    "be have do say tell add state note report claim believe think know see look seem become get go "
    "come make take include remain continue begin start use want need like include cite quote "
    "describe call name write read hear feel find keep let put show mean consider expect hope "
    "announce explain insist reiterate stress emphasize emphasise highlight mention confirm "
    "live work die lose win run grow leave stay own launch conduct carry hold stage issue pursue "
    "mark open bring set".split()
)


@dataclass(frozen=True)
class Trigger:
    """A token (or token + particle) that signals an event of `plover` type."""

    token: Any  # spaCy Token: the head word
    particle: Any | None  # spaCy Token of the particle/preposition ("on" of "called on"), if any
    kind: str  # verb | noun
    plover: str
    cameo: str
    mode: str | None
    via: str  # lexicon | vector
    strength: float  # 1.0 for a lexicon entry with its condition met, lower for weaker evidence

    @property
    def start(self) -> int:
        """Start of the trigger text, relative to the sentence."""
        return min(self.token.idx, self.particle.idx if self.particle is not None else self.token.idx)

    @property
    def end(self) -> int:
        last = self.token if self.particle is None or self.particle.i < self.token.i else self.particle
        return last.idx + len(last.text)

    @property
    def text(self) -> str:
        if self.particle is None:
            return self.token.text
        if self.particle.i > self.token.i:
            return f"{self.token.text} {self.particle.text}"
        return f"{self.particle.text} {self.token.text}"


def _lemma(token: Any) -> str:
    return token.lemma_.lower()


def _mod_words(token: Any) -> set[str]:
    words: set[str] = set()
    for child in token.children:
        if child.dep_ in _MOD_DEPS:
            for t in child.subtree:
                words.add(_lemma(t))
                words.add(t.lower_)
            words.add("".join(t.lower_ for t in child.subtree))
            words.add("-".join(t.lower_ for t in child.subtree if t.text != "-"))
    return words


def _arg_words(token: Any) -> set[str]:
    words: set[str] = set()
    heads = [c for c in token.children if c.dep_ in ARG_DEPS]
    for prep in (c for c in token.children if c.dep_ in ("prep", "agent")):
        heads.extend(c for c in prep.children if c.dep_ == "pobj")
    if token.pos_ == "NOUN":
        heads.append(token)
    for head in heads:
        words.add(_lemma(head))
        words.add(head.lower_)
        words |= _mod_words(head)
        for conj in head.conjuncts:
            words.add(_lemma(conj))
    return words


def _condition_holds(token: Any, key: str, values: frozenset[str]) -> bool:
    if key == "obj":
        return bool(_arg_words(token) & values)
    if key == "mod":
        return bool(_mod_words(token) & values)
    if key == "prep":
        return any(c.dep_ in ("prep", "prt", "agent") and c.lower_ in values for c in token.children)
    if key == "subj":
        subjects = [c for c in token.children if c.dep_ in _SUBJ_DEPS]
        return any(_lemma(s) in values or (_mod_words(s) & values) for s in subjects)
    if key == "xcomp":
        comps = [c for c in token.children if c.dep_ == "xcomp"]
        return bool(comps) and (not values or any(_lemma(c) in values for c in comps))
    if key == "plural":
        return token.tag_ in ("NNS", "NNPS") or token.lower_ != _lemma(token)
    return False  # pragma: no cover - keys are validated when the lexicon loads


def _particle(token: Any, particle: str) -> Any | None:
    words = particle.split()
    for child in token.children:
        if child.dep_ in ("prt", "prep", "agent", "dobj", "advmod") and child.lower_ == words[0]:
            return child
    return None


def _match(token: Any, kind: str, lexicon: Lexicon) -> tuple[Entry, Any | None] | None:
    for entry in lexicon.by_head.get((kind, _lemma(token)), ()):
        particle = None
        if entry.particle:
            particle = _particle(token, entry.particle)
            if particle is None:
                continue
        if all(_condition_holds(token, key, values) for key, values in entry.conditions):
            return entry, particle
    return None


def _kind(token: Any) -> str | None:
    if token.pos_ == "VERB":
        return "verb"
    if token.pos_ == "NOUN" and token.dep_ != "compound":
        return "noun"
    return None


def find_triggers(doc: Any, lexicon: Lexicon, vectors: VerbSpace | None = None, actor_tokens: set[int] | None = None) -> list[Trigger]:
    """Every trigger in `doc`. The vector fallback only looks at verbs with an actor argument."""
    found: list[Trigger] = []
    for token in doc:
        kind = _kind(token)
        if kind is None:
            continue
        hit = _match(token, kind, lexicon)
        if hit is not None:
            entry, particle = hit
            found.append(Trigger(token, particle, kind, entry.plover, entry.cameo, entry.mode, "lexicon", 1.0))
            continue
        if vectors is None or kind != "verb" or _lemma(token) in _NEVER_VECTOR:
            continue
        if (kind, _lemma(token)) in lexicon.by_head:
            continue  # a known word whose conditions failed is not an unknown word
        if actor_tokens is not None and not _has_actor_argument(token, actor_tokens):
            continue
        guess = vectors.nearest(_lemma(token))
        if guess is not None:
            plover, similarity = guess
            found.append(Trigger(token, None, kind, plover, DEFAULT_CAMEO[plover], None, "vector", similarity))
    return found


def _has_actor_argument(token: Any, actor_tokens: set[int]) -> bool:
    """True when a subject or object of `token` lies in an actor mention (both sides preferred)."""
    subj = any(t.i in actor_tokens for c in token.children if c.dep_ in ("nsubj", "agent") for t in c.subtree)
    obj = any(
        t.i in actor_tokens
        for c in token.children
        if c.dep_ in ("dobj", "nsubjpass", "prep", "dative")
        for t in c.subtree
    )
    return subj and obj
