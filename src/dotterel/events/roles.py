"""Source and target of a trigger, read off the dependency parse.

Rules (verbal trigger): nsubj and the passive agent ("by X") are the source; dobj, dative,
nsubjpass and the object of a directional preposition ("on", "against", "with", "to"...) are the
target. A trigger without a subject borrows one: an infinitive from its controlling verb
("Y agreed to meet X": Y; "called on X to cooperate": X), a conjoined verb from its first
conjunct, a relative clause from the noun it modifies. It never borrows across a clausal
complement, so in "X said Y attacked Z" X is not the source of the attack.

Nominal trigger: possessor, actor modifiers ("US support"), "by"/"from" are the source; "of",
"to", "with", "against", "on", "in"... are the target; "between X and Y" gives X and Y. A role
still empty is filled from the subject of the verb that governs the noun ("Blinken reiterated
his condemnation of X": Blinken).

Completing a target: an act of force, coercion, aid or withdrawal done in a place is done to
that place's country ("struck targets in southern Lebanon": Lebanon; "killed villagers in
Nigeria": Nigerian civilians); a joint act's partner is its "with" object ("held exercises with
X"); a border's neighbour is the party ("deployed troops to the border with X"); "X and Y agreed"
with no object is X with Y; a mobiliser's own troops are never its target.
"""

from __future__ import annotations

import dataclasses

from collections.abc import Callable, Sequence
from typing import Any

from dotterel.events.triggers import Trigger

__all__ = ["assign_roles", "np_tokens"]

Resolver = Callable[[Sequence[Any]], tuple[Any, ...]]

_TARGET_PREPS = {"on", "upon", "against", "to", "with", "at", "into", "toward", "towards", "over", "onto", "for"}
_NOUN_TARGET_PREPS = _TARGET_PREPS | {"of", "in", "across", "inside", "targeting", "within"}
_NOUN_SOURCE_PREPS = {"by", "from"}
# Nouns whose "of X" names the doer, not the one done to ("the visit of the president").
_OF_IS_SOURCE = {"CONSULT", "PROTEST", "MOBILIZE", "AGREE"}
# Types whose "in X" / "across X" names the party hit: "operations in Syria".
_PLACE_IS_TARGET = {"ASSAULT", "MOBILIZE", "COERCE", "AID", "SANCTION"}
# Verbal types whose place completes the target: as above, and "withdrew from their base in X".
_VERB_PLACE_IS_TARGET = _PLACE_IS_TARGET | {"RETREAT"}
_PLACE_PREPS = {"in", "across", "inside", "within", "at"}
# Prepositions whose object is a cause or a time, never an act of the governing verb's subject.
_BACKGROUND_PREPS = {"over", "amid", "after", "despite", "following", "before", "since"}
_BORDERS = {"border", "frontier", "boundary", "coast", "line"}
# Types whose act is done together: "X and Y agreed" with no object is X with Y.
_RECIPROCAL = {"AGREE", "CONSULT", "COOPERATE"}
# Types whose object's "with X" is a weapon or a means ("struck the town with rockets"), not a partner.
_WITH_IS_MEANS = {"ASSAULT", "COERCE", "THREATEN", "MOBILIZE"}
# Nominal types whose target may be the governing verb's recipient ("pledged aid to X").
_RECIPIENT_TYPES = {"AID", "COOPERATE", "SUPPORT", "MOBILIZE", "CONCEDE"}
# Verbs whose infinitive complement has the verb's object as subject ("urge X to talk").
_OBJECT_CONTROL = set(
    "urge ask call press encourage order force invite persuade help allow permit tell instruct request "
    "pressure push compel oblige require beg implore warn advise authorize authorise enable".split()
)
_NP_SKIP = {"relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "parataxis", "mark", "punct"}
_NP_PREPS = {"of", "including", "from", "like"}
_RELATIVE = {"which", "who", "that", "whom"}
_CLIMB = {"dobj", "pobj", "prep", "attr", "nsubjpass", "nsubj", "appos", "conj", "compound", "npadvmod", "oprd", "pcomp", "advmod", "dative", "agent"}


def np_tokens(head: Any) -> list[Any]:
    """The tokens of the noun phrase headed by `head`, without clauses and most prepositions."""
    out = []
    stack = [head]
    while stack:
        token = stack.pop()
        out.append(token)
        for child in token.children:
            if child.dep_ in _NP_SKIP:
                continue
            if child.dep_ == "prep" and child.lower_ not in _NP_PREPS:
                continue
            stack.append(child)
    return out


def _subjects(verb: Any) -> list[Any]:
    return [c for c in verb.children if c.dep_ == "nsubj" and c.lower_ not in ("there", "it")]


def _agents(verb: Any) -> list[Any]:
    return [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]


def _objects(verb: Any) -> list[Any]:
    return [c for c in verb.children if c.dep_ in ("dobj", "dative")]


def _prep_objects(token: Any, preps: set[str]) -> list[Any]:
    return [p for c in token.children if c.dep_ in ("prep", "prt") and c.lower_ in preps for p in c.children if p.dep_ == "pobj"]


def _borrowed_subject(verb: Any) -> list[Any]:
    """The subject a subjectless verb takes from the clause it hangs on (see module doc)."""
    current = verb
    for _ in range(4):
        head = current.head
        if head is current:
            return []
        if current.dep_ == "xcomp":
            if head.lemma_.lower() in _OBJECT_CONTROL:
                objects = _objects(head) or _prep_objects(head, {"on", "upon"})
                if objects:
                    return objects
            found = _subjects(head) or [c for c in head.children if c.dep_ == "nsubjpass"]
        elif current.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
            found = _subjects(head)
        elif current.dep_ == "relcl" or (current.dep_ == "acl" and current.tag_ in ("VBG", "VBN")):
            return [head]
        elif current.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children):
            found = _subjects(head)  # purpose clause: "X sent troops to attack Y"
        elif current.dep_ == "advcl" and current.tag_ == "VBG":
            found = _subjects(head)  # participle: "X shelled Y, killing Z"
        else:
            return []
        if found:
            return found
        current = head
    return []


def _governing_verb(noun: Any) -> Any | None:
    current = noun
    for _ in range(6):
        if current.dep_ not in _CLIMB or current.head is current:
            return None
        if current.dep_ == "pobj" and current.head.lower_ in _BACKGROUND_PREPS:
            # "imposed sanctions over the war", "marched after the killing": the noun is the
            # cause or the time of the verb's act, not an act of the verb's subject.
            return None
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            return current
    return None


def _linear_subject(verb: Any, actor_tokens: set[int]) -> list[Any]:
    """A finite verb the parser left without a subject: take the actor just before it.

    "President X on Monday called on Y" is sometimes parsed with "called" hanging off a
    noun; a finite verb has a subject, so the nearest actor on its left (a few words away,
    no verb in between) is taken.
    """
    doc = verb.doc
    own = {t.i for t in verb.subtree}
    for i in range(verb.i - 1, max(-1, verb.i - 7), -1):
        token = doc[i]
        if token.pos_ in ("VERB", "AUX") or token.text in (";", ":", "\"", "“", "”"):
            return []
        if i in actor_tokens and i not in own:
            return [token]
    return []


def _verb_roles(trigger: Trigger, actor_tokens: set[int]) -> tuple[list[Any], list[Any]]:
    verb = trigger.token
    subjects = _subjects(verb)
    subjects = [verb.head if s.lower_ in _RELATIVE and verb.dep_ == "relcl" else s for s in subjects]
    sources = subjects + _agents(verb)
    targets: list[Any] = []
    if not sources and verb.tag_ == "VBN" and verb.dep_ in ("acl", "relcl"):
        # "the PKK, listed as a terrorist group by X": the noun is done to, "by X" does it.
        targets.append(verb.head)
        sources = [p for t in verb.subtree if t.dep_ in ("prep", "agent") and t.lower_ == "by" for p in t.children if p.dep_ == "pobj"]
    if not sources:
        sources = _borrowed_subject(verb)
    if not sources and verb.tag_ in ("VBD", "VBZ", "VBP"):
        sources = _linear_subject(verb, actor_tokens)
    targets += [c for c in verb.children if c.dep_ == "nsubjpass"]
    objects = _objects(verb)
    targets += objects
    targets += _prep_objects(verb, _TARGET_PREPS)
    # "imposed sanctions on X", "launched strikes against X", "held exercises with X": the
    # party hangs off the object.
    object_preps = _TARGET_PREPS - {"for", "at"}
    if trigger.plover in _WITH_IS_MEANS:
        object_preps = object_preps - {"with"}
    for obj in objects:
        targets += _prep_objects(obj, object_preps)
    if trigger.particle is not None:
        targets += [p for p in trigger.particle.children if p.dep_ == "pobj"]
    # "deployed troops to the border with X": the neighbour across a border is the party.
    near = targets + _prep_objects(verb, {"along", "near", "across", "at", "on", "to"})
    targets += [w for t in near if t.lemma_.lower() in _BORDERS for w in _prep_objects(t, {"with", "of"})]
    return sources, targets


# Nouns of a state of affairs: "the Iraq war", "Syria's civil war", "the threat of inflation".
# A place or people named before them says where or whose, not who acts.
_STATE_NOUNS = {"war", "fighting", "unrest", "threat"}


def _noun_roles(trigger: Trigger) -> tuple[list[Any], list[Any]]:
    noun = trigger.token
    sources = [c for c in noun.children if c.dep_ in ("poss", "compound", "amod", "nmod")]

    sources += _prep_objects(noun, _NOUN_SOURCE_PREPS)
    of_objects = _prep_objects(noun, {"of"})
    preps = _NOUN_TARGET_PREPS - {"of"}
    if trigger.plover not in _PLACE_IS_TARGET:
        preps = preps - _PLACE_PREPS  # "talks in Geneva": a venue, not a party
    targets = _prep_objects(noun, preps)
    if trigger.plover in _OF_IS_SOURCE:
        sources += of_objects
    else:
        targets += of_objects
    return sources, targets


def _between(noun: Any) -> tuple[list[Any], list[Any]]:
    """"talks between X and Y": X as source, Y (and further conjuncts) as target."""
    firsts, others = [], []
    for head in _prep_objects(noun, {"between", "among"}):
        firsts.append(head)
        others.extend(head.conjuncts)
    return firsts, others


def assign_roles(
    trigger: Trigger, resolve: Resolver, actor_tokens: set[int] = frozenset(), borrow: bool = True
) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """Source and target participants of `trigger`; `resolve(tokens)` maps head tokens to actors.

    `resolve` receives the tokens of each argument's noun phrase and returns the participants
    whose mentions they overlap (only mentions resolved to an actor count). `borrow=False`
    keeps a noun from taking the governing verb's subject: "X condemned the attack" says
    nothing about who attacked.
    """

    def actors(heads: list[Any], exclude: set[int]) -> tuple[Any, ...]:
        out: list[Any] = []
        for head in heads:
            tokens = [t for t in np_tokens(head) if t.i not in exclude]
            found = resolve(tokens)
            if any(p.actor.country is None for p in found):
                # "police in Hong Kong", "opposition leaders in Zimbabwe": a sector word takes
                # the country of the place its phrase puts it in.
                places = [h for h in _prep_objects(head, {"in", "from"}) if h.i not in exclude]
                found = _placed_side(found, tuple(x for h in places for x in resolve(np_tokens(h))))
            out.extend(found)
        return tuple(out)

    own = {trigger.token.i}
    if trigger.kind == "verb":
        source_heads, target_heads = _verb_roles(trigger, actor_tokens)
        source = actors(source_heads, own)
    else:
        source_heads, target_heads = _noun_roles(trigger)
        firsts, others = _between(trigger.token)
        conj_ids = {t.i for o in others for t in o.subtree}
        source = actors(source_heads, own) + actors(firsts, own | conj_ids)
        if trigger.token.lemma_.lower() in _STATE_NOUNS:
            modifiers = [c for c in trigger.token.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
            where = set(actors(modifiers, own))
            source = tuple(p for p in source if not (p in where and p.actor.kind == "state" and not p.actor.sector))
        target_heads = target_heads + others
    target = actors(target_heads, own)
    if trigger.kind == "verb" and source and not target:
        # "agreed to help X", "threatened to strike X", "refused to meet X": a verb framing an
        # act in its infinitive complement is about the party that act is done to. Only to
        # complete a dyad: a framing verb with no actor as doer does not become an event.
        comps = [c for c in trigger.token.children if c.dep_ == "xcomp"]
        target = actors([h for c in comps for h in _objects(c) + _prep_objects(c, _TARGET_PREPS)], own)
    if borrow and trigger.kind == "noun" and source and all(p.actor.kind == "sector" for p in source):
        # "Kenya launched military operations": a bare sector modifier ("military") names the
        # kind of operation; the governing verb's subject is the one who acts.
        verb = _governing_verb(trigger.token)
        if verb is not None:
            path = {t.i for t in trigger.token.subtree}
            subject = actors([s for s in _subjects(verb) + _agents(verb) if s.i not in path], own | path)
            if subject:
                source = subject
    if borrow and trigger.kind == "noun" and (not source or not target):
        verb = _governing_verb(trigger.token)
        if verb is not None:
            path = {t.i for t in trigger.token.subtree}
            heads = [s for s in _subjects(verb) + _agents(verb) if s.i not in path] or [
                s for s in _borrowed_subject(verb) if s.i not in path
            ]
            if not heads:
                # "X's remarks were made during a visit": the possessor of the passive subject.
                heads = [p for c in verb.children if c.dep_ == "nsubjpass" and c.i not in path for p in c.children if p.dep_ == "poss"]
            borrowed = actors(heads, own | path)
            if not source:
                source = borrowed
            elif not target:
                target = tuple(p for p in borrowed if p not in source)
            if not target and trigger.plover in _RECIPIENT_TYPES | _RECIPROCAL:
                # "pledged aid to X", "sent troops to X": the recipient is the verb's "to" object;
                # "held exercises with X": the partner of a joint act is its "with" object.
                preps = {"to", "for"} if trigger.plover in _RECIPIENT_TYPES else set()
                preps |= {"with"} if trigger.plover in _RECIPROCAL else set()
                recipients = [c for c in verb.children if c.dep_ == "dative" and c.i not in path] if "to" in preps else []
                recipients += [h for h in _prep_objects(verb, preps) if h.i not in path]
                target = actors(recipients, own | path)
    if trigger.kind == "verb" and trigger.plover in _VERB_PLACE_IS_TARGET:
        target = _placed(trigger, target, actors(_place_heads(trigger.token, trigger.plover), own))
    if trigger.plover == "MOBILIZE":
        # "India deployed troops": the troops are the mobiliser's own forces, not a party to it.
        home = {p.actor.country for p in source} - {None}
        target = tuple(p for p in target if not (p.actor.kind == "sector" and p.actor.country in home))
    if not target and trigger.plover in _RECIPROCAL and trigger.kind == "verb" and len(_unique(source)) > 1:
        # "Egypt and Sudan agreed to ...": a joint act with no object is done by the first
        # with the others, coded source first, target the rest (one pair per partner).
        first, *rest = _unique(source)
        source, target = (first,), tuple(rest)
    target = tuple(p for p in target if not any(_same(p.actor, s.actor) for s in source))
    return _unique(source), _unique(target)


def _same(a: Any, b: Any) -> bool:
    """One actor read twice: equal, or one state as country and as its government."""
    if a == b:
        return True
    return a.kb_id is not None and a.kb_id == b.kb_id and {a.sector, b.sector} <= {None, "GOV"}


def _place_heads(verb: Any, plover: str) -> list[Any]:
    """Heads of the places a verb's act happened in: "struck targets in southern Lebanon",
    "sent tents to survivors in Morocco", "withdrew from their base in Niger"."""
    preps = _PLACE_PREPS | {"near"} | ({"from"} if plover == "RETREAT" else set())
    heads = _prep_objects(verb, preps)
    nouns = _objects(verb) + [c for c in verb.children if c.dep_ == "nsubjpass"]
    nouns += _prep_objects(verb, {"to", "from", "on", "against", "along", "near"})
    for noun in nouns:
        heads += _prep_objects(noun, _PLACE_PREPS | {"near"})
    return heads


def _placed(trigger: Trigger, target: tuple[Any, ...], places: tuple[Any, ...]) -> tuple[Any, ...]:
    """The target of an act of force or aid, completed by the country it took place in.

    ICEWS and PLOVER code the party hit in "killed villagers in Nigeria" as Nigerian
    civilians and in "struck targets in Lebanon" as Lebanon: a target with no country takes
    the country of the place, and an act with no target at all is done to that country.
    """
    states = [p for p in places if p.actor.kind == "state" and p.actor.country]
    if not states:
        return target
    if not target:
        return (states[0],)
    return _placed_side(target, states)


def _placed_side(side: tuple[Any, ...], places: tuple[Any, ...]) -> tuple[Any, ...]:
    """`side`, with each sector word that has no country given the country of the first
    state among `places`."""
    states = [p for p in places if p.actor.kind == "state" and p.actor.country]
    if not states:
        return side
    country = states[0].actor.country
    out = []
    for p in side:
        if p.actor.country is None and p.actor.kind == "sector" and p.actor.sector:
            actor = dataclasses.replace(p.actor, country=country, cameo=country + p.actor.sector)
            p = dataclasses.replace(p, actor=actor)
        out.append(p)
    return tuple(out)


def _unique(participants: tuple[Any, ...]) -> tuple[Any, ...]:
    seen: set[Any] = set()
    out = []
    for p in participants:
        key = p.actor
        if key in seen:
            continue
        seen.add(key)
        out.append(p)
    return tuple(out)
