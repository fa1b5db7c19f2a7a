"""Pronouns as party mentions: "he", "she", "they" in a parsed sentence stand for the actor the
article last named that fits (a person for he/she, a group, state or organisation for they).

The actors stage links names and role words across an article but reads no parse; the learned
layer needs every possible party of a trigger, and in news the doer is often a pronoun ("He
accused the government of ...").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dotterel.model import Mention

__all__ = ["pronoun_mentions"]

_PERSONAL = {"he", "she", "him", "her", "his"}
_PLURAL = {"they", "them", "their"}


def _fits(mention: Mention, word: str) -> bool:
    kinds = {a.kind for a in mention.actors}
    if word in _PERSONAL:
        return "person" in kinds
    return bool(kinds & {"group", "igo", "state", "sector"}) and "person" not in kinds


def pronoun_mentions(doc: Any, offset: int, sentence_index: int, earlier: Sequence[Mention]) -> list[Mention]:
    """Mentions for the pronouns of one parsed sentence, each with the actors of the nearest
    earlier mention (of this sentence or before) that fits it; none where nothing fits."""
    out = []
    for token in doc:
        word = token.lower_
        if token.pos_ != "PRON" or word not in _PERSONAL | _PLURAL:
            continue
        start = offset + token.idx
        before = [m for m in earlier if m.end <= start and m.actors and _fits(m, word)]
        if word in _PLURAL:
            # "they" reaches back one sentence at most: further back it is too often someone else.
            before = [m for m in before if m.sentence >= sentence_index - 1]
        if not before:
            continue
        antecedent = max(before, key=lambda m: m.end)
        out.append(Mention(antecedent.article_id, sentence_index, start, start + len(token.text), token.text,
                           "PRON", antecedent.actors, "coref"))
    return out
