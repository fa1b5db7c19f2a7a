"""Toponym resolution for a whole article: every name is read in the light of the others.

Pure Python over a `Gazetteer`, no spaCy, so the evaluation script and the `Geocoder` stage share it.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from dotterel.model import Place
from dotterel.where.gazetteer import (
    ADMIN1, ADMIN2, CITY, CONTINENT, COUNTRY, REGION, Context, Gazetteer, distance_km, fold,
)
from dotterel.where.home import home_country

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
    guess: bool = True,
) -> list[Place | None]:
    """Resolve toponym spans of one text together; `countries` are ISO3 codes of its actors.

    The text itself is read too: its home country (`dotterel.where.home`) joins the context, a
    name written as a town's ("a Lebanon woman") does not resolve to a country, and a name written
    as a person's ("Mr. Sterling", "Sterling said") resolves to None.

    With `guess`, a name the gazetteer lacks (or matched only loosely to a far-off hamlet) is
    placed where the story is: a `Place` with no GeoNames id and `feature` None, in the story's
    main country and state (see `_placed`). Without it such names stay None, loose matches stand.
    """
    names = [text[s:e] for s, e in spans]
    keys = [fold(name) for name in names]
    found_weak = [_candidates(gaz, name) for name in names]
    people = _people(gaz, text, spans, keys, [found for found, _ in found_weak])
    # A name written the way only a town's name is ("a Lebanon woman") is not the country.
    towns = {key for key, (start, end) in zip(keys, spans) if _town_usage(text, start, end)}
    options = [
        [] if person else
        [(i, q) for i, q in found if gaz.feature[i] != COUNTRY] or found if key in towns else found
        for key, person, (found, _) in zip(keys, people, found_weak)
    ]
    qualifiers = [_qualifier(gaz, text, end) for _, end in spans]
    base = Context()
    for iso3 in countries:
        if iso3:
            base.countries[iso3] += 0.5
    # The story's home country (a local paper's conventions: see `dotterel.where.home`) is one more
    # voice: it settles a lone "Athens" in a story about the city council, while a story that
    # names several places abroad is still read where those places are.
    home = home_country(text) if _HOME_WEIGHT else None
    if home:
        base.countries[home] += _HOME_WEIGHT
    # First pass: names that are clear on their own (an unambiguous name, a country or state that
    # wins by a wide margin) set the scene. A city chosen only for its size must not vote, or
    # "Paris" would pull every namesake in a Texas story to France.
    # Votes are per distinct name: "Georgia" four times is still one voice, and never its own judge.
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
    context = base.copy()
    second: dict[str, int] = {}
    for key, index in zip(keys, choice):
        if index is not None and key not in second:
            second[key] = index
            context.add_place(gaz, index, 0.5)
    # Names that could share a state support each other: "Henry County" and "Paris" both exist
    # in Tennessee (and elsewhere); each distinct name spreads one vote over its candidates' states.
    spread: dict[str, Counter] = {}
    for key, found in zip(keys, options):
        if key not in spread:
            spread[key] = _states(gaz, found)
    support: Counter = Counter()
    for share in spread.values():
        support.update(share)
    choice = [
        _choose(gaz, found, _without_own(gaz, context, votes.get(key), second.get(key)), q,
                support, spread[key])
        for key, found, q in zip(keys, options, qualifiers)
    ]
    places = _placed(gaz, names, keys, choice, [weak for _, weak in found_weak], guess, home)
    return [None if person else place for place, person in zip(places, people)]


#: Weight of the story's home country in its context (a clearly placed name counts 1).
_HOME_WEIGHT = 1.0


#: Words a local paper writes after a town's name but never after a country's, which takes its
#: adjective instead ("a Lebanese woman", not "a Lebanon woman"; "Lebanon High School").
_TOWN_AFTER = re.compile(
    r"\s+(?:woman|man|women|men|residents?|natives?|couple|teens?|teenagers?|boys?|girls?|"
    r"city council|township|borough|high school|middle school|elementary school|school board|"
    r"school district|mayor|fire department|police department|public library|city hall)\b",
    re.IGNORECASE,
)
#: A person's home town after the age ("Jane Roe, 44, of X" or "Jane Roe, 44, X") and the town of a
#: street address ("400 Main St., X"): local news, where the name is a town. Not a clock time
#: ("16:14, UK, Thursday").
_TOWN_BEFORE = re.compile(r"(?:(?<![:.])\b\d{1,3},\s+(?:of\s+)?|\b(?:St|Ave|Rd|Blvd|Dr|Ln|Pkwy)\.,\s+)$")
#: A dateline in capitals ("SPRINGFIELD —", "SPRINGFIELD, Ill. -"): datelines name towns.
_DATELINE_AFTER = re.compile(r"(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s*[—–-]\s")


#: Honorifics written only before a person's name ("Mr. Lincoln", "Sen. Tyler", "Lt. Boone"). Offices
#: written out ("Mayor", "Sheriff", "King", "Miss") are left out: they also end a phrase before a
#: place ("elected Mayor. Springfield ...") or make part of a title ("Miss Texas", "King County").
_TITLE_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Mx|Dr|Prof)\.?|\b(?:Sen|Rep|Gov|Lt|Sgt|Capt|Cpl|Det|Gen|Col|Rev|Supt)\.)\s+$"
)
#: Verbs of saying right after a name (no comma between: "Roe, of Leeds, said" is Roe speaking):
#: a person, or a government speaking for its country, which `_person_usage` keeps as a place.
_SAYS_AFTER = re.compile(
    r"\s+(?:said|says|told|added|explained|noted|recalled|testified|wrote|argued|insisted|"
    r"replied|asked|answered|admitted|agreed|declined)\b"
)


#: Prepositions that put the name after them in a place slot.
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|from|to|of|outside|around|into|toward|towards)\s+$", re.IGNORECASE)
_CAPITAL_AFTER = re.compile(r"\s[A-Z]")
#: The speaker's home town, not the speaker: "Rep. Jane Roe, R-Elk Lake, said", "Mr Roe, from Leeds, said".
_HOME_BEFORE = re.compile(r"(?:\b[A-Z]{1,3}-|\b(?:from|of|in|at)\s+)$")


def _people(
    gaz: Gazetteer, text: str, spans: Sequence[tuple[int, int]], keys: list[str], found: list[list[tuple[int, float]]],
) -> list[bool]:
    """Which mentions are a person's name, not a place's (see `_person_usage`). Once a story uses
    a small town's name for a person, its other bare mentions are that person too, unless a
    preposition or a town's usage places them ("Sterling said ... back in Sterling")."""
    people = [_person_usage(gaz, text, start, end, options) for (start, end), options in zip(spans, found)]
    named = {key for key, person in zip(keys, people) if person}
    return [person or (key in named and not _PLACE_BEFORE.search(text, max(0, start - 9), start)
                       and not _town_usage(text, start, end))
            for key, person, (start, end) in zip(keys, people, spans)]


def _person_usage(gaz: Gazetteer, text: str, start: int, end: int, found: list[tuple[int, float]]) -> bool:
    """True when a name is written as a person's: after an honorific ("Mr. Lincoln", "Sen. Tyler"),
    or as the one who speaks ("Lincoln said") when it is a small town's own name and no reading of it
    is a country, a state, a region, a capital or a city of 100,000+ ("Moscow said" is the Russian
    government, and Moscow is where it sits)."""
    if _TITLE_BEFORE.search(text, max(0, start - 16), start):
        # Not "Chief Kanawha Circuit Judge": there the name qualifies the title after it.
        return not _CAPITAL_AFTER.match(text, end, min(len(text), end + 3))
    if not _SAYS_AFTER.match(text, end, min(len(text), end + 14)) or _HOME_BEFORE.search(
            text, max(0, start - 8), start):
        return False
    # Only a name that is itself a small town's ("Sterling"), not "the Sterling Police Department".
    big = any(q >= 0.9 and (gaz.feature[i] in _SPEAKING_PLACES or gaz.population[i] >= 100_000 or i in gaz.capitals)
              for i, q in found)
    return not big and any(q == 1.0 for _, q in found)


#: Kinds of place whose name may stand for its government or people ("Ohio said", "the EU says").
_SPEAKING_PLACES = {COUNTRY, ADMIN1, REGION, CONTINENT}


def _town_usage(text: str, start: int, end: int) -> bool:
    """True when a name is written as only a town's name is (see `_TOWN_AFTER`, `_TOWN_BEFORE`)."""
    if _TOWN_AFTER.match(text, end, min(len(text), end + 30)):
        return True
    if _TOWN_BEFORE.search(text, max(0, start - 20), start):
        return True
    name = text[start:end]
    return name.isupper() and len(name) > 2 and bool(_DATELINE_AFTER.match(text, end, min(len(text), end + 20)))


def _placed(
    gaz: Gazetteer, names: list[str], keys: list[str], choice: list[int | None], weak: list[bool],
    guess: bool = True, home: str | None = None,
) -> list[Place | None]:
    """Places for the chosen entries, with what the article as a whole says filled in.

    A US county (the data gives no position) stands at the centre of the story's towns in its
    state, not at the state's centre. With `guess`, a name the gazetteer does not know, or only
    matched loosely (a fuzzy spelling, the name without "River") to a small town abroad or far from
    the story's towns, is taken to lie where the story is: its main country and state, at the
    centre of its towns there (no GeoNames id).
    """
    # Only the names of the text itself place a story: actors' countries are no evidence of where.
    story: Counter = Counter()
    towns: dict[tuple[int, str], list[tuple[float, float]]] = {}
    states: Counter = Counter()
    seen: set[str] = set()
    for key, index, loose in zip(keys, choice, weak):
        if index is None or loose or key in seen:
            continue
        seen.add(key)
        iso3 = gaz.iso3_of(index)
        if iso3:
            story[iso3] += 1
        feature = gaz.feature[index]
        if feature in (CITY, ADMIN2, ADMIN1) and gaz.admin1_code[index]:
            states[(gaz.cc_index[index], gaz.admin1_code[index])] += 1
        if feature == CITY:
            towns.setdefault((gaz.cc_index[index], gaz.admin1_code[index]), []).append(
                (gaz.lat[index], gaz.lon[index]))
    main = None
    if story and guess:
        iso3, count = story.most_common(1)[0]
        if count >= 0.5 * sum(story.values()):
            main = iso3
    elif guess:
        main = home  # no name placed the story: its home country does
    out: list[Place | None] = []
    for name, index, loose in zip(names, choice, weak):
        if index is not None and not (loose and main and _minor(gaz, index) and _astray(gaz, index, main, towns)):
            place = gaz.place(index)
            if gaz.feature[index] == ADMIN2 and not gaz.geonameid[index]:
                points = towns.get((gaz.cc_index[index], gaz.admin1_code[index]))
                if points:
                    place = dataclasses.replace(place, lat=round(_mean(p[0] for p in points), 5),
                                                lon=round(_mean(p[1] for p in points), 5))
            out.append(place)
        elif main is not None:
            out.append(_guess(gaz, name.strip(), main, states, towns))
        else:
            out.append(None)
    return out


def _minor(gaz: Gazetteer, index: int) -> bool:
    """A town too small to be known abroad by a garbled or partial name ("Red" for "Red River")."""
    return gaz.feature[index] == CITY and gaz.population[index] < 100_000


def _astray(gaz: Gazetteer, index: int, main: str, towns: dict) -> bool:
    """True when an entry lies outside the story: abroad, or far from all of its towns."""
    if gaz.iso3_of(index) != main:
        return True
    lat, lon = gaz.lat[index], gaz.lon[index]
    points = [p for pts in towns.values() for p in pts]
    return bool(points) and min(distance_km(lat, lon, plat, plon) for plat, plon in points) > _ASTRAY_KM


#: A loosely matched town this far from every town of the story is taken for a namesake (km).
_ASTRAY_KM = 300.0


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values)


def _guess(gaz: Gazetteer, name: str, iso3: str, states: Counter, towns: dict) -> Place | None:
    """A place the gazetteer does not hold, put where the story is (see `_placed`)."""
    country = gaz.country_entry.get(iso3)
    if country is None:
        return None
    cc_index = gaz.cc_index[country]
    inside = [(state, n) for state, n in states.most_common() if state[0] == cc_index]
    admin1 = None
    if inside:
        state = inside[0][0]
        cc = gaz.cc[cc_index]
        admin1 = gaz.admin1_name.get(f"{cc}.{state[1]}")
        points = towns.get(state)
        if points:
            lat, lon = _mean(p[0] for p in points), _mean(p[1] for p in points)
        elif f"{cc}.{state[1]}" in gaz.admin1_entry:
            entry = gaz.admin1_entry[f"{cc}.{state[1]}"]
            lat, lon = gaz.lat[entry], gaz.lon[entry]
        else:
            lat, lon = gaz.lat[country], gaz.lon[country]
    else:
        points = [p for (cci, _), pts in towns.items() if cci == cc_index for p in pts]
        if points:
            lat, lon = _mean(p[0] for p in points), _mean(p[1] for p in points)
        else:
            lat, lon = gaz.lat[country], gaz.lon[country]
    return Place(name=name, geonameid=None, country=iso3, admin1=admin1, lat=round(lat, 5),
                 lon=round(lon, 5), feature=None)


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


def _candidates(gaz: Gazetteer, name: str) -> tuple[list[tuple[int, float]], bool]:
    """Entries a name may mean, and whether the match is loose (a spelling variant or
    the name without its generic word): loose matches abroad give way to the story."""
    found = gaz.candidates(name, fuzzy=False)
    if not found:
        found = gaz.candidates(name)
        if found:
            return found, True
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
            if found:
                return found, True
    if not found:
        # A place named inside a longer name ("Bank of Japan") is what the name is about.
        return _inner_place(gaz, name), False
    return found, False


def _inner_place(gaz: Gazetteer, name: str) -> list[tuple[int, float]]:
    """A well-known place inside a longer name: "Colorado State University" -> Colorado,
    "Dubai World Cup" -> Dubai. Only countries, states and cities of 100,000+, so "Barclays
    Center" stays unresolved rather than landing on a hamlet called Center."""
    words = name.split()
    for n in range(len(words) - 1, 0, -1):
        best: list[tuple[int, float]] = []
        for start in range(len(words) - n + 1):
            part = " ".join(words[start:start + n])
            if not part[:1].isupper():
                continue
            big = [(i, 0.5 * q) for i, q in gaz.candidates(part, fuzzy=False)
                   if q == 1.0 and (gaz.feature[i] in (COUNTRY, ADMIN1) or gaz.population[i] >= 100_000)]
            # Of several parts ("South Venezuela": a region of Cameroon called South, and Venezuela)
            # the most prominent one is what the name is about.
            if big and (not best or _prominence(gaz, big) > _prominence(gaz, best)):
                best = big
        if best:
            return best
    return []


def _prominence(gaz: Gazetteer, found: list[tuple[int, float]]) -> float:
    return max(gaz.score(i, q) for i, q in found)


def _states(gaz: Gazetteer, found: list[tuple[int, float]]) -> Counter:
    """One vote spread evenly over the admin1 units a name's towns, counties and states lie in."""
    units = {(gaz.cc_index[i], gaz.admin1_code[i]) for i, _ in found
             if gaz.feature[i] in (CITY, ADMIN2, ADMIN1) and gaz.admin1_code[i]}
    return Counter({unit: 1.0 / len(units) for unit in units})


#: Score for each (other) name that may lie in the same admin1 unit.
_SUPPORT = 1.0


def _choose(
    gaz: Gazetteer, found: list[tuple[int, float]], context: Context, qualifier: int | None,
    support: Counter | None = None, own: Counter | None = None,
) -> int | None:
    if not found:
        return None
    local = context
    if qualifier is not None:
        local = context.copy()
        local.countries[gaz.iso3_of(qualifier)] += 10.0
        if gaz.feature[qualifier] == ADMIN1:  # "Alexandria, Louisiana": the state is the town's region
            local.admin1[(gaz.cc[gaz.cc_index[qualifier]], gaz.admin1_code[qualifier])] += 1.0

    def value(item: tuple[int, float]) -> float:
        index = item[0]
        score = gaz.score(index, item[1], local)
        if qualifier is not None and _within(gaz, index, qualifier):
            score += 4.0
        if support and gaz.feature[index] in (CITY, ADMIN2, ADMIN1):
            unit = (gaz.cc_index[index], gaz.admin1_code[index])
            score += _SUPPORT * min(1.0, support[unit] - (own or {}).get(unit, 0.0))
        return score

    return max(found, key=value)[0]


def _within(gaz: Gazetteer, index: int, qualifier: int) -> bool:
    """True when entry `index` lies inside the country or admin1 unit `qualifier`."""
    if gaz.cc_index[index] != gaz.cc_index[qualifier] or index == qualifier:
        return False
    if gaz.feature[qualifier] == COUNTRY:
        return True
    return gaz.feature[index] in (CITY, ADMIN2) and gaz.admin1_code[index] == gaz.admin1_code[qualifier]
