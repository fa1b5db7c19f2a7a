"""Did the event happen? Negation, future or intent, hypothesis and history, from the parse.

A trigger inherits the modality of the clauses it depends on: "did not agree to meet" negates
the meeting, "plans to attack" makes the attack intended, "if they attack" hypothetical. Nouns
take the modality of the verb that governs them ("There has not yet been enough cooperation"
is negated through "been").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from dotterel.model import Modality

__all__ = ["read_modality", "announced"]

_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_HYPOTHETICAL_AUX = {"could", "might", "may", "should", "must", "can", "ought"}
# "would" reports a future from the past ("said it would withdraw") unless it is a
# counterfactual ("would have withdrawn") or under a condition, handled by the "if" rule.
_WOULD = {"would", "'d"}
_CONDITIONAL_MARKS = {"if", "unless", "whether", "lest"}
# Verbs whose infinitive complement has not happened yet: "plans to", "threatened to".
_INTENT = set(
    "plan intend aim seek want hope wish expect prepare threaten vow pledge promise agree decide try attempt "
    "need propose offer urge ask call press demand plead request consider mull weigh push lobby "
    "encourage tell invite warn aspire strive endeavour endeavor determine resolve schedule "
    "set look pray beg".split()
)
# Verbs whose complement did happen ("managed to", "began to"): never intent.
_IMPLICATIVE = {"manage", "begin", "start", "continue", "go", "proceed", "resume", "help", "dare", "get", "happen"}
_SEEK = {"seek", "want", "need", "hope", "wish", "plan", "propose", "request", "demand", "urge", "expect", "consider", "desire", "pursue", "eye", "mull"}
_NEGATORS = {"fail", "refuse", "decline", "neglect", "avoid", "deny", "stop", "cease", "halt", "abandon"}
_INTENT_NOUNS = {"plan", "intention", "intent", "determination", "readiness", "willingness", "bid", "effort", "attempt", "proposal", "call", "threat", "pledge", "promise", "aim", "goal", "desire", "need", "demand", "request", "appeal", "offer"}
_NEGATIVE_NOUNS = {"lack", "absence", "failure", "refusal", "end", "halt", "suspension", "collapse"}
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_YEAR_PREPS = {"in", "since", "during", "between", "from", "until", "till", "by", "of", "throughout"}


def _has_neg(token: Any) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in ("never", "no")) for c in token.children)


def _aux(token: Any) -> set[str]:
    return {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}


def _chain(trigger: Any) -> list[Any]:
    """The trigger and the words it depends on, up to the head of its own clause.

    The walk stops at a clausal complement, so "X said Y did not attack" does not negate
    whatever X's clause holds, and a reported clause does not inherit the reporting verb.
    """
    chain = [trigger]
    current = trigger
    while len(chain) < 8 and current.head is not current:
        if current.dep_ in ("ccomp", "parataxis", "relcl", "csubj"):
            break
        # A conjoined verb with its own subject or auxiliary is a clause of its own; one
        # without shares the first verb's ("to prevent X and enable Y").
        if current.dep_ == "conj" and current.pos_ in ("VERB", "AUX") and any(
            c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "neg") for c in current.children
        ):
            break
        current = current.head
        chain.append(current)
    return chain


# Verbs and nouns by which an actor announces its own future act ("plans to", "vowed to").
_ANNOUNCE = {"plan", "intend", "aim", "prepare", "pledge", "promise", "vow", "threaten", "decide", "agree", "offer", "resolve", "determine", "schedule", "expect", "want", "seek", "hope", "propose", "commit"}


def announced(trigger: Any) -> bool:
    """True when the future of `trigger` is announced by its actor: "will", "plans to", "vowed to"
    (not a purpose clause, a request or a condition, which are not announcements)."""
    chain = _chain(trigger)
    for position, token in enumerate(chain):
        if token.pos_ in ("VERB", "AUX") and _aux(token) & (_FUTURE_AUX | _WOULD) and "have" not in _aux(token):
            return True
        below = chain[position - 1] if position else None
        if below is not None and below.dep_ in ("xcomp", "acl") and token.lemma_.lower() in (_ANNOUNCE | _INTENT_NOUNS):
            return True
        if token.lemma_.lower() == "go" and token.tag_ == "VBG" and any(c.dep_ == "xcomp" for c in token.children):
            return True
    return False


def read_modality(trigger: Any, published: dt.date | None = None) -> Modality:
    """Modality of the event signalled by the spaCy token `trigger`."""
    negated = future = hypothetical = False
    chain = _chain(trigger)
    for position, token in enumerate(chain):
        is_verb = token.pos_ in ("VERB", "AUX")
        below = chain[position - 1] if position else None
        if _has_neg(token) and (is_verb or token is trigger):
            negated = True
        if any(c.dep_ == "det" and c.lower_ in ("no",) for c in token.children):
            negated = True
        if below is not None and token.lemma_.lower() in _NEGATIVE_NOUNS and token.pos_ == "NOUN":
            negated = True
        if below is not None and below.dep_ == "xcomp" and token.lemma_.lower() in _NEGATORS:
            negated = True
        aux = _aux(token) if is_verb else set()
        if aux & _FUTURE_AUX:
            future = True
        if aux & _WOULD:
            if "have" in aux:
                hypothetical = True
            else:
                future = True
        if aux & _HYPOTHETICAL_AUX:
            hypothetical = True
        if token.lemma_.lower() == "go" and any(c.dep_ == "xcomp" for c in token.children) and token.tag_ == "VBG":
            future = True
        if below is trigger and trigger.pos_ == "NOUN" and below.dep_ == "dobj" and token.lemma_.lower() in _SEEK:
            future = True
        if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in token.children):
            hypothetical = True
        if below is not None and below.dep_ in ("xcomp", "acl", "advcl") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in below.children
        ):
            lemma = token.lemma_.lower()
            if lemma in _INTENT or (token.pos_ == "NOUN" and lemma in _INTENT_NOUNS) or below.dep_ == "advcl":
                future = True
            elif lemma not in _IMPLICATIVE and token.pos_ in ("VERB", "NOUN"):
                future = True
    if _demanded(chain):
        future = True
    historical = _historical(chain, published)
    return Modality(negated=negated, future=future, hypothetical=hypothetical, historical=historical)


# Verbs whose clause asks for an act rather than reports it ("demanded that X withdraw",
# "insisted on X withdrawing"): the act has not happened.
_MANDATIVE = {"demand", "insist", "urge", "ask", "request", "propose", "recommend", "require", "order", "suggest"}


def _demanded(chain: list[Any]) -> bool:
    """True when the trigger's clause is what a demand asks for: a that-clause under a mandative
    verb, or a gerund after "insist on"/"call for"."""
    top = chain[-1]
    if top.dep_ == "ccomp" and top.head.lemma_.lower() in _MANDATIVE and top.head.pos_ == "VERB":
        return not any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("has", "have", "had", "was", "were") for c in top.children)
    for below, token in zip(chain, chain[1:]):
        if below.dep_ == "pcomp" and token.lower_ in ("on", "upon", "for") and token.head.lemma_.lower() in _MANDATIVE:
            return True
        # the small model often hangs the gerund on the verb itself: insisted -> on, -> withdrawing
        if below.dep_ == "advcl" and below.tag_ == "VBG" and token.lemma_.lower() in _MANDATIVE and any(
                c.dep_ == "prep" and c.lower_ in ("on", "upon") and c.i < below.i for c in token.children):
            return True
    return False


def _historical(chain: list[Any], published: dt.date | None) -> bool:
    """True when a year before the article's own year dates the trigger's clause.

    Without a publication date the reference is today's year; the when stage, which knows
    more about dates, may refine the flag.
    """
    reference = (published or dt.date.today()).year
    clause = next((t for t in chain if t.pos_ in ("VERB", "AUX")), chain[-1])
    years = []
    since = False
    for token in {*clause.subtree, *chain[0].subtree}:
        if not _YEAR.match(token.text):
            continue
        head = token.head
        in_brackets = token.i > 0 and token.nbor(-1).text == "("
        if head.lower_ in _YEAR_PREPS or head is clause or in_brackets or token.dep_ in ("npadvmod", "nummod"):
            years.append(int(token.text))
            since = since or head.lower_ == "since"
    if not years:
        return False
    # "in 2016" (or an event running "since 2016") before the article's year is old news.
    return max(years) < reference or (since and min(years) < reference)
