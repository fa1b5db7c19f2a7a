"""Mention -> actor resolution: KB gazetteer, contextual inference, in-article coreference.

Per sentence, KB names (states, their adjectives and capitals, IGOs, groups, people), sector
terms and spaCy entities become *atoms*; a small grammar joins atoms into actor phrases:

    [state|adjective|IGO ['s] (and|, state)*] [former|top|...] [sector term [of state]] [person]

"Turkey's foreign minister Mevlut Cavusoglu", "Turkish and Syrian officials", "the U.S.
president", "PKK militants", "Secretary of State Blinken". Each phrase becomes one `Mention`
whose actors are valid on the article's date. Bare surnames and role words ("the minister")
are linked to earlier mentions of the article (coreference); state-sector words without a
country ("the Foreign Ministry", "police") take the country named before them in the sentence,
else the article's most-mentioned country.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from dotterel.actors.gazetteer import (ENT_LABELS, LOCATIVE, MODIFIERS, NOT_NAMES, VETO_LABELS, Atom,
                                      Gazetteer, may_mention_actor)
from dotterel.actors.kb import Entry, KnowledgeBase, Role, SectorTerm, _norm_token, tokenize
from dotterel.model import Actor, Analysis, Mention
from dotterel.stage import Stage

__all__ = ["ActorResolver", "may_mention_actor"]

#: Surnames of KB people that are everyday words: alone they name no one
_WORD_SURNAMES = {"may", "brown", "young", "rice", "gates", "power", "hill", "king", "bush", "rose",
                  "white", "black", "green", "long", "love", "mark", "grant", "hope", "price", "major",
                  "bishop", "cook", "carter", "fox", "mills", "wood", "smith", "jones", "burns", "craft",
                  "austin", "justice", "law", "chance", "case", "english", "french", "field", "ford",
                  "sharon", "christian", "abbott", "mercer", "moon", "park", "rama", "reid", "banda",
                  "said", "saleh", "ali", "khan", "kim", "lee", "martin", "paul", "allen", "ward",
                  "jonathan", "george", "prince", "pope", "emperor", "grand", "duke"}
_DETERMINERS = {"the", "a", "an"}
# Two capitalised words in a row: the cheap test for a sentence that may name a person in full.
_FULL_NAME = re.compile(r"\b[A-Z][a-z]+\s+[A-Z][a-z'-]+")
_PAST = {"former", "ex", "late", "outgoing"}
_JOINERS = {"and", ",", "or", "&"}
#: Sectors of state institutions: only these take the article's main country by default.
_STATE_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"}
#: Sectors whose bare mention ("police", "rebels", "protesters") lets a sentence be parsed.
_PREFILTER_SECTORS = _STATE_SECTORS | {"REB", "INS", "SEP", "OPP", "IGO", "ACT", "CRM", "PTY", "REF", "UAF"}
#: Words that cannot sit between a country and its sector word ("Turkish claims that police")
_FUNCTION_WORDS = {"the", "a", "an", "that", "this", "of", "and", "or", "to", "in", "on", "at", "for",
                   "with", "by", "from", "as", "is", "are", "was", "were", "be", "has", "have", "had",
                   "it", "its", "their", "his", "her", "said", "says", "who", "which", "not", "but"}


@dataclass
class _Known:
    """A person seen earlier in the article, for coreference."""

    keys: frozenset[str]
    actor: Actor
    title: str


@dataclass
class _ArticleState:
    date: dt.date
    dominant: Entry | None = None
    people: list[_Known] = field(default_factory=list)
    #: Sentence offsets of tokens that modify a noun after them ("London" in "the London
    #: exchange"), from the parse of the sentence being resolved.
    modifiers: frozenset[int] = frozenset()


class ActorResolver(Stage[Analysis, Analysis]):
    """Fill `Analysis.mentions` with every actor mention of the parsed sentences."""

    name = "actors"

    def __init__(self, kb: KnowledgeBase | None = None) -> None:
        self.kb = kb if kb is not None else KnowledgeBase.load()
        self.gazetteer = Gazetteer(self.kb)

    # ---- public API ----------------------------------------------------------------------
    def may_mention_actor(self, sentence_text: str) -> bool:
        """Prefilter with the KB: does the sentence name a KB actor or a political sector?

        Stricter than the module-level `may_mention_actor` (which needs no KB and passes 83% of
        BBC sentences): a KB name or known surname, or a sector word of a political kind
        (government, military, police, rebels, protesters, ...). On BBC news it passes 36% of
        sentences at ~40 us each, while the parse it saves costs ~10 ms a sentence.
        """
        if not may_mention_actor(sentence_text):
            return False
        _, atoms = self.gazetteer.scan(sentence_text)
        for atom in atoms:
            if atom.kind in ("name", "surname"):
                return True
            if atom.kind == "sector" and atom.term is not None and atom.term.sector in _PREFILTER_SECTORS:
                return True
        return False

    def __call__(self, analysis: Analysis) -> Analysis:
        article = analysis.article
        state = _ArticleState(date=article.published or dt.date.today())
        todo = []
        for i, sent in enumerate(analysis.sentences):
            doc = analysis.docs[i] if i < len(analysis.docs) else None
            if doc is None:
                # Not parsed, so it yields no mention; but a person it names in full ("Patrick
                # Vieira ...") must still be known when a later parsed sentence says "Vieira".
                if _FULL_NAME.search(sent.text):
                    todo.append((sent, self.gazetteer.scan(sent.text), None))
                continue
            ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents
                    if e.label_ in ENT_LABELS or e.label_ in VETO_LABELS]
            modifiers = frozenset(t.idx for t in doc if t.dep_ == "compound" and t.head.i > t.i
                                  and t.head.pos_ in ("NOUN", "PROPN"))
            todo.append((sent, self.gazetteer.scan(sent.text, ents), modifiers))
        state.dominant = self._dominant(atoms for _, (_, atoms), modifiers in todo if modifiers is not None)
        mentions: list[Mention] = []
        for sent, (toks, atoms), modifiers in todo:
            state.modifiers = modifiers or frozenset()
            if modifiers is None:  # not parsed
                # Full names only: a bare surname here would be guessed from the KB, unchecked,
                # and then bind the surname everywhere after it.
                names = [a for a in atoms if a.kind == "person" and a.end - a.start > 1
                         or a.kind == "name" and a.hits[0][0].kind == "person"]
                for _ in self._phrases(sent.text, toks, names, state):  # run for what it remembers
                    pass
                continue
            for s, e, label, actors, via in self._phrases(sent.text, toks, atoms, state):
                mentions.append(Mention(article_id=article.article_id, sentence=sent.index,
                                        start=sent.start + s, end=sent.start + e, text=sent.text[s:e],
                                        label=label, actors=tuple(actors), via=via))
        return replace(analysis, mentions=tuple(mentions))

    def mentions(self, text: str, date: dt.date | None = None,
                 ents: Sequence[tuple[int, int, str]] = ()) -> list[Mention]:
        """Resolve a text without spaCy (optionally with entity spans): one mention per phrase."""
        state = _ArticleState(date=date or dt.date.today())
        toks, atoms = self.gazetteer.scan(text, ents)
        state.dominant = self._dominant([atoms])
        return [Mention(article_id="", sentence=0, start=s, end=e, text=text[s:e], label=label,
                        actors=tuple(actors), via=via)
                for s, e, label, actors, via in self._phrases(text, toks, atoms, state)]

    def resolve(self, text: str, date: dt.date | None = None) -> list[Actor]:
        """The actors named in `text` on `date` (today when None), in order of mention."""
        return [a for m in self.mentions(text, date) for a in m.actors]

    @staticmethod
    def _dominant(atom_lists) -> Entry | None:
        counts: Counter[str] = Counter()
        first: dict[str, Entry] = {}
        for atoms in atom_lists:
            for a in atoms:
                if a.kind == "name":
                    e = a.hits[0][0]
                    if e.kind == "state":
                        counts[e.kb_id] += 1
                        first.setdefault(e.kb_id, e)
        if not counts:
            return None
        return first[counts.most_common(1)[0][0]]

    # ---- phrases -------------------------------------------------------------------------
    def _phrases(self, text, tokens, atoms: list[Atom], state: _ArticleState):
        """Yield (start, end, label, actors, via) with character offsets into `text`."""
        at = {a.start: a for a in atoms}
        toks, keys = tokens
        n = len(toks)
        i = 0
        while i < n:
            if i not in at and not (keys[i] in _DETERMINERS or keys[i] in MODIFIERS):
                i += 1
                continue
            a = at.get(i)
            if a is not None and a.kind == "name" and a.end < n and toks[a.end][2] == "-" \
                    and toks[a.end][0] == toks[a.end - 1][1]:
                i = a.end  # "U.N.-backed": a modifier, not an actor
                continue
            parsed = self._parse(i, keys, toks, at, n)
            if parsed is None:
                i += 1
                continue
            end, countries, term, person, former, head = parsed
            out = self._resolve(text, toks, i, end, countries, term, person, former, head, state, keys, atoms)
            yield from out
            i = end

    def _parse(self, i, keys, toks, at, n):
        """Parse the actor phrase starting at token `i`, or return None.

        Returns (end, countries, sector term, person atom, former, head): `head` is set when
        the phrase is one atom (a group, an IGO, a bare state, a person) and the rest is empty.
        """
        j = i
        if keys[j] in _DETERMINERS:
            j += 1
        former = False
        while j < n and keys[j] in MODIFIERS and j not in at:  # "former U.S. President ..."
            former |= keys[j] in _PAST
            j += 1
        countries: list[tuple[Atom, tuple]] = []
        while j < n and j in at and at[j].kind == "name" and at[j].hits[0][0].kind in ("state", "igo"):
            a = at[j]
            nxt = a.end + (1 if a.end < n and keys[a.end] == "'s" else 0)
            countries.append((a, a.hits[0]))
            j = nxt
            if j < n and j in at and at[j].kind == "name" and at[j].hits[0][0] is a.hits[0][0] \
                    and at[j].hits[0][1] == "metonym":
                # "the U.S. State Department", "the Israeli Knesset": the institution, once
                inst = at[j]
                countries[-1] = (inst, inst.hits[0])
                j = inst.end
            # "Turkish and Syrian officials": only join when another country follows
            if j + 1 < n and keys[j] in _JOINERS and j + 1 in at and at[j + 1].kind == "name" \
                    and at[j + 1].hits[0][0].kind == "state":
                j += 1
                continue
            break
        if countries:
            # "Syrian Kurdish fighters", "Ukrainian volunteer battalions": up to two capitalised
            # words, or one lower-case content word, between country and sector
            m = j
            while m < n and m - j < 2 and m not in at and toks[m][2][:1].isupper() and keys[m].isalpha():
                m += 1
            if m == j and m < n and m not in at and keys[m].isalpha() and keys[m] not in _FUNCTION_WORDS:
                m += 1
            if m > j and m in at and at[m].kind == "sector":
                j = m
        while j < n and keys[j] in MODIFIERS and j not in at:
            former |= keys[j] in _PAST
            j += 1
        term = None
        if j < n and j in at and at[j].kind == "sector":
            term = at[j].term
            j = at[j].end
            while j < n:  # "government officials", "Foreign Ministry's spokesman"
                k = j + 1 if keys[j] == "'s" else j
                if k < n and k in at and at[k].kind == "sector":
                    if at[k].term.kind == "role":
                        term = at[k].term  # the last office in the chain names the person
                    j = at[k].end
                else:
                    break
            if not countries and j + 2 < n and keys[j] == "and" and j + 1 in at and at[j + 1].kind == "sector":
                k = at[j + 1].end  # "the government and people of Saudi Arabia"
                if k + 1 < n and keys[k] == "of":
                    j = k
            if not countries and j + 1 < n and keys[j] == "of":
                k = j + 1 + (keys[j + 1] == "the")
                if k < n and k in at and at[k].kind == "name" and at[k].hits[0][0].kind in ("state", "igo"):
                    countries.append((at[k], at[k].hits[0]))
                    j = at[k].end
        person = None
        k = j + (1 if term is not None and j < n and keys[j] == "," else 0)
        if k < n and k in at and at[k].kind in ("surname", "person") or \
                (k < n and k in at and at[k].kind == "name" and at[k].hits[0][0].kind == "person"):
            person = at[k]
            j = at[k].end
        elif term is not None and term.kind == "role" and k < n and toks[k][2][:1].isupper() \
                and k not in at and keys[k].isalpha() and keys[k] not in NOT_NAMES:
            # "Foreign Minister Jane Roe": a capitalised run after a role is its holder
            m = k
            while m < n and m - k < 4 and toks[m][2][:1].isupper() and m not in at and keys[m].isalpha() \
                    and keys[m] not in NOT_NAMES:
                m += 1
            person = Atom(k, m, "person", [], label="NP")
            if m < n and m in at and (at[m].kind in ("surname", "person") or
                                      (at[m].kind == "name" and at[m].hits[0][0].kind == "person")):
                # "Prince Khalifa bin Salman", a misspelt first name before a known surname
                nxt = at[m]
                hits = nxt.hits if nxt.kind != "name" else [nxt.hits[0][0]]
                person = Atom(k, nxt.end, "surname" if nxt.kind != "person" else "person", hits, label="NP")
                m = nxt.end
            j = m
        head = at.get(i) if i in at else at.get(i + 1) if keys[i] in _DETERMINERS else None
        if not countries and term is None and person is None:
            if head is None or head.kind == "sector":
                return None
            j = head.end
            # "PKK militants", "NATO troops": a group or IGO followed by sector words
            while j < n and j in at and at[j].kind == "sector":
                j = at[j].end
            return j, [], None, None, former, head
        if countries and term is None and person is None:
            a = countries[0][0]
            return a.end, [], None, None, False, a
        return j, countries, term, person, former, None

    # ---- resolution ----------------------------------------------------------------------
    def _resolve(self, text, toks, i, end, countries, term, person, former, head, state, keys, atoms):
        def span(a: int, b: int) -> tuple[int, int]:
            return toks[a][0], toks[b - 1][1]

        if head is not None:
            s, e = span(head.start if keys[i] not in _DETERMINERS else i, end)
            actors, via = self._single(head, text, toks, state, i, keys)
            if actors or head.kind in ("person", "ent"):
                yield s, e, head.label, actors, via
            return
        start = i if keys[i] in _DETERMINERS or countries else (person.start if person and term is None else i)
        s, e = span(start, end)
        label = person.label if person is not None and person.label != "KB" else "KB"
        date = state.date
        sector = term.sector if term else None
        orgs = [c for _, c in countries]
        if person is not None:
            pname = text[toks[person.start][0]:toks[person.end - 1][1]]
            entry = self._pick_person(person, orgs, date, state, keys)
            org = orgs[0][0] if orgs else None
            if isinstance(entry, Actor):  # coreference hit
                yield s, e, label, [entry], "coref"
                return
            if entry is not None and term is None and not orgs and person.kind == "surname" \
                    and person.end - person.start == 1 and keys[person.start] in _WORD_SURNAMES:
                return  # "May said": a common word alone names no one
            if entry is not None:
                actor, title = self._person_actor(entry, date, org, term, former)
                via = "kb"
            else:
                country_entry = org or (self._context(state, atoms, i) if term is not None else None)
                sec = "ELI" if former else sector
                actor = (self._make(pname, country_entry, sec, kind="person") if country_entry is not None
                         else Actor(name=pname, sector=sec, kind="person"))
                title = term.title or "" if term else ""
                via = "context" if country_entry is not None else "unresolved"
            self._remember(state, actor, title, pname)
            yield s, e, label, [actor], via
            return
        if term is None:
            return
        if term.kind == "role" and not former and len(orgs) <= 1:
            org = orgs[0][0] if orgs else None
            if org is None:
                known = self._coref_role(term, state)
                if known is not None:
                    yield s, e, "NP", [known], "coref"
                    return
                org = self._context(state, atoms, i)
                via = "context"
            else:
                via = "kb"
            if org is not None and term.title:
                held = self.kb.holders(org.kb_id, term.title, date)
                if len(held) == 1:
                    actor, title = self._person_actor(held[0][0], date, org, term, False)
                    self._remember(state, actor, title, held[0][0].name)
                    yield s, e, "NP" if not orgs else "KB", [actor], via
                    return
            if org is not None and (orgs or term.sector in _STATE_SECTORS):
                yield s, e, "NP", [self._make(None, org, "ELI" if former else term.sector)], via
            elif org is None or not orgs:
                yield s, e, "NP", [Actor(name=text[s:e], sector=term.sector, kind="sector")], "unresolved"
            return
        if orgs:
            sec = "ELI" if former else term.sector
            yield s, e, "KB", [self._make(None, o[0], sec) for o in orgs], "kb"
            return
        org = self._context(state, atoms, i)
        if org is not None and term.sector in _STATE_SECTORS:
            yield s, e, "NP", [self._make(None, org, term.sector)], "context"
        else:
            # protesters, rebels, civilians: the article's main country is no safe guess
            yield s, e, "NP", [Actor(name=text[s:e], sector=term.sector, kind="sector")], "unresolved"

    def _single(self, head: Atom, text, toks, state, i, keys):
        date = state.date
        if head.kind == "name":
            entry, form, sector = head.hits[0]
            if entry.kind == "person":
                actor, title = self._person_actor(entry, date, None, None, False)
                self._remember(state, actor, title, entry.name)
                return [actor], "kb"
            if entry.kind == "state":
                if form == "adjective":
                    # a bare adjective ("Turkish") modifies something else; a demonym noun stands alone
                    word = toks[head.end - 1][2]
                    if not word.endswith("s") or word.endswith("ss"):
                        return [], "kb"
                    return [self._make(None, entry, None)], "kb"
                if form == "metonym":
                    if toks[head.end - 1][0] in state.modifiers:
                        # "the London exchange", "The Washington Post", "Tokyo stocks": the capital
                        # names what kind of thing the noun is, not a government.
                        return [], "kb"
                    placed = head.start > 0 and keys[head.start - 1] in LOCATIVE
                    return [self._make(None, entry, None if placed else sector)], "kb"
                return [self._make(None, entry, None)], "kb"
            return [self._make(None, entry, entry.sector)], "kb"
        if head.kind in ("surname", "person"):
            pname = text[toks[head.start][0]:toks[head.end - 1][1]]
            entry = self._pick_person(head, [], date, state, keys)
            if head.kind == "surname" and head.end - head.start == 1 and keys[head.start] in _WORD_SURNAMES \
                    and not isinstance(entry, Actor):
                return [], "unresolved"
            if isinstance(entry, Actor):
                return [entry], "coref"
            if entry is None:
                if head.kind == "surname":
                    return [], "unresolved"
                actor = Actor(name=pname, kind="person")
                self._remember(state, actor, "", pname)
                return [actor], "unresolved"
            actor, title = self._person_actor(entry, date, None, None, False)
            self._remember(state, actor, title, pname)
            return [actor], "kb"
        return [Actor(name=text[toks[head.start][0]:toks[head.end - 1][1]], kind="unknown")], "unresolved"

    @staticmethod
    def _context(state: _ArticleState, atoms: list[Atom], i: int) -> Entry | None:
        """The country a bare sector word belongs to: the last state named before it in the
        sentence ("In Syria, the army ..."), else the article's most-mentioned state."""
        for a in reversed(atoms):
            if a.start < i and a.kind == "name" and a.hits[0][0].kind == "state":
                return a.hits[0][0]
        return state.dominant

    def _pick_person(self, atom: Atom, orgs, date, state, keys):
        """A KB person for a name atom, an earlier Actor of the article (coref), or None."""
        if atom.kind == "name":
            return atom.hits[0][0]
        words = frozenset(k for k in keys[atom.start:atom.end] if k and k[0].isalpha())
        # coreference first: "Cavusoglu" after "Mevlut Cavusoglu" in the same article
        for known in reversed(state.people):
            if words and words <= known.keys:
                return known.actor
        candidates: list[Entry] = list(atom.hits)
        if not candidates:
            return None
        org_ids = {o[0].kb_id for o in orgs}
        scored = []
        for p in candidates:
            on = p.roles_on(date)
            score = (bool(on and (not org_ids or any(r.org in org_ids for r in on))),
                     any(r.org in org_ids for r in p.roles), bool(on))
            scored.append((score, p))
        scored.sort(key=lambda x: x[0], reverse=True)
        best = scored[0]
        if len(scored) > 1 and scored[1][0] == best[0]:
            return None  # two people fit equally: do not guess
        if atom.kind == "surname" and not any(best[0]) and len(candidates) > 1:
            return None
        return best[1]

    def _person_actor(self, entry: Entry, date, org: Entry | None, term: SectorTerm | None,
                      former: bool) -> tuple[Actor, str]:
        on = entry.roles_on(date)
        if org is not None:
            on = [r for r in on if r.org == org.kb_id] or on
        if term is not None and term.title:
            on = [r for r in on if term.title in r.title] or on
        if on and not former:
            role = on[0]
            return self._role_actor(entry, role), role.title
        # Out of office on this date (or called "former"): the country of the text or of the
        # nearest role, as an elite; when the text names the office and not "former", trust it.
        if org is not None and term is not None and not former:
            return self._make(entry.name, org, term.sector, kb_id=entry.kb_id, kind="person"), term.title or ""
        if term is not None and term.title and not former:
            # "President Duterte" in an undated text: the text names the office, so trust it
            named = [r for r in entry.roles if term.title in r.title]
            if named:
                role = min(named, key=lambda r: _distance(r, date))
                return replace(self._role_actor(entry, role), sector=term.sector if role.sector == "" else role.sector), role.title
        nearest = min(entry.roles, key=lambda r: _distance(r, date)) if entry.roles else None
        if nearest is None:
            return Actor(name=entry.name, country=entry.country, kb_id=entry.kb_id, kind="person"), ""
        country_id = nearest.org if self.kb.is_country(nearest.org) else None
        if country_id is None:
            igo = self.kb.entries.get(nearest.org)
            return Actor(name=entry.name, country=None, sector="ELI", kb_id=entry.kb_id,
                         cameo=(igo.cameo if igo else None), kind="person"), nearest.title
        return Actor(name=entry.name, country=country_id, sector="ELI", kb_id=entry.kb_id,
                     cameo=f"{country_id}ELI", kind="person"), nearest.title

    def _role_actor(self, entry: Entry, role: Role) -> Actor:
        if self.kb.is_country(role.org):
            return Actor(name=entry.name, country=role.org, sector=role.sector or None, kb_id=entry.kb_id,
                         cameo=f"{role.org}{role.sector}", kind="person")
        igo = self.kb.entries.get(role.org)
        return Actor(name=entry.name, country=None, sector=role.sector, kb_id=entry.kb_id,
                     cameo=igo.cameo if igo else None, kind="person")

    def _make(self, name, org: Entry, sector, kb_id=None, kind=None) -> Actor:
        """An actor for a state or IGO (`org`), optionally a sector of it."""
        if org.kind == "igo" or org.kind == "group":
            return Actor(name=name or org.name, country=org.country, sector=org.sector,
                         kb_id=kb_id or org.kb_id, cameo=org.cameo, kind=kind or org.kind)
        cameo = org.kb_id + (sector or "")
        return Actor(name=name or org.name, country=org.kb_id, sector=sector, kb_id=kb_id or org.kb_id,
                     cameo=cameo, kind=kind or ("sector" if sector else "state"))

    def _remember(self, state: _ArticleState, actor: Actor, title: str, surface: str) -> None:
        keys = {k for k in (_norm_token(t) for _, _, t in tokenize(surface)) if k and k[0].isalpha()}
        if actor.name:
            keys |= {k for k in (_norm_token(t) for _, _, t in tokenize(actor.name)) if k}
        state.people.append(_Known(frozenset(keys), actor, title or ""))

    @staticmethod
    def _coref_role(term: SectorTerm, state: _ArticleState) -> Actor | None:
        words = set((term.title or term.term).lower().split())
        for known in reversed(state.people):
            if known.title and words <= set(known.title.split()):
                return known.actor
        return None


def _distance(role: Role, date: dt.date) -> int:
    if role.start and date < role.start:
        return (role.start - date).days
    if role.end and date > role.end:
        return (date - role.end).days
    return 0
