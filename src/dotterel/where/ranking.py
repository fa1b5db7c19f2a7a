"""How event-place linking ranks toponyms linked equally well to a trigger: names used as
attributes, buildings, containers of other named places and big places come last; how a
chosen name is narrowed to the smaller place a chain of place phrases puts inside it
("in the town of A, 10 km west of B in the province of C" happened in A); and which more
names are candidates at all (`known_names`).
"""

from __future__ import annotations

import re

from dotterel.model import Sentence, Toponym
from dotterel.where.gazetteer import ADMIN1, ADMIN2, CITY, COUNTRY, REGION, Gazetteer
from dotterel.where.toponyms import (
    _CALENDAR_WORDS,
    _INCIDENT_NOUNS,
    _LAND_NOUNS,
    _LOCATIVE,
    _PLACE_NOUNS,
    _PLACE_TAKING,
    _SITE_HEADS,
    _SITE_NOUNS,
    _after_locative,
)

# Specific beats general: a city in the same phrase as its country is the better answer.
_SPECIFICITY = {CITY: 0, ADMIN2: 1, ADMIN1: 1, REGION: 2, COUNTRY: 3}

_SIZE = {None: 0, "city": 1, "admin2": 2, "admin1": 3, "region": 4, "country": 5}


#: GeoNames id -> population, from the gazetteer last given to `_learn_populations` (ids are
#: GeoNames' own, so any gazetteer gives the same answers).
_POPULATION: dict[int, int] = {}
_POPULATION_SOURCE: list = [None]


def _learn_populations(gaz: Gazetteer | None) -> None:
    """Index the gazetteer's populations by GeoNames id (once per gazetteer, ~50 ms)."""
    if gaz is None or _POPULATION_SOURCE[0] is gaz:
        return
    _POPULATION.clear()
    _POPULATION.update(zip(gaz.geonameid, gaz.population))
    _POPULATION_SOURCE[0] = gaz


def _size(top: Toponym, span=None) -> tuple[int, int]:
    """How big a place is: its kind (unresolved names, villages and quarters, are the smallest;
    "rural Damascus" is a region), then its population."""
    place = top.place
    kind = _SIZE.get(place.feature if place is not None else None, 1)
    if span is not None and _is_rural(span):
        return _SIZE["region"], 0
    return kind, (_POPULATION.get(place.geonameid, 0) if place is not None and place.geonameid else 0)


def _is_container(top: Toponym, span, others) -> bool:
    """True when the name only says where another named place lies, so the other is the event's:
    the possessor in "Chile's Maule region", the bigger of the two names in "the Lagos suburb of
    Ikeja" or "the Ikeja district of Lagos", the phrase under a name in "Ikeja in Lagos" or
    "Ikeja, a suburb of Lagos"."""
    root = span.root
    head = root.head
    if root.dep_ == "poss":
        # "Bethlehem's Church of the Nativity": a town owning a building is where the building is,
        # the better answer as for "the Grand Theatre in Leeds" (see `_is_facility`).
        return not (head.lower_ in _FACILITY_HEADS and head.text[:1].isupper() and root.ent_type_ in ("GPE", "LOC"))
    # Two names on one place noun: "the <A> district of <B>", "<A> <B> district".
    noun = head if root.dep_ in ("compound", "amod", "nmod", "appos") else (
        head.head if root.dep_ == "pobj" and head.lower_ == "of" else None)
    if noun is not None and noun.lower_ in _PLACE_NOUNS:
        for other_top, other in others:
            o = other.root
            if o.i in range(span.start, span.end) or other_top is top:
                continue
            if (o.head.i == noun.i and o.dep_ in ("compound", "amod", "nmod", "appos")) or (
                    o.dep_ == "pobj" and o.head.lower_ == "of" and o.head.head.i == noun.i):
                mine, theirs = _size(top, span), _size(other_top, other)
                if mine != theirs:
                    return mine > theirs
                # Same size: "the <A> district of <B>" names A and places it in B (measured on
                # two slices: as good as the other reading, "the <B> suburb of <A>").
                return root.dep_ == "pobj"
    # Under another name by more than coordination ("Daraa and Quneitra" are peers, not container and part).
    # (Measured: also counting names under the noun a name modifies, "the X district in Y", lost.)
    roots = {other.root.i for _, other in others if not (span.start <= other.root.i < span.end)}
    node, relations = root, set()
    for _ in range(12):
        if node.head.i == node.i:
            break
        relations.add(node.dep_)
        node = node.head
        if node.i in roots and relations - {"conj", "cc", "compound"}:
            return True
    return False


#: Last words of names of buildings, streets and sites: the town they are in is the better answer
#: ("outside the Grand Theatre in Leeds" happened in Leeds), as a GeoNames place can be given for it.
_FACILITY_HEADS = {"street", "road", "avenue", "square", "boulevard", "highway", "hospital", "airport", "airbase",
                   "base", "checkpoint", "junction", "bridge", "mosque", "church", "cathedral", "temple", "shrine",
                   "plant", "prison", "crossing", "stadium", "compound", "refinery", "dam", "park", "palace",
                   "theater", "theatre", "center", "centre", "hotel", "office", "school", "university", "college",
                   "market", "embassy", "consulate", "station", "intersection", "building", "tower", "hall"}


#: Of those, the sites GeoNames lists as places in their own right (airports, dams, power
#: stations, military bases): fought over and reported as places, not as buildings of a town.
_LANDMARK_HEADS = {"airport", "airbase", "base", "dam", "plant"}


def _is_facility(top: Toponym, span) -> bool:
    """True for the name of a building, street or site (see `_FACILITY_HEADS`), even one the
    gazetteer resolved by its first words ("the Ruritania Consulate")."""
    if span[-1].lower_ in _LANDMARK_HEADS and span[-1].text[:1].isupper():
        return False  # an airport, airbase, dam or power plant is a place of its own, as GeoNames lists it
    if span[-1].lower_ in _FACILITY_HEADS and (span[-1].text[:1].isupper() or (
            len(span) > 1 and span[0].text[:1].isupper() and span[-1].is_lower)):
        return True  # "the Grand Theatre", and "the Al-Nur hospital" written in lower case
    if span.root.lower_ in _FACILITY_HEADS and span.root.text[:1].isupper() and len(span) > 1:
        return True  # "the Church of the Nativity"
    root = span.root
    if (top.place is None or top.place.feature is None) and root.dep_ in ("compound", "nmod") and not (
            span.start <= root.head.i < span.end) and (root.head.lower_ in _SITE_NOUNS or root.head.lower_ in _FACILITY_HEADS):
        return True  # a name no town goes by before "market", "bar": "the Sadriya market in central Baghdad"
    if top.place is not None:
        return False
    return root.ent_type_ == "FAC" or span[-1].lower_ in _FACILITY_HEADS


def _is_attribute(span, top: Toponym | None = None) -> bool:
    """True for a place name used as an attribute of people or things: "a U.S. convoy", "Peru's
    army" (but not "Peru's capital", "a Lima cafe", "the Lima bombing"). Such a name is still the
    event's place when there is no other ("Lima's streets"), so this only ranks it lower."""
    root = span.root
    head = root.head
    if root.dep_ not in ("compound", "amod", "nmod", "poss") or head.pos_ not in ("NOUN", "PROPN"):
        return False
    if span.start <= head.i < span.end:
        return False
    noun = head.lower_
    if noun in _SITE_NOUNS and root.dep_ != "poss" and top is not None and top.place is not None and top.place.feature == "country":
        return True  # "marched on the US embassy": an embassy lies in another country's town
    if noun in _LAND_NOUNS or noun in _SITE_NOUNS or noun in _SITE_HEADS:
        return False
    return not (root.dep_ != "poss" and noun in _INCIDENT_NOUNS)


def _rank(top: Toponym, span, spans, trigger=None) -> tuple[int, int, int, int, int]:
    """Among toponyms linked equally well: (attribute, facility, contains another, scene-setting
    phrase before the clause, size), smaller first."""
    fronted = trigger is not None and is_fronted(span, trigger)
    return (_is_attribute(span, top), _is_facility(top, span), _is_container(top, span, spans), fronted,
            _specificity(top, span))


#: Nouns that say what kind of place a name is ("the province of X", "X governorate").
_KIND_NOUNS = {"province": ADMIN1, "provinces": ADMIN1, "governorate": ADMIN1, "governorates": ADMIN1,
               "state": ADMIN1, "region": REGION, "county": ADMIN2, "district": ADMIN2, "country": COUNTRY,
               "town": CITY, "city": CITY, "village": CITY, "settlement": CITY, "neighbourhood": CITY,
               "neighborhood": CITY, "suburb": CITY, "quarter": CITY}


def _is_rural(span) -> bool:
    """True for "rural X", "the X countryside", "the countryside of X": the region around a town."""
    root = span.root
    return any(c.dep_ == "amod" and c.lower_ == "rural" for c in root.children) or (
        root.dep_ in ("compound", "nmod") and root.head.lower_ == "countryside") or (
        root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ == "countryside")


def _textual_kind(span) -> int | None:
    """The kind of place the sentence itself calls a name, if it says: "the province of Idlib";
    "rural Damascus", "the Damascus countryside" are the region around the town."""
    root = span.root
    if _is_rural(span):
        return REGION
    if span[-1].lower_ in _KIND_NOUNS and len(span) > 1:
        return _KIND_NOUNS[span[-1].lower_]
    head = root.head
    if root.dep_ in ("compound", "nmod", "appos") and head.lower_ in _KIND_NOUNS:
        return _KIND_NOUNS[head.lower_]
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in _KIND_NOUNS:
        return _KIND_NOUNS[head.head.lower_]
    return None


def _specificity(top: Toponym, span=None) -> int:
    # Unresolved names rank as cities: measured, preferring known names at the same distance
    # lost more than it won (the unknown name is usually the more specific one).
    feature = {"city": CITY, "admin1": ADMIN1, "admin2": ADMIN2, "region": REGION, "country": COUNTRY}.get(
        top.place.feature if top.place else "", CITY)
    if span is not None:
        # The text knows better than the gazetteer's first guess ("Idlib" is a city and a province).
        kind = _textual_kind(span)
        if kind is not None:
            feature = kind
    return _SPECIFICITY[feature]


#: Last words of names of armies, parties and bodies: "the Syrian Arab Army" names no place, even
#: when the gazetteer resolves its first word to a country.
_BODY_HEADS = {"army", "armies", "forces", "force", "party", "front", "movement", "brigade", "brigades", "militia",
               "militias", "guard", "guards", "police", "council", "committee", "union", "division", "regiment",
               "battalion", "corps", "navy", "command", "government", "ministry", "authority", "coalition"}


#: Short names of international bodies that gazetteers match to places ("U.N." to a town "Un").
_BODY_NAMES = {"UN", "NATO", "EU", "OPEC", "ASEAN", "OSCE"}


#: Arabic nouns for armies, fronts, movements and brigades that open the names of groups ("Jaysh
#: al-Islam" is "the Army of Islam"): such a name is a group even when its last word is a place's.
_BODY_OPENERS = {"jaysh", "jaish", "jabhat", "jabha", "harakat", "harakah", "liwa", "liwaa", "faylaq", "kataib",
                 "kata'ib", "katibat", "saraya", "hay'at", "hayat", "tahrir", "ahrar", "ansar", "jamaat", "jund",
                 "alwiya", "fatah", "hezb", "hizb", "tanzim", "majlis"}


def is_body(span) -> bool:
    """True for a name of an army, party or other body ("Turkish Armed Forces", "the U.N.", "Jaysh
    al-Islam"), not a place."""
    if span.text.replace(".", "").upper() in _BODY_NAMES and span.text[:1].isupper():
        return True
    first = span[0].lower_.replace("’", "'")
    if len(span) > 1 and first in _BODY_OPENERS and span[0].text[:1].isupper():
        return True
    if len(span) > 2 and span[0].lower_ in _BODY_HEADS and span[1].lower_ == "of" and span[0].text[:1].isupper():
        return True  # "the Army of Islam", "the Council of Europe"
    return len(span) > 1 and span[-1].lower_ in _BODY_HEADS and span[-1].text[:1].isupper()


def is_fronted(span, trigger) -> bool:
    """True for a name in a scene-setting phrase before the clause ("In Dagestan, police shot
    ... in the town of Buinaksk"): English puts the wider frame first, so a place phrase after
    the verb linked as well is the narrower, better answer."""
    node = span.root
    for _ in range(12):
        if node.head.i == node.i:
            return False
        if node.head.i == trigger.i:
            break
        node = node.head
    else:
        return False
    if node.dep_ != "prep" or node.i > trigger.i:
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i > node.i for c in trigger.children)


_KIND = (r"(?:village|town|city|district|area|region|province|governorate|state|county|refugee\s+camp|camp|"
         r"neighbou?rhood|quarter|suburb|commune|municipality|locality|sub-?district|township|constituency|"
         r"local\s+government\s+area|lga|hamlet|settlement|island|countryside|outskirts|vicinity|airbase|air\s+base)s?")
_DIR = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
_DIR_WORD = re.compile(rf"^{_DIR}$")
#: Words that may stand between the relation and the container: "in the restive western province of".
_FILLER = (rf"(?:{_DIR}|central|restive|neighbou?ring|nearby|troubled|volatile|remote|rural|"
           r"[A-Z][a-z]+(?:an|i|ese|ish)|[A-Z][\w-]+['’]s|[\w]+-(?:occupied|held|controlled))")
#: Parts of a place: "A, in the eastern sector of B".
_PART = r"(?:part|parts|sector|side|corner|edge|end|section|reaches|heart|centre|center|fringes?)"
#: What English puts between a place and the bigger place it lies in: "A village, in B",
#: "A, 10 km (6 miles) south of B", "A area of B", "A near B", "A in the Iraqi province of B".
_CHAIN = re.compile(
    rf"""^\s*(?:{_KIND}\s*)?(?:\([^()]{{0,40}}\)\s*)?,?\s*
    (?:(?:about|some|nearly|around|roughly|approximately|just|only)\s+)?
    (?:[\d.,]+\s*(?:km|kms|kilometers|kilometres|miles|mi)\b\.?\s*(?:\([^()]{{0,40}}\)\s*)?)?
    (?:in|of|near|outside|close\s+to|on\s+the\s+outskirts\s+of|(?:to\s+the\s+|in\s+the\s+)?{_DIR}\s+of)\s+
    (?:the\s+)?(?:{_FILLER}\s+){{0,3}}(?:{_PART}\s+of\s+(?:the\s+)?(?:{_FILLER}\s+){{0,3}})?
    (?:{_KIND}\s+of\s+)?\#?$""",
    re.X | re.I)
_KIND_OF = re.compile(rf"^\s*{_KIND}\s+of\s", re.I)
#: "A, B" with nothing between: B is A's container only when it is bigger ("Poplar Grove, Illinois").
_COMMA = re.compile(rf"^\s*(?:{_KIND}\s*)?,\s*(?:the\s+)?$", re.I)


#: What stands between a name and the place noun it owns or modifies, and the name of that place
#: ("Congo's capital, Kinshasa", "Iraq's northern city of Mosul", "the Togolose capital Lome"; not
#: "the A village of B", where A is the village).
_APPOSED = re.compile(
    rf"^(?:['’]s\s+(?:(?:{_DIR}|central|main|coastal|commercial|provincial|port|border|restive|holy)\s+){{0,2}}"
    r"(?:capital|city|town|port|village)(?:\s+city)?\s*(?:,\s*|\s+of\s+|\s+)"
    r"|\s+capital(?:\s+city)?\s*,?\s*)(?:the\s+)?$", re.I)


#: Prepositions whose object can be a place inside a bigger one ("a camp near A in B").
_PLACE_PREPS = {"in", "at", "near", "inside", "outside", "around", "within", "on", "into", "across", "through"}


def _in_place_slot(span) -> bool:
    """True when a name sits where a place can: object of a preposition ("in A", "the town of
    A", "west of A"), apposition, or a modifier of a place noun, and is a whole name."""
    root = span.root
    doc = span.doc
    if any(e.start <= root.i < e.end and (e.start < span.start or e.end > span.end) for e in doc.ents):
        return False  # a word of a longer name: "Aden" of "Aden Hashi Ayro"
    if root.dep_ == "pobj":
        prep, noun = root.head.lower_, root.head.head.lower_
        return prep in _PLACE_PREPS or (prep == "of" and (noun in _LAND_NOUNS or bool(_DIR_WORD.match(noun))))
    # (A name the parser hangs off a direction, "Kunda west of B", is in a place slot too.)
    return root.dep_ in ("appos", "conj", "dobj") or (
        root.dep_ in ("compound", "nmod", "amod") and (root.head.lower_ in _LAND_NOUNS or _DIR_WORD.match(root.head.lower_)))


def _names_kind(span) -> bool:
    """True for a name modifying a determined place noun, "the (south) <A> suburb of B", where A
    is the container; without the determiner, "<A> area of B", A is the part."""
    root = span.root
    noun = root.head
    return root.dep_ in ("compound", "nmod", "amod") and any(c.dep_ == "det" for c in noun.children)


_PART_KINDS = {"district", "districts", "area", "quarter", "neighbourhood", "neighborhood", "suburb", "village",
               "camp", "commune", "hamlet", "locality", "sub-district", "subdistrict", "township", "settlement"}


def _is_part(inner: Toponym, between: str) -> bool:
    """True when the text calls the first name of "A district of B", "A village in B" a part of a
    town or a small settlement: A lies in B whatever size a gazetteer gives a place called A."""
    words = between.split()
    kind = words[0].lower().strip(",") if words else ""
    return kind in _PART_KINDS or inner.text.split()[-1].lower() in _PART_KINDS


def narrowed(top: Toponym, spans, text: str, offset: int = 0) -> Toponym:
    """The smallest place a chain of place phrases puts `top` around: "a camp in the town of A,
    west of B in the province of C" happened in A, whichever of A, B, C the parse linked.
    `spans` are the (toponym, spaCy span) candidates of the sentence; `text` is the text their
    offsets minus `offset` index (the article, or the sentence with offset = its start)."""
    ordered = sorted(spans, key=lambda ts: ts[0].start)
    span_of = {id(t): s for t, s in ordered}
    after = [t for t, _ in ordered if t.start >= top.end]
    if after and _APPOSED.match(text[top.end - offset:after[0].start - offset]):
        top = after[0]  # "Congo's capital, Kinshasa": the name after the place noun is the place
    for _ in range(6):
        before = [(t, s) for t, s in ordered if t.end <= top.start]
        if not before:
            return top
        inner, inner_span = before[-1]
        between = text[inner.end - offset:top.start - offset]
        if len(between) > 90 or "\n" in between or inner.text.split()[-1].lower() in _FACILITY_HEADS:
            return top  # a building in a town: the town is the answer (see `_is_facility`)
        if _KIND_OF.match(between) and (inner_span is None or _names_kind(inner_span)):
            return top  # "the south Mosul suburb of B": B lies in Mosul, not the other way round
        if inner_span is not None and not _in_place_slot(inner_span):
            return top  # "Guerrillas near Fallujah", "the house of Aden Ayro in B": not a place
        mine, theirs = _specificity(inner, inner_span), _specificity(top, span_of.get(id(top)))
        if _CHAIN.match(between) and (mine <= theirs or _is_part(inner, between)):
            top = inner
        elif _COMMA.match(between) and mine < theirs:
            top = inner  # "Poplar Grove, Illinois"
        else:
            return top
    return top


#: Verbs whose object or passive subject is where they happen when it is a place name (see
#: `toponyms._PLACE_TAKING`), with the verbs of taking, giving up and holding land: "Spain ceded
#: Guam", "Israel annexed X", "the fort was defended", "troops looted the town".
_TAKES_PLACE = _PLACE_TAKING | {"cede", "annex", "defend", "garrison", "fortify", "loot", "ransack", "sack", "plunder",
                                "shell", "besiege", "lay", "conquer", "take", "hold", "abandon", "secure", "clear"}


def _is_argument(span) -> bool:
    """True for a place name that is the object of a verb like "captured" or "targeted" (or
    joined to one): the act happens there, and a place phrase of the same verb more often
    says where that place lies ("captured A and B in eastern C")."""
    root = span.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in _PLACE_NOUNS:
        root = root.head.head  # "targeting the village of X" as "targeting X"
    return (root.dep_ == "dobj" and root.head.lemma_.lower() in _TAKES_PLACE
            and (span.root.ent_type_ in ("GPE", "LOC", "FAC") or _textual_kind(span) is not None))


#: Verbs whose object is a person as often as a place: "captured Kidal", "captured Granda".
_PERSON_OR_PLACE = {"capture", "seize", "kidnap", "abduct", "detain", "arrest", "hold"}


def _maybe_captive(top: Toponym, span) -> bool:
    """True for an unknown name in the object slot of "captured" (see `_PERSON_OR_PLACE`) that the
    text does not call a place (neither "the village of X" nor "X, the last part of Y"): "Granda was captured in Caracas" names a man; the place phrase of
    the same verb is the better answer."""
    root = span.root
    return ((top.place is None or top.place.geonameid is None) and root.dep_ in ("dobj", "nsubjpass")
            and root.head.lemma_.lower() in _PERSON_OR_PLACE and _textual_kind(span) is None
            and not any(c.dep_ == "appos" and c.lower_ in _PLACE_NOUNS | {"part", "region", "area"} for c in root.children))


def _glued_to_day(root, trigger) -> bool:
    """True for a name the parser glued to the day after it, in the object slot of a verb like
    "patrolled" ("troops patrolled Harare Saturday": "Harare" a compound of "Saturday")."""
    day = root.head
    return (root.dep_ == "compound" and day.ent_type_ in ("DATE", "TIME") and day.i == root.i + 1
            and day.dep_ in ("npadvmod", "dobj") and day.head.i == trigger.i
            and trigger.lemma_.lower() in _TAKES_PLACE)


#: Nouns a town name before them places: "a central Kiev courthouse", "a Harare township".
_PLACED_NOUNS = _SITE_NOUNS | _LAND_NOUNS | _INCIDENT_NOUNS | {"courthouse", "court", "street", "streets", "suburb",
                                                              "township", "police", "prison", "airport", "port"}


def _known_slot(span) -> bool:
    """More place slots for a name the gazetteer knows well: before a place noun ("the southern
    Aleppo districts"; not a demonym, "the Kurdish town"), after a locative preposition ("over Dhaka"), right after a
    place noun and a comma (an apposition the parser missed: "the capital, Bujumbura"), or the
    object of a verb like "controlling"."""
    root, doc = span.root, span.doc
    if root.dep_ in ("compound", "nmod", "amod") and root.head.lower_ in _LAND_NOUNS and root.head.i > root.i and (
            root.pos_ == "PROPN"):
        return True
    if root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE:
        return True
    if span.start >= 2 and doc[span.start - 1].text == "," and doc[span.start - 2].lower_ in _PLACE_NOUNS:
        return True
    return root.dep_ in ("dobj", "nsubjpass") and root.head.lemma_.lower() in _TAKES_PLACE


def _named_by_kind(span) -> bool:
    """True for a name the sentence itself calls a place: "the village of X", "the hills of X"
    (a name the gazetteer lacks, and the model may even take for a date)."""
    root = span.root
    return (root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in _LAND_NOUNS
            and span.text.lower() not in _CALENDAR_WORDS)


def known_names(gaz: Gazetteer, sentence: Sentence, doc, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """More candidates for the event's place: capitalised names the toponym finder left out
    (the model tagged "Harare" an organisation, "Kiev" a person, "Durres" a common noun) that
    the gazetteer knows exactly as a country, a first-level unit or a town of 15,000+ (or, by
    a variant spelling, a city of 100,000+), and that stand in a place slot: the object of "in",
    "the town of X", the object of "patrolled", or before a noun like "courthouse"; and any
    capitalised name the sentence calls a place ("the village of X", see `_named_by_kind`)."""
    taken = {i for s, e in found for i in range(s - sentence.start, e - sentence.start)}
    out = []
    for token in doc:
        if not token.text[:1].isupper() or token.is_sent_start or token.idx in taken or token.pos_ in ("VERB", "AUX"):
            continue
        span = doc[token.i:token.i + 1]
        # Two-word names ("Sao Paulo") when the next word is capitalised too.
        if token.i + 1 < len(doc) and doc[token.i + 1].text[:1].isupper() and doc[token.i + 1].idx not in taken:
            span = doc[token.i:token.i + 2]
        if span[-1].ent_type_ in ("DATE", "TIME"):
            span = span[:1]  # "Harare Saturday"
        named = _named_by_kind(span)
        if (span.root.ent_type_ in ("DATE", "TIME") and not named) or span.root.ent_type_ == "NORP" or any(
                t.idx in taken for t in span):
            continue
        # Only a whole name: not "Arad" of "Ron Arad", "Iraq" of "the Islamic State of Iraq",
        # "Mount Lebanon" of "the Mount Lebanon Hotel".
        ent = next((e for e in doc.ents if e.start <= token.i < e.end), None)
        if ent is not None and (ent.start, ent.end) != (span.start, span.end) and not (
                named and ent.label_ in ("DATE", "TIME")):
            continue
        if (span.start > 0 and doc[span.start - 1].pos_ == "PROPN") or (
                span.end < len(doc) and doc[span.end].text[:1].isupper() and doc[span.end].pos_ in ("PROPN", "NOUN")
                and doc[span.end].ent_type_ not in ("DATE", "TIME")):
            continue
        slot = _after_locative(span, gaz) or (
            span.root.dep_ in ("compound", "nmod") and span.root.head.lower_ in _PLACED_NOUNS) or (
            _glued_to_day(span.root, span.root.head.head)) or _known_slot(span)
        if not slot:
            continue
        if named or any((q == 1.0 and (gaz.feature[i] in (COUNTRY, ADMIN1) or gaz.population[i] >= 15000))
               or (q >= 0.6 and gaz.population[i] >= 100000) for i, q in gaz.candidates(span.text, fuzzy=False)):
            out.append((sentence.start + span.start_char, sentence.start + span.end_char))
            taken.update(range(span.start_char, span.end_char))
    return out
