"""Toponym resolution for a whole article: every name is read in the light of the others.

Pure Python over a `Gazetteer`, no spaCy, so the evaluation script and the `Geocoder` stage share it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from dotterel.model import Place
from dotterel.where.gazetteer import ADMIN1, ADMIN2, CITY, COUNTRY, Context, Gazetteer, fold

__all__ = ["resolve_spans"]

# "Alexandria, Louisiana", "Paris, Texas", "Kent (Ohio)": the name after the comma narrows the first.
_QUALIFIER = re.compile(r"\s*(?:,|\()\s*([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})")


def _qualifier(gaz: Gazetteer, text: str, end: int) -> int | None:
    """The country or admin1 entry named right after a toponym, if any."""
    match = _QUALIFIER.match(text, end, min(len(text), end + 40))
    if not match:
        return None
    words = match.group(1).split()
    for n in range(len(words), 0, -1):
        for index, quality in gaz.candidates(" ".join(words[:n]), fuzzy=False):
            if quality == 1.0 and gaz.feature[index] in (COUNTRY, ADMIN1):
                return index
    # US postal abbreviations ("Springfield, Ill.") are common in local news.
    return None


def resolve_spans(
    gaz: Gazetteer,
    text: str,
    spans: Sequence[tuple[int, int]],
    countries: Iterable[str] = (),
) -> list[Place | None]:
    """Resolve toponym spans of one text together; `countries` are ISO3 codes of its actors."""
    names = [text[s:e] for s, e in spans]
    options = [_candidates(gaz, name) for name in names]
    qualifiers = [_qualifier(gaz, text, end) for _, end in spans]
    base = Context()
    for iso3 in countries:
        if iso3:
            base.countries[iso3] += 0.5
    # First pass: names that are clear on their own (an unambiguous name, a country or state that
    # wins by a wide margin) set the scene. A city chosen only for its size must not vote, or
    # "Paris" would pull every namesake in a Texas story to France.
    # Votes are per distinct name: "Georgia" four times is still one voice, and never its own judge.
    keys = [fold(name) for name in names]
    votes: dict[str, tuple[int, float]] = {}
    for key, found in zip(keys, options):
        if key in votes:
            continue
        ranked = sorted(((i, gaz.score(i, q)) for i, q in found), key=lambda item: -item[1])
        if ranked:
            best, score = ranked[0]
            margin = score - ranked[1][1] if len(ranked) > 1 else 5.0
            if len(ranked) == 1 or margin >= 3.0 or (gaz.feature[best] in (COUNTRY, ADMIN1) and margin >= 1.0):
                base.add_place(gaz, best, 1.0)
                votes[key] = (best, 1.0)
    choice = [
        _choose(gaz, found, base.without(gaz, *votes[key]) if key in votes else base, q)
        for key, found, q in zip(keys, options, qualifiers)
    ]
    # Second pass: every name's first choice votes once, then each name is read again.
    context = Context(base.countries.copy(), base.admin1.copy(), list(base.points))
    second: dict[str, int] = {}
    for key, index in zip(keys, choice):
        if index is not None and key not in second:
            second[key] = index
            context.add_place(gaz, index, 0.5)
    choice = [
        _choose(gaz, found, _without_own(gaz, context, votes.get(key), second.get(key)), q)
        for key, found, q in zip(keys, options, qualifiers)
    ]
    return [None if index is None else gaz.place(index) for index in choice]


def _without_own(gaz: Gazetteer, context: Context, vote, index: int | None) -> Context:
    if vote is not None:
        context = context.without(gaz, *vote)
    if index is not None:
        context = context.without(gaz, index, 0.5)
    return context


#: Words that make a name a kind of place the gazetteer may not list ("Laurel County"); the rest of
#: the name is looked up instead, which at least finds the right country and region.
_GENERIC = re.compile(
    r"\s+(?:county|parish|province|governorate|district|region|state|city|river|valley|"
    r"township|borough|municipality|oblast|prefecture)$",
    re.IGNORECASE,
)


def _candidates(gaz: Gazetteer, name: str) -> list[tuple[int, float]]:
    found = gaz.candidates(name)
    if found and all(gaz.feature[i] == ADMIN2 for i, _ in found):
        # "Orange County" may be meant as the county or its namesake town in the same state: both
        # compete, the town a little behind.
        states = {(gaz.cc_index[i], gaz.admin1_code[i]) for i, _ in found}
        shorter = _GENERIC.sub("", name)
        found = found + [
            (i, q * 0.8) for i, q in gaz.candidates(shorter, fuzzy=False)
            if gaz.feature[i] == CITY and (gaz.cc_index[i], gaz.admin1_code[i]) in states
        ]
    if not found:
        shorter = _GENERIC.sub("", name)
        if shorter != name:
            found = [(i, q * 0.8) for i, q in gaz.candidates(shorter)]
    if not found:
        found = _inner_place(gaz, name)
    return found


def _inner_place(gaz: Gazetteer, name: str) -> list[tuple[int, float]]:
    """A well-known place inside a longer name: "Colorado State University" -> Colorado,
    "Dubai World Cup" -> Dubai. Only countries, states and cities of 100,000+, so "Barclays
    Center" stays unresolved rather than landing on a hamlet called Center."""
    words = name.split()
    for n in range(len(words) - 1, 0, -1):
        for start in range(len(words) - n + 1):
            part = " ".join(words[start:start + n])
            if not part[:1].isupper():
                continue
            big = [(i, 0.5 * q) for i, q in gaz.candidates(part, fuzzy=False)
                   if q == 1.0 and (gaz.feature[i] in (COUNTRY, ADMIN1) or gaz.population[i] >= 100_000)]
            if big:
                return big
    return []


def _choose(gaz: Gazetteer, found: list[tuple[int, float]], context: Context, qualifier: int | None) -> int | None:
    if not found:
        return None
    local = context
    if qualifier is not None:
        local = Context(context.countries.copy(), context.admin1.copy(), context.points)
        local.countries[gaz.iso3_of(qualifier)] += 10.0
    return max(
        found,
        key=lambda item: gaz.score(item[0], item[1], local)
        + (4.0 if qualifier is not None and _within(gaz, item[0], qualifier) else 0.0),
    )[0]


def _within(gaz: Gazetteer, index: int, qualifier: int) -> bool:
    """True when entry `index` lies inside the country or admin1 unit `qualifier`."""
    if gaz.cc_index[index] != gaz.cc_index[qualifier] or index == qualifier:
        return False
    if gaz.feature[qualifier] == COUNTRY:
        return True
    return gaz.feature[index] in (CITY, ADMIN2) and gaz.admin1_code[index] == gaz.admin1_code[qualifier]
