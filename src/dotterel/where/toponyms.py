"""Toponyms in a parsed sentence: spaCy place entities, gazetteer names, and names a place phrase
shows to be places ("in the town of X", "X Street", objects of "entered"), as character spans.

Also the word lists the event-place linking in `dotterel.where.geocoder` reads the parse with.
"""

from __future__ import annotations

import re

from dotterel.model import Sentence
from dotterel.where.gazetteer import ADMIN1, CITY, COUNTRY, Gazetteer

__all__ = ["find_toponyms"]

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
#: Prepositions that put an event somewhere. "from" and "to" name origins and destinations of
#: movement, not the place of the event, except after nouns like "visit" (see `_VISIT_NOUNS`).
# "across" and "into" measured more wrong than right on their own (movement, not setting); they
# still pass when an inner phrase is locative ("across its border in northern Syria").
_LOCATIVE = {"in", "at", "near", "inside", "outside", "around", "within", "throughout",
             "over", "along", "off", "beyond", "amid", "through"}
#: Verbs whose object or passive subject is where they happen when it is a place name:
#: "troops entered Syria", "rebels captured Lombardy", "the town was shelled".
_PLACE_TAKING = {"enter", "capture", "storm", "attack", "shell", "bomb", "raid", "patrol", "visit", "invade",
                 "hit", "strike", "seize", "occupy", "liberate", "besiege", "cross", "destroy", "retake",
                 "recapture", "target", "overrun", "control", "surround", "encircle", "blockade", "tour",
                 "flood", "rock", "devastate", "pound", "bombard", "shake", "reach", "leave", "evacuate"}
_VISIT_NOUNS = {"visit", "trip", "tour", "journey", "mission", "delegation", "arrival"}
_VERBAL = {"VERB", "AUX"}


def _clean_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the" and a trailing possessive from an entity span."""
    span = text[start:end]
    lead = re.match(r"(?i)the\s+", span)
    if lead:
        start += lead.end()
    tail = re.search(r"['’]s$", text[start:end])
    if tail:
        end = start + tail.start()
    return start, end


_NOT_PLACE_LABELS = {"PERSON", "ORG", "NORP", "WORK_OF_ART", "EVENT", "DATE", "TIME", "LAW", "MONEY"}
_CALENDAR_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                   "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
                   "friday", "saturday", "sunday", "a.m.", "p.m.", "gmt", "utc"}
#: Nouns that make "the X of <name>" a place phrase ("the town of Mahardah").
_PLACE_NOUNS = {"town", "towns", "city", "cities", "village", "villages", "locality", "localities", "province",
                "provinces", "district", "districts", "region", "regions", "area", "areas", "neighbourhood",
                "neighbourhoods", "neighborhood", "neighborhoods", "suburb", "suburbs", "governorate",
                "governorates", "state", "states", "county", "counties", "capital", "outskirts", "countryside",
                "island", "port", "camp", "hometown", "township", "municipality", "seat", "settlement",
                "settlements", "stronghold", "bastion", "enclave", "hilltop", "mountaintop", "hamlet", "territory"}

#: Last words that make a capitalised name a place of its own, whatever the model labels it:
#: "Nasser Street", "the Al-Amal Hospital", "Tarin Kot Airport", "the Old City quarter".
_SITE_HEADS = {"street", "road", "avenue", "square", "boulevard", "highway", "hospital", "airport", "airbase",
               "base", "checkpoint", "district", "suburb", "quarter", "neighbourhood", "neighborhood", "camp",
               "junction", "bridge", "mosque", "church", "cathedral", "temple", "shrine", "plant", "prison", "gorge",
               "mountain", "mountains", "valley", "farms", "crossing", "village", "town", "province", "governorate",
               "region", "county", "island", "islands", "port", "market", "stadium", "compound", "refinery",
               "dam", "hill", "hills", "heights", "plain", "desert", "forest", "forests", "park", "palace"}
#: Nouns of buildings and homes: a known place name before them is where they are ("her Varna flat").
_SITE_NOUNS = {"home", "house", "residence", "hometown", "flat", "apartment", "hotel", "cafe", "café", "restaurant",
               "office", "offices", "headquarters", "embassy", "consulate", "school", "mosque", "church",
               "hospital", "prison", "market", "airport", "base", "station", "bar", "club", "shop", "store"}

#: Nouns of incidents: a place name before one says where it happened ("the Lyon shootout").
_INCIDENT_NOUNS = {"attack", "attacks", "bombing", "bombings", "blast", "explosion", "shooting", "shootout",
                   "offensive", "operation", "operations", "raid", "raids", "clash", "clashes", "fighting", "massacre",
                   "protest", "protests", "rally", "riot", "riots", "strike", "strikes", "airstrike", "airstrikes",
                   "ambush", "siege", "battle", "uprising", "crackdown", "assault", "fire", "earthquake", "flood"}

#: Nouns of acts done to a place: "the invasion of Panama".
_EVENT_NOUNS = {"invasion", "occupation", "siege", "bombing", "shelling", "liberation", "capture",
                "annexation", "blockade", "bombardment", "storming", "fall", "recapture"}

#: Labels the small model gives place names it does not know ("in Konduga" as ORG or PERSON).
_MISLABELLED = {"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"}
#: Prepositions whose capitalised object is a place name whatever the model labels it.
_PLACE_PREPS = {"in", "at", "near", "outside", "inside", "towards", "toward", "around", "across", "along",
                "throughout", "within", "into", "through", "beyond", "from"}
#: Nouns for a part of a place: "the streets of X", "the southern part of X".
_PART_NOUNS = {"streets", "street", "centre", "center", "heart", "edge", "perimeter", "part", "parts", "north",
               "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "sector", "vicinity",
               "environs", "entrance", "gates", "people", "residents", "mayor", "governor", "all", "much",
               "most", "rest", "half"}
#: Of those, the ones that are not parts of a place when the name comes first ("Lyon's mayor").
_NOT_PARTS = {"people", "residents", "mayor", "governor", "all", "much", "most", "rest", "half"}


#: Transliterated Arabic articles written in lower case before a capitalised name ("al-Bab").
_NAME_START = re.compile(
    r"^(?:the\s+)?(?:(?:al|el|ad|ar|as|ash|at|az|an|ed|en|es|et|ez|ul|ud)\s*[-‐‑]\s*)?[A-Z\u00C0-\u024F]")
#: Nouns for kinds of land and site that a name before them makes a place ("the Zarqa junction").
_LAND_NOUNS = _PLACE_NOUNS | {"peninsula", "coast", "commune", "junction", "airbase", "mountain", "mountains",
                              "valley", "river", "gorge", "hill", "hills", "desert", "plain", "plains", "heights",
                              "lake", "bay", "strip", "crossing", "farms", "quarter", "quarters", "shantytown",
                              "slum", "terminal", "axis", "pass", "stadium", "square", "airfield", "harbour",
                              "harbor", "front", "frontier", "slums", "slum"}
#: Verbs whose object is a place whenever it is a proper name: "entered Kfar Saba", "shelled Zabadani".
_PLACE_ONLY = {"enter", "patrol", "storm", "shell", "bomb", "invade", "occupy", "liberate", "besiege", "retake",
               "recapture", "overrun", "bombard", "tour", "evacuate", "encircle", "blockade", "raid"}


def _capitalised(text: str) -> bool:
    """True for a name: a capital first letter, after an optional "the" or lower-case "al-"."""
    return bool(_NAME_START.match(text))


def _after_locative(span, gaz: Gazetteer | None = None) -> bool:
    """True for a capitalised name in a place slot: the object of "in", "at" or "near", "the town
    of X", "X province", or the object of a verb like "captured" or "shelled"."""
    root = span.root
    if not _capitalised(span.text) or span.text.lower() in _CALENDAR_WORDS:
        return False
    head = root.head
    if any(c.dep_ == "appos" and c.lower_ in _PLACE_NOUNS for c in root.children):
        return True  # "Kafr Qasim, a town near ..."
    if root.dep_ == "pobj":
        return head.lower_ in _PLACE_PREPS or (
            head.lower_ == "of" and (head.head.lower_ in _PLACE_NOUNS or head.head.lower_ in _PART_NOUNS)) or (
            head.lower_ in ("on", "against") and head.head.lower_ in _INCIDENT_NOUNS)  # "the attack on X"
    # (Measured: leaving out NORP-labelled modifiers, "a Shia neighbourhood", lost more than it won.)
    if root.dep_ in ("poss", "compound") and head.lower_ in _PART_NOUNS - _NOT_PARTS:
        return True  # "Lahore's streets", "the Quetta centre"
    if root.dep_ in ("compound", "poss", "appos", "nmod") and head.lower_ in _LAND_NOUNS and not (
            root.ent_type_ == "NORP" and head.text[:1].isupper()):  # not "the Islamic State"
        return True  # "Idlib province", "the capital, Lusaka", "the Zarqa junction"
    if root.dep_ == "conj" and head.dep_ in ("compound", "nmod") and head.head.lower_ in _LAND_NOUNS:
        return True  # "the Daraa and Quneitra governorates"
    if root.dep_ == "dobj" and head.lemma_.lower() in _PLACE_ONLY and root.ent_type_ != "NORP":
        return True
    if root.dep_ in ("compound", "poss") and head.lower_ in _SITE_NOUNS and gaz is not None:
        # "her Jaffna home": only a name the gazetteer knows (not "the Reuters office").
        return any(q == 1.0 for _, q in gaz.candidates(span.text, fuzzy=False))
    # "X was captured" may be a town or a fugitive: only sizeable places the gazetteer knows count.
    if root.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in _PLACE_TAKING and gaz is not None:
        return any(q == 1.0 and (gaz.feature[i] != CITY or gaz.population[i] >= 5000)
                   for i, q in gaz.candidates(span.text, fuzzy=False))
    return False


#: Prepositions before a workplace as often as before a place: "a banker at Goldman Sachs",
#: "a spokesman from Acme".
_WORKPLACE_PREPS = {"at", "from", "with", "for"}
#: Words for people by their work, and for work itself, that the workplace hangs on ("an economist
#: at", "officials from", "his job at", "she worked at").
_STAFF = {"official", "spokesman", "spokeswoman", "spokesperson", "analyst", "economist", "banker",
          "executive", "director", "manager", "professor", "student", "researcher", "scientist",
          "employee", "worker", "staff", "staffer", "head", "chief", "president", "chairman", "chairwoman",
          "ceo", "lawyer", "attorney", "engineer", "representative", "colleague", "partner", "fellow",
          "member", "job", "work", "career", "internship", "expert", "strategist", "trader", "consultant",
          "officer", "editor", "reporter", "correspondent", "founder", "owner", "boss", "leader",
          "teacher", "coach", "player", "doctor", "nurse", "specialist", "adviser", "advisor", "source"}


#: Last words of names of sites as much as of institutions ("at Lincoln High School", "at the Brandon
#: Museum"): where something happens, not only who employs someone.
_FACILITY_HEADS = {"school", "academy", "university", "college", "library", "museum", "center", "centre",
                   "theater", "theatre", "hall", "clinic", "fairgrounds", "jail", "courthouse", "arena",
                   "homestead", "mound", "chapel", "cemetery", "zoo", "garden", "gardens", "estate", "court",
                   "racetrack", "circuit", "club", "campus", "complex", "mall", "hotel", "inn", "lodge",
                   "fellowship", "communities", "furnaces", "works", "mill", "farm", "ranch"}


def _workplace(span, gaz: Gazetteer) -> bool:
    """True for an organisation-labelled name after "at" or "from" a word for people at work ("an
    economist at", "officials from") that names no place the gazetteer knows, whole or inside
    ("Goldman Sachs", not "Cambridge University"): an employer, not a village the model mislabelled.
    Also a person-labelled name of two words or more after a title that the gazetteer does not know
    ("from President Donald Trump")."""
    from dotterel.where.resolution import _candidates

    if span.label_ == "PERSON" and len(span) > 1 and span.root.dep_ == "pobj":
        # "criticism from President Donald Trump": a full name after a title, unknown to the gazetteer
        # (not "Mr Roe, from Cherry Hinton").
        before = span.doc[span.start - 1] if span.start > 0 else None
        titled = before is not None and before.text[:1].isupper() and before.pos_ in ("PROPN", "NOUN")
        return titled and not _candidates(gaz, span.text)[0]
    if span.label_ != "ORG" or span.root.dep_ != "pobj" or span.root.head.lower_ not in _WORKPLACE_PREPS:
        return False
    if span.root.head.head.lemma_.lower() not in _STAFF:
        return False  # "rockets fired from Konduga": a village the model took for an organisation
    if span[-1].lower_ in _FACILITY_HEADS or span[-1].lower_ in _SITE_HEADS:
        return False  # "at Parkers Prairie High School": a site where things happen
    return not _candidates(gaz, span.text)[0] and not _names_a_town(gaz, span)


def _names_a_town(gaz: Gazetteer, span) -> bool:
    """True when an organisation's name starts with a place name or ends in "of/in <place>" ("DeKalb
    Police", "the Walker County Sheriff's Office", "Acme Concrete of Wallingford"): its place."""
    words = [t.text for t in span]
    parts = [" ".join(words[:n]) for n in range(len(words) - 1, 0, -1)]
    parts += [" ".join(words[i + 1:]) for i, t in enumerate(span[:-1]) if t.lower_ in ("of", "in")]
    return any(q == 1.0 for part in parts if part[:1].isupper() for _, q in gaz.candidates(part, fuzzy=False))


def _site_name(span) -> bool:
    """True for a capitalised name ending in a word for a kind of place ("Nasser Street")."""
    last = span[-1]
    return len(span) > 1 and last.text[:1].isupper() and last.lower_ in _SITE_HEADS and _capitalised(span.text)


def _trim(ent):
    """The entity without stray words the model ran into its end ("Homs for"), or None."""
    end = ent.end
    while end > ent.start and ent.doc[end - 1].pos_ in ("ADP", "CCONJ", "PUNCT", "SCONJ", "PART"):
        end -= 1
    if end == ent.end:
        return ent
    if end == ent.start:
        return None
    from spacy.tokens import Span

    return Span(ent.doc, ent.start, end, label=ent.label_)


def find_toponyms(gaz: Gazetteer, sentence: Sentence, doc) -> list[tuple[int, int]]:
    """Article offsets of place names in one parsed sentence: GPE/LOC/FAC entities plus names the
    gazetteer knows as countries, admin1 units or towns of 15,000+ that the model did not tag."""
    found: list[tuple[int, int]] = []
    covered: set[int] = set()
    for ent in doc.ents:
        ent = _trim(ent)
        if ent is None:
            continue
        if not any(t.text[:1].isupper() for t in ent):
            pass  # "the west coast", "the northern border": a description, not a name
        elif ent.label_ in _PLACE_LABELS or (ent.label_ in _MISLABELLED and (
                (_after_locative(ent, gaz) and not _workplace(ent, gaz)) or _site_name(ent))):
            start, end = _clean_span(doc.text, ent.start_char, ent.end_char)
            if end > start:
                found.append((sentence.start + start, sentence.start + end))
        if ent.label_ in _PLACE_LABELS or ent.label_ in _NOT_PLACE_LABELS:
            covered.update(range(ent.start, ent.end))
    i = 0
    while i < len(doc):
        token = doc[i]
        if i in covered or token.pos_ != "PROPN" or not token.text[:1].isupper():
            i += 1
            continue
        for n in (4, 3, 2, 1):
            span = doc[i:i + n]
            if len(span) < n or any(t.i in covered or t.pos_ not in ("PROPN", "ADP", "DET", "PUNCT") for t in span):
                continue
            if span[-1].pos_ != "PROPN":
                continue
            # Only whole proper-noun runs: "Spring" in "Peace Spring" is not the town of Spring.
            if (i > 0 and doc[i - 1].pos_ == "PROPN") or (i + n < len(doc) and doc[i + n].pos_ == "PROPN"):
                continue
            if (_after_locative(span, gaz) and span.root.pos_ == "PROPN") or _site_name(span):
                found.append((sentence.start + span.start_char, sentence.start + span.end_char))
                covered.update(range(i, i + n))
                i += n - 1
                break
            ranked = gaz.candidates(span.text, fuzzy=False)
            if any(q == 1.0 and (gaz.feature[idx] in (COUNTRY, ADMIN1) or gaz.population[idx] >= 15000)
                   for idx, q in ranked):
                found.append((sentence.start + span.start_char, sentence.start + span.end_char))
                covered.update(range(i, i + n))
                i += n - 1
                break
        i += 1
    return sorted(found)
