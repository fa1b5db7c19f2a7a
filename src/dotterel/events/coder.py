"""The event stage: triggers -> typed, dated-later, modality-flagged events with participants.

Rule for emitting an event: a trigger fired (lexicon, or a verb vector close to a lexicon verb),
and at least one of its source or target resolved to a coded actor (one with a country, or a
known organisation or person from the KB); sector words alone ("the firm", "campaigners") do not
make an event. Nothing
is emitted for a sentence without a trigger: there is no fallback code.

Modality: every event carries its flags; by default only historical events are kept, while
negated ("did not attack"), future ("plans to attack") and hypothetical ("if ... could
attack") ones are dropped (`keep=` changes that). An act its actor announces ("will sign",
"vowed to retaliate") is itself coded, as PLOVER does: cooperation as AGREE, force as THREATEN.
With a trained model (`model_dir`), each event is re-read as a marked source/target pair and
re-typed when the model is confident (> 0.5) of another type.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from dotterel.events.classification import Classification, Classifier
from dotterel.events.lexicon import Lexicon, _data_path
from dotterel.events.modality import announced, read_modality
from dotterel.events.roles import assign_roles
from dotterel.events.sport import SportFilter
from dotterel.events.triggers import Trigger, find_triggers
from dotterel.model import QUAD_OF_PLOVER, Analysis, Event, Mention, Modality, Participant
from dotterel.stage import Stage

__all__ = ["EventCoder", "MODALITIES", "refine_code"]

_log = logging.getLogger(__name__)

#: The modality flags an event can carry; `keep` chooses which flagged events survive.
MODALITIES = frozenset({"negated", "future", "hypothetical", "historical"})
DEFAULT_KEEP = frozenset({"historical"})

# An embedded trigger refines the CAMEO code of the one above it: "called on X to cooperate"
# is an appeal for material cooperation (021), not a bare appeal (020).
_SUBCODE = {
    "020": {"COOPERATE": "021", "SUPPORT": "022", "AID": "023", "CONCEDE": "025", "RETREAT": "025", "CONSULT": "026", "AGREE": "027"},
    "100": {"COOPERATE": "101", "SUPPORT": "102", "AID": "103", "CONCEDE": "105", "RETREAT": "105", "CONSULT": "106", "AGREE": "107"},
    "030": {"COOPERATE": "031", "SUPPORT": "032", "AID": "033", "CONCEDE": "035", "RETREAT": "035", "CONSULT": "036", "AGREE": "037"},
    "120": {"COOPERATE": "121", "AID": "122", "CONCEDE": "124", "RETREAT": "124", "CONSULT": "125", "AGREE": "127"},
    "130": {"ASSAULT": "138", "COERCE": "137", "SANCTION": "131", "MOBILIZE": "138"},
}


_COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
_INTENT_CODE = {"AGREE": "030", "CONSULT": "036", "SUPPORT": "032", "CONCEDE": "035", "COOPERATE": "031", "AID": "033", "RETREAT": "035"}
_THREAT_CODE = {"ASSAULT": "138", "COERCE": "137", "SANCTION": "131", "MOBILIZE": "138", "PROTEST": "133"}


def intent_type(trigger: Trigger, modality: Modality) -> tuple[str, str] | None:
    """How PLOVER codes an announced act: cooperation in the future tense is AGREE (an intent),
    force or coercion in the future tense is THREATEN. None when the act is not of that kind."""
    if not modality.future or modality.negated or modality.hypothetical:
        return None
    if trigger.plover in _COOPERATIVE:
        return "AGREE", _INTENT_CODE[trigger.plover]
    if trigger.plover in _THREAT_CODE:
        return "THREATEN", _THREAT_CODE[trigger.plover]
    return None


def governed(trigger: Trigger, triggers: list[Trigger]) -> bool:
    """True when another trigger governs this one ("urged X to release": release is governed)."""
    others = {t.token.i for t in triggers if t.token.i != trigger.token.i}
    current = trigger.token
    for _ in range(6):
        if current.head is current or current.dep_ in ("ccomp", "parataxis", "relcl", "conj"):
            return False
        current = current.head
        if current.i in others:
            return True
    return False


def refine_code(trigger: Trigger, triggers: list[Trigger]) -> str:
    """The 3-digit CAMEO code of `trigger`, refined by a trigger in its infinitive complement."""
    table = _SUBCODE.get(trigger.cameo)
    if not table:
        return trigger.cameo
    below = {t.token.i: t for t in triggers}
    for token in trigger.token.subtree:
        if token.i == trigger.token.i or token.i not in below:
            continue
        if token.dep_ in ("xcomp", "dobj", "pobj") or token.head.dep_ == "xcomp":
            code = table.get(below[token.i].plover)
            if code:
                return code
    return trigger.cameo


def _one_per_dyad(events: list[Event]) -> list[Event]:
    """One event per type and dyad in a sentence: "attacked X, killing ten" is one attack.

    Two triggers of one type between the same parties describe one act, and so does a trigger
    whose parties are a part of another's ("killing four of them": no target). The fuller
    event is kept; between equals, the more confident (the first on a tie). Counts of events
    per dyad are then not inflated by wording.
    """

    def parties(e: Event) -> tuple[frozenset, frozenset]:
        return frozenset(p.actor for p in e.source), frozenset(p.actor for p in e.target)

    def covers(a: Event, b: Event) -> bool:
        """True when `a` tells all `b` tells (and wins a tie)."""
        if (a.plover_type, a.modality) != (b.plover_type, b.modality):
            return False
        (a_src, a_tgt), (b_src, b_tgt) = parties(a), parties(b)
        if not (b_src <= a_src and b_tgt <= a_tgt):
            return False
        if (a_src, a_tgt) != (b_src, b_tgt):
            return True
        return a.confidence > b.confidence or (a.confidence == b.confidence and events.index(a) < events.index(b))

    return [e for e in events if not any(o is not e and covers(o, e) for o in events)]


# Sectors that make a party political even without a country: state forces and officials,
# armed groups, parties, protesters and strikers (what ACLED and ICEWS count).
_POLITICAL_SECTORS = frozenset(
    "GOV MIL COP SPY JUD LEG PTY OPP REB INS SEP IGO CRM ACT LAB".split()
)


# CAMEO 042 make a visit (hosting, 043, is done by states too: "Kenya hosted the talks").
_VISITS = frozenset({"042"})
_OFFICIAL_SECTORS = frozenset("GOV MIL COP SPY JUD LEG PTY OPP REB INS SEP IGO ELI".split())


def _official(actor: Any) -> bool:
    """Someone who acts for a state or an organisation: an official sector, or a KB person or group."""
    return actor.sector in _OFFICIAL_SECTORS or (actor.kind in ("person", "group", "igo") and bool(actor.kb_id))


def _coded(actor: Any) -> bool:
    """True for an actor an analyst can use: a country, a KB entry, or a political sector."""
    return bool(actor.country or actor.kb_id or actor.sector in _POLITICAL_SECTORS)


def _coded_first(side: tuple[Participant, ...]) -> tuple[Participant, ...]:
    """Drop uncoded names (no country, no sector) from a side that has a coded actor.

    In "Ankara launched operations: Euphrates Shield, Olive Branch" the operation names are
    unknown to the KB and are not parties; a side made only of unknown names is kept as is.
    """
    coded = tuple(p for p in side if p.actor.country or p.actor.sector)
    return coded if coded else side


class EventCoder(Stage[Analysis, Analysis]):
    """Fills `Analysis.events`; also types marked sentences (`classify`) for benchmarks.

    keep: which modality flags an event may carry and still be emitted (default: only
    historical; negated, future and hypothetical events are dropped). threshold: minimum
    confidence. model_dir: a model written by `train`, layered on the lexicon coder.
    vectors: let word vectors type verbs the lexicon lacks. keep_sport: code sport stories and
    game-play sentences too (dropped by default, see `events.sport`).
    """

    name = "events"

    def __init__(
        self,
        model_dir: Path | None = None,
        keep: Iterable[str] = DEFAULT_KEEP,
        threshold: float = 0.0,
        vectors: bool = True,
        nlp: Any = None,
        keep_sport: bool = False,
    ) -> None:
        self.keep = frozenset(keep)
        self.sport = None if keep_sport else SportFilter()
        unknown = self.keep - MODALITIES
        if unknown:
            from dotterel.errors import UserError

            raise UserError(f"Unknown modality {sorted(unknown)} in keep; choose from {sorted(MODALITIES)}.")
        self.threshold = threshold
        self.lexicon = Lexicon()
        self.contexts = _load_contexts()
        self.vectors = None
        self.vectors_loose = None
        from dotterel.events.embedding import available

        if vectors and not available():
            # The lexicon alone still codes; only unknown verbs go unseen.
            _log.warning("Sentence-embedding packages missing: unknown verbs will not be typed by vectors.")
            vectors = False
        if vectors:
            from dotterel.events.embedding import VerbSpace

            plain = [(e.head, e.plover) for e in self.lexicon.entries if e.kind == "verb" and not e.conditions and not e.particle]
            self.vectors = VerbSpace(plain)
            self.vectors_loose = VerbSpace(plain, min_similarity=0.55, shared=self.vectors)
        self.classifier = Classifier(self, model_dir=model_dir, nlp=nlp)
        from dotterel.events.calibration import Calibration

        self.calibration = Calibration.load()

    # -- prefilter -----------------------------------------------------------------------
    def may_hold_event(self, sentence_text: str) -> bool:
        """Cheap, high-recall test: can this sentence hold a lexicon trigger at all (and is it not
        about play in a game)?"""
        if self.sport is not None and self.sport.sentence(sentence_text):
            return False
        return self.lexicon.may_hold_event(sentence_text)

    def may_hold_events(self, article_text: str) -> bool:
        """Whole-article test: a sport story yields no events, so none of it needs parsing."""
        return self.sport is None or not self.sport.story(article_text)

    # -- stage ---------------------------------------------------------------------------
    def __call__(self, analysis: Analysis) -> Analysis:
        """The analysis with `events` filled from every parsed sentence."""
        events: list[Event] = []
        by_sentence: dict[int, list[Mention]] = {}
        for mention in analysis.mentions:
            if mention.actors:
                by_sentence.setdefault(mention.sentence, []).append(mention)
        if not self.may_hold_events(analysis.article.text):
            return dataclasses.replace(analysis, events=())
        for sentence, doc in zip(analysis.sentences, analysis.docs):
            mentions = by_sentence.get(sentence.index)
            if doc is None or not mentions or (self.sport is not None and self.sport.sentence(sentence.text)):
                continue
            events.extend(self.code_sentence(analysis, sentence, doc, mentions))
        return dataclasses.replace(analysis, events=tuple(events))

    def pipe(self, items: Iterable[Analysis], batch_size: int = 64) -> Iterator[Analysis]:
        for item in items:
            yield self(item)

    def code_sentence(self, analysis: Analysis, sentence: Any, doc: Any, mentions: list[Mention]) -> list[Event]:
        """Events of one parsed sentence, given its actor mentions (article offsets)."""
        resolve, actor_tokens = _resolver(doc, sentence.start, mentions)
        triggers = find_triggers(doc, self.lexicon, self.vectors, actor_tokens)
        triggers = _drop_light_duplicates(triggers)
        contexts = self._contexts(sentence.text)
        events = []
        verbs = {t.token.i for t in triggers if t.kind == "verb"}
        for trigger in triggers:
            borrow = not (trigger.kind == "noun" and trigger.token.head.i in verbs)
            source, target = assign_roles(trigger, resolve, actor_tokens, borrow=borrow)
            source, target = _coded_first(source), _coded_first(target)
            if not any(_coded(p.actor) for p in source + target):
                # "the firm denied reports", "43% disagreed": a trigger whose parties are only
                # uncoded private words (no country, no KB entry, no political sector) is not
                # political event data. "Gunmen killed two people in Mosul" is kept: the where
                # stage gives the gunmen the country of the place, as ICEWS does.
                continue
            if not source and trigger.plover == "ASSAULT" and _outcome_only(trigger.token):
                continue
            if trigger.cameo in _VISITS and not any(_official(p.actor) for p in source):
                # "Britons who travel to Syria", "he flew to London": a visit is an event between
                # states only when someone who acts for one makes it.
                continue
            if not source and trigger.kind == "noun":
                # "the war in Ukraine", "sanctions on Iran": a state of affairs named by a noun,
                # with nobody doing it in this sentence, is background, not an event.
                continue
            modality = read_modality(trigger.token, analysis.article.published)
            if modality.future and announced(trigger.token) and not governed(trigger, triggers):
                # An announced act is itself an event: an intent (AGREE) or a threat.
                retyped = intent_type(trigger, modality)
                if retyped is not None:
                    trigger = dataclasses.replace(trigger, plover=retyped[0], cameo=retyped[1])
                    modality = dataclasses.replace(modality, future=False)
            if any(getattr(modality, flag) and flag not in self.keep for flag in MODALITIES):
                continue
            # How often events with this kind of evidence were right on our own gold.
            confidence = self.calibration.confidence(trigger, source, target, modality)
            if self.classifier.model is not None:
                trigger, confidence = self._retype(doc, sentence.start, trigger, source, target, confidence)
            if confidence < self.threshold:
                continue
            events.append(self._event(analysis, sentence, trigger, triggers, source, target, modality, contexts, confidence))
        return _one_per_dyad(events)

    def _retype(self, doc, offset, trigger, source, target, confidence):
        """Let the trained model re-type an event, reading it as a marked source/target pair."""
        s_span = (source[0].start - offset, source[0].end - offset) if source else None
        t_span = (target[0].start - offset, target[0].end - offset) if target else None
        result = self.classifier.decide(self.classifier.zero_shot(doc, s_span, t_span))
        if result.plover_type == trigger.plover:
            return trigger, max(confidence, round(result.confidence, 3))
        if result.confidence < 0.5:
            return trigger, confidence
        return dataclasses.replace(trigger, plover=result.plover_type, cameo=result.cameo_code), round(result.confidence, 3)

    def _event(self, analysis, sentence, trigger, triggers, source, target, modality, contexts, confidence) -> Event:
        code = refine_code(trigger, triggers)
        row = self.lexicon.code(code)
        start = sentence.start + trigger.start
        end = sentence.start + trigger.end
        key = "|".join(
            [
                analysis.article.article_id,
                str(sentence.index),
                str(start),
                str(end),
                trigger.plover,
                ",".join(f"{p.start}-{p.end}" for p in source),
                ",".join(f"{p.start}-{p.end}" for p in target),
            ]
        )
        return Event(
            event_id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
            article_id=analysis.article.article_id,
            sentence=sentence.index,
            source=source,
            target=target,
            plover_type=trigger.plover,
            cameo_code=row.code,
            goldstein=row.goldstein,
            quad=QUAD_OF_PLOVER[trigger.plover],
            evidence=sentence.text,
            trigger=trigger.text,
            trigger_start=start,
            trigger_end=end,
            plover_mode=trigger.mode,
            plover_context=contexts,
            modality=modality,
            confidence=confidence,
        )

    def _contexts(self, text: str) -> tuple[str, ...]:
        lower = text.lower()
        return tuple(name for name, pattern in self.contexts if pattern.search(lower))

    # -- benchmarks ----------------------------------------------------------------------
    def classify(self, marked: str) -> Classification:
        """Type the relation between `<s>source</s>` and `<t>target</t>` in one sentence."""
        return self.classifier.classify(marked)


def _load_contexts() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for raw in _data_path("contexts.tsv").read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#") or raw.startswith("context\t"):
            continue
        name, cues = raw.split("\t", 1)
        alternatives = "|".join(re.escape(c.strip()) for c in cues.split(",") if c.strip())
        out.append((name, re.compile(rf"\b(?:{alternatives})")))
    return out


def _resolver(doc: Any, offset: int, mentions: list[Mention]):
    """Map noun-phrase tokens to participants, and list the tokens inside actor mentions."""
    spans = [(m.start - offset, m.end - offset, m) for m in mentions]
    actor_tokens: set[int] = set()
    token_mentions: dict[int, list[Mention]] = {}
    for token in doc:
        lo, hi = token.idx, token.idx + len(token.text)
        for start, end, mention in spans:
            if lo < end and start < hi:
                actor_tokens.add(token.i)
                token_mentions.setdefault(token.i, []).append(mention)

    def resolve(tokens: Iterable[Any]) -> tuple[Participant, ...]:
        seen: list[Mention] = []
        for token in sorted(tokens, key=lambda t: t.i):
            for mention in token_mentions.get(token.i, ()):
                if mention not in seen:
                    seen.append(mention)
        return tuple(Participant(m.text, m.start, m.end, actor) for m in seen for actor in m.actors)

    return resolve, actor_tokens


def _outcome_only(token: Any) -> bool:
    """True for a verb of force that names no doer at all: "three soldiers were killed".

    A death or injury reported without anyone doing it is an outcome, not an ASSAULT by a
    source on a target (PLOVER codes the act of the perpetrator). A subject or "by" agent that
    the actors stage could not resolve still counts as a doer, and a verb that shares its
    subject with another ("stormed the town and killed ...") is not outcome-only.
    """
    if token.pos_ != "VERB" or token.dep_ in ("conj", "xcomp", "advcl"):
        return False
    return not any(c.dep_ in ("nsubj", "csubj", "agent", "expl") for c in token.children)


def _drop_light_duplicates(triggers: list[Trigger]) -> list[Trigger]:
    """"imposed sanctions", "launched an attack": one event, not two of the same type."""
    verbs = {t.token.i: t for t in triggers if t.kind == "verb"}
    out = []
    for trigger in triggers:
        head = verbs.get(trigger.token.head.i)
        if trigger.kind == "noun" and head is not None and head.plover == trigger.plover and trigger.token.dep_ in ("dobj", "pobj", "attr"):
            continue
        out.append(trigger)
    return out


def _confidence(trigger: Trigger, source: tuple, target: tuple, modality: Modality) -> float:
    """A probability-like score: lexicon > vector, both roles > one role, verbs > nouns."""
    score = 0.55 if trigger.via == "lexicon" else 0.25 + 0.3 * max(0.0, trigger.strength - 0.7) / 0.3
    if source and target:
        score += 0.25
    elif source:
        score += 0.1
    if trigger.kind == "noun":
        score -= 0.08
    if not modality.factual:
        score -= 0.1
    return round(min(0.95, max(0.05, score)), 3)
