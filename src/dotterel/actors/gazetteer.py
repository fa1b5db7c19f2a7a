"""The gazetteer: KB names, sector words and spaCy entities found in a sentence, as atoms.

An atom is a token span the resolver's phrase grammar works with: a KB name (state, adjective,
metonym, IGO, group, person), a sector word, a known surname, a person name, or another entity.
The module also holds the stage's prefilter, `may_mention_actor`, which needs no KB.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from dotterel.actors.kb import KnowledgeBase, SectorTerm, _norm_token, tokenize

__all__ = ["Atom", "Gazetteer", "may_mention_actor", "capitalised", "name_keys"]

ENT_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
#: spaCy labels that only serve to veto a surname ("May" the month is no Theresa May)
VETO_LABELS = {"DATE", "TIME", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "MONEY"}
#: Words before a role that say which holder ("former", "top"), not part of a name
MODIFIERS = {"former", "ex", "then", "top", "senior", "new", "acting", "interim", "outgoing",
              "incoming", "current", "chief", "late", "veteran", "powerful", "influential"}
# Capitalised words that are no part of a name after a role word ("foreign minister Wednesday",
# headline "PM Says").
NOT_NAMES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
              "january", "february", "march", "april", "may", "june", "july", "august", "september",
              "october", "november", "december", "says", "said", "say", "calls", "urges", "meets",
              "visits", "warns", "to", "in", "on", "at", "and", "of", "the", "is", "has", "was",
              "will", "for", "with", "after", "over", "as", "by", "but", "vows", "slams", "backs",
              "office", "ministry", "government", "also", "who", "which", "told", "added"}
_ARTICLE_PREFIX = re.compile(r"(?:al|el|ad|as|ash|at|az|an|ar)-[A-Z]")
ARTICLES = {"al", "el", "bin", "ibn", "bint", "abu", "ould"}
#: Titles before a surname: part of the mention, no first name to check ("Mr Cavusoglu")
HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "dame", "sheikh", "shaikh", "prince", "princess", "lord",
              "lady", "gen", "col", "lt", "maj", "capt", "sen", "rep", "gov", "ayatollah", "mullah",
              "imam", "marshal", "madame", "monsieur", "herr", "frau"}
LOCATIVE = {"in", "at", "near", "outside", "into", "across", "around", "inside", "within"}

# Prefilter: any capitalised word after the first, an acronym, or a sector word. Lower-case
# sentences without these ("he said it would rain") cannot name an actor the KB would find.
_CAP_LATER = re.compile(r"[\s(\"'“‘-][A-Z]")
_ACRONYM = re.compile(r"[A-Z]{2}")
_SECTOR_WORDS = re.compile(
    r"\b(?:police|troops|army|military|forces|government|officials?|authorit|minist|president|"
    r"rebel|militant|insurgent|protest|demonstrat|parliament|court|judge|prosecutor|soldier|"
    r"regime|administration|lawmaker|senat|congress|opposition|fighters|militia|guerrilla|"
    r"jihadist|terrorist|gunmen|separatist|activist|refugee|migrant|civilian|residents|"
    r"journalist|leader|spokes|envoy|ambassador|embassy|diplomat|cabinet|junta|king|queen|"
    r"emir|premier|chancellor|secretary|general|commander|worker|union|compan|bank|cleric|"
    r"student|villager|people|citizens|party|media)")


def may_mention_actor(sentence_text: str) -> bool:
    """Cheap, high-recall test: can this sentence name an actor? (a few microseconds)"""
    return bool(_CAP_LATER.search(sentence_text) or _ACRONYM.search(sentence_text)
                or _SECTOR_WORDS.search(sentence_text.lower()))


@dataclass
class Atom:
    start: int  # token index
    end: int  # token index, exclusive
    kind: str  # name | sector | surname | person | ent
    hits: list = field(default_factory=list)  # name: [(Entry, form, sector)]; surname/person: [Entry]
    term: SectorTerm | None = None
    label: str = "KB"


class Gazetteer:
    """Finds atoms in sentences with the indexes of a `KnowledgeBase`."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def scan(self, text: str, ents: Sequence[tuple[int, int, str]] = ()):
        """Tokens (with their keys) and the atoms found in `text`; `ents` are spaCy entity spans."""
        kb = self.kb
        toks = tokenize(text)
        keys = [_norm_token(t) for _, _, t in toks]
        atoms: list[Atom] = []
        n, i = len(toks), 0
        while i < n:
            atom = None
            for length in kb.first.get(keys[i], ()):
                if i + length > n:
                    continue
                k = tuple(keys[i:i + length])
                hits = kb.names.get(k)
                if hits and self._case_ok(k, toks[i:i + length]):
                    atom = Atom(i, i + length, "name", hits)
                    break
                term = kb.sectors.get(k)
                if term is not None and (term.term.isupper() <= toks[i][2].isupper()):
                    atom = Atom(i, i + length, "sector", term=term)
                    break
            if atom is None and keys[i] in kb.surnames and capitalised(toks[i][2]) \
                    and not (i > 0 and (keys[i - 1] in LOCATIVE or keys[i - 1] in ("to", "from"))):
                atom = Atom(i, i + 1, "surname", list(kb.surnames[keys[i]]))
                prev = atoms[-1].end if atoms else 0
                if i > prev and toks[i - 1][2][:1].isupper() and keys[i - 1].isalpha() \
                        and keys[i - 1] not in NOT_NAMES and keys[i - 1] not in MODIFIERS:
                    # "Omar Abdullah" is not King Abdullah: the first name must fit too
                    first = keys[i - 1]
                    fits = atom.hits if first in ARTICLES or first in HONORIFICS else \
                        [p for p in atom.hits if any(first in name_keys(n) for n in (p.name, *p.aliases))]
                    atom = Atom(i - 1, i + 1, "person" if not fits else "surname", fits, label="NP")
                elif i + 1 < n and toks[i + 1][2][:1].isupper() and keys[i + 1].isalpha() \
                        and keys[i + 1] not in NOT_NAMES and (keys[i + 1],) not in kb.names \
                        and (keys[i + 1],) not in kb.sectors and keys[i + 1] not in kb.surnames:
                    # "Fayez Serraj": a known surname followed by an unknown name is a first name
                    nxt = keys[i + 1]
                    fits = [p for p in atom.hits if any(nxt in name_keys(n) for n in (p.name, *p.aliases))]
                    atom = Atom(i, i + 2, "surname" if fits else "person", fits, label="NP")
            if atom is not None and atom.kind in ("surname", "person") and atoms \
                    and atoms[-1].kind == "surname" and atoms[-1].end == atom.start:
                # "Khalifa Hifter": two known names in a row are one person, named by the last
                before = atoms.pop()
                firsts = set(keys[before.start:before.end])
                fits = [p for p in atom.hits if any(firsts & name_keys(x) for x in (p.name, *p.aliases))]
                atom = Atom(before.start, atom.end, atom.kind if fits else "person", fits, label="NP")
            if atom is not None:
                atoms.append(atom)
                i = atom.end
            else:
                i += 1
        if ents:
            atoms = self._merge_ents(toks, atoms, ents)
        return (toks, keys), atoms

    def _case_ok(self, key: tuple[str, ...], toks) -> bool:
        if key in self.kb.acronyms:
            return all(t[2].replace(".", "").isupper() for t in toks)
        if key in self.kb.lower_ok:
            return True
        return any(c.isupper() for t in toks for c in t[2])

    @staticmethod
    def _merge_ents(toks, atoms: list[Atom], ents) -> list[Atom]:
        """Add spaCy entities the KB missed; a PERSON entity absorbs the surname atoms inside it."""
        starts = {s: i for i, (s, _, _) in enumerate(toks)}
        ends = {e: i for i, (_, e, _) in enumerate(toks)}
        for s, e, label in ents:
            if s not in starts or e not in ends:
                continue
            a, b = starts[s], ends[e] + 1
            inside = [x for x in atoms if x.start < b and a < x.end]
            if any(x.kind != "surname" for x in inside):
                continue
            if label == "PERSON":
                hits = [p for x in inside for p in x.hits]
                new = Atom(a, b, "person", hits, label="PERSON")
            elif label in VETO_LABELS:
                # a date or a place where the KB saw a surname ("May", "Austin"); spaCy's ORG
                # and GPE are no veto: it often gives them to foreign surnames
                atoms = [x for x in atoms if x not in inside]
                continue
            else:
                if inside:
                    continue
                new = Atom(a, b, "ent", label=label)
            atoms = [x for x in atoms if x not in inside] + [new]
        atoms.sort(key=lambda x: x.start)
        return atoms


def capitalised(token: str) -> bool:
    """'Assad' and 'al-Assad' both start a name."""
    return token[:1].isupper() or bool(_ARTICLE_PREFIX.match(token))


def name_keys(name: str) -> set[str]:
    return {_norm_token(t) for _, _, t in tokenize(name)}
