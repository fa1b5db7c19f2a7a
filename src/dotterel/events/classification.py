"""Type the relation between two marked spans: "<s>X</s> ... <t>Y</t>" -> PLOVER, CAMEO, quad.

Zero-shot, every lexicon (or vector) trigger in the sentence is scored by how well its parse
roles line up with the marked spans and how close it sits to them; the best trigger per type
gives that type's score. PLOVER codes demands but not appeals, so an appeal is typed by the act
it asks for. A sentence with no trigger at all is typed by sentence-embedding similarity with
example sentences per type (`data/prototypes.tsv`), which also get an equal say when the
lexicon is unsure. A model written by `train` is layered on top: it sees the zero-shot scores
as features.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dotterel.errors import UserError
from dotterel.events.lexicon import DEFAULT_CAMEO
from dotterel.events.modality import announced, read_modality
from dotterel.events.roles import assign_roles
from dotterel.events.triggers import Trigger, find_triggers
from dotterel.model import PLOVER_TYPES, QUAD_OF_PLOVER, Actor, Modality, Participant

if TYPE_CHECKING:  # pragma: no cover
    from dotterel.events.coder import EventCoder

__all__ = ["Classification", "Classifier", "parse_marked", "OLD_NAMES", "ZeroShot"]

#: PLOVER 0.5 / older names and what they are called now.
OLD_NAMES = {"YIELD": "CONCEDE", "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}

_COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
# Types whose trigger frames an act in its infinitive complement: agree/promise, urge/ask,
# refuse, threaten to do something.
_FRAMING = {"AGREE", "REQUEST", "REJECT", "THREATEN"}
# PLOVER codes demands (REQUEST) but not appeals ("a request or appeal—which is not coded in
# PLOVER"): an appeal (CAMEO 02x: call on, urge, ask) that names the act it asks for is typed by
# that act, and asking others to act against the target is DISAPPROVE/ACCUSE ("solicit other
# parties to take actions against the target").
_AGAINST = {"ACCUSE", "SANCTION", "COERCE", "ASSAULT"}
_DELIVERED = {"AID"}
_HELPING = {"AID", "SUPPORT", "COOPERATE"}
_EMBED_DEPS = {"xcomp", "ccomp", "dobj", "pobj", "prep", "advcl", "acl", "attr", "oprd"}
_MARK = re.compile(r"<([st])>(.*?)</\1>", re.S | re.I)
SOURCE = Actor(name="<source>", kind="unknown")
TARGET = Actor(name="<target>", kind="unknown")

# Below this top probability the lexicon is unsure, and the prototype sentences get an equal say.
_UNSURE = 0.5
_PROTOTYPE_WEIGHT = 0.5
# Cosine similarities of MiniLM sentences differ by hundredths; this scale makes them a distribution.
_SHARPNESS = 20.0


@dataclass(frozen=True)
class Classification:
    """The type of one marked relation, with a score per PLOVER type (they sum to 1)."""

    plover_type: str
    quad: int
    cameo_code: str
    goldstein: float
    confidence: float
    scores: dict[str, float] = field(hash=False)
    trigger: str | None = None
    via: str = "lexicon"  # lexicon | vector | description | model, "+prototypes" when blended
    modality: Modality = field(default_factory=Modality)

    def as_row(self) -> dict[str, Any]:
        """A flat row for `emit`."""
        top = sorted(self.scores.items(), key=lambda kv: -kv[1])[:3]
        return {
            "plover_type": self.plover_type,
            "quad": self.quad,
            "cameo_code": self.cameo_code,
            "goldstein": self.goldstein,
            "confidence": round(self.confidence, 3),
            "trigger": self.trigger,
            "via": self.via,
            "modality": [k for k in ("negated", "future", "hypothetical", "historical") if getattr(self.modality, k)],
            "top": [f"{k}:{v:.2f}" for k, v in top],
        }


def parse_marked(marked: str) -> tuple[str, tuple[int, int] | None, tuple[int, int] | None]:
    """Strip `<s>`/`<t>` markup; return the text and the source and target character spans."""
    spans: dict[str, tuple[int, int]] = {}
    out: list[str] = []
    last = 0
    length = 0
    for match in _MARK.finditer(marked):
        before = marked[last : match.start()]
        out.append(before)
        length += len(before)
        inner = match.group(2)
        spans[match.group(1).lower()] = (length, length + len(inner))
        out.append(inner)
        length += len(inner)
        last = match.end()
    out.append(marked[last:])
    text = "".join(out)
    if not spans:
        raise UserError("Mark the source as <s>...</s> and the target as <t>...</t> in the sentence.")
    return text, spans.get("s"), spans.get("t")


@dataclass(frozen=True)
class ZeroShot:
    """What the lexicon coder found for one marked sentence (also the trained model's input)."""

    text: str
    scores: dict[str, float] = field(hash=False)
    trigger: Trigger | None
    via: str
    modality: Modality
    doc: Any = field(hash=False, compare=False, repr=False)
    source_span: tuple[int, int] | None = None
    target_span: tuple[int, int] | None = None


class Classifier:
    """Zero-shot scoring of marked relations, optionally topped by a trained model."""

    def __init__(self, coder: EventCoder, model_dir: Path | None = None, nlp: Any = None) -> None:
        self.coder = coder
        self._nlp = nlp
        self._prototypes: Any = None
        self.model = None
        if model_dir is not None:
            from dotterel.events.training import TrainedModel

            self.model = TrainedModel.load(Path(model_dir))

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            from dotterel.nlp.parser import load_spacy

            self._nlp = load_spacy()
        return self._nlp

    def classify(self, marked: str) -> Classification:
        """Classification of one marked sentence (see module doc)."""
        text, s_span, t_span = parse_marked(marked)
        shot = self.zero_shot(self.nlp(text), s_span, t_span)
        return self.decide(shot)

    def decide(self, shot: ZeroShot) -> Classification:
        scores, via = shot.scores, shot.via
        if self.model is not None:
            scores = self.model.predict(shot)
            via = "model"
        else:
            blended = self._blend(shot)
            if blended is not None:
                scores, via = blended, f"{via}+prototypes"
        best = max(scores, key=scores.get)
        code = DEFAULT_CAMEO[best]
        if shot.trigger is not None and shot.trigger.plover == best:
            code = shot.trigger.cameo
        row = self.coder.lexicon.code(code)
        return Classification(
            plover_type=best,
            quad=QUAD_OF_PLOVER[best],
            cameo_code=row.code,
            goldstein=row.goldstein,
            confidence=round(scores[best], 4),
            scores=scores,
            trigger=shot.trigger.text if shot.trigger is not None else None,
            via=via,
            modality=shot.modality,
        )

    def zero_shot(self, doc: Any, s_span: tuple[int, int] | None, t_span: tuple[int, int] | None) -> ZeroShot:
        """Score every trigger of `doc` against the marked spans (sentence-relative offsets)."""
        s_tokens = _tokens_in(doc, s_span)
        t_tokens = _tokens_in(doc, t_span)
        source_p = Participant("<s>", *(s_span or (0, 0)), actor=SOURCE)
        target_p = Participant("<t>", *(t_span or (0, 0)), actor=TARGET)

        def resolve(tokens: Any) -> tuple[Participant, ...]:
            found = []
            ids = {t.i for t in tokens}
            if ids & s_tokens:
                found.append(source_p)
            if ids & t_tokens:
                found.append(target_p)
            return tuple(found)

        from dotterel.events.coder import governed, intent_type

        triggers = find_triggers(doc, self.coder.lexicon, self.coder.vectors, s_tokens | t_tokens)
        if not triggers and self.coder.vectors_loose is not None:
            # The spans are given, so every verb may be the relation: let the vectors try them all.
            triggers = find_triggers(doc, self.coder.lexicon, self.coder.vectors_loose, None)
        raw: dict[str, float] = {}
        best: tuple[float, Trigger] | None = None
        verbs = {t.token.i for t in triggers if t.kind == "verb"}
        frames = {t.token.i for t in triggers if t.kind == "verb" and t.plover in _FRAMING}
        base = {t.token.i: _trigger_score(t, resolve, s_tokens, t_tokens) for t in triggers}
        for trigger in triggers:
            score = base[trigger.token.i]
            if trigger.token.i in s_tokens or trigger.token.i in t_tokens:
                score *= 0.5  # part of a name ("the striking nurses"), not the relation between them
            if trigger.kind == "noun" and _under_verb(trigger.token, verbs):
                score *= 0.6  # "lifted sanctions", "pledged $5m in aid": the verb is the act
            elif trigger.kind == "verb" and _framed(trigger.token, frames):
                score *= 0.6  # "agreed to withdraw", "urged X to release": the framing act is coded
            below = _embedded(trigger, triggers)
            if below is not None and trigger.kind == "verb" and trigger.plover in _FRAMING:
                # A commitment, demand, refusal or threat is about the act it frames, so it is
                # with whoever that act is with: "X agreed to send aid to Y" is X agreeing with Y.
                score = max(score, base[below.token.i] + 0.1)
            if trigger.plover == "REQUEST" and trigger.cameo.startswith("02") and below is not None:
                trigger = _retype_appeal(trigger, below)
            elif trigger.plover == "MOBILIZE" and _sent_to_help(trigger, below):
                # PLOVER AID includes "military and police assistance including arms and personnel".
                trigger = dataclasses.replace(trigger, plover="AID", cameo="074")
            modality = read_modality(trigger.token, None)
            if modality.negated and trigger.plover == "AID":
                # PLOVER: refusing to provide aid is coded as SANCTION, not REJECT.
                trigger = dataclasses.replace(trigger, plover="SANCTION", cameo="162")
            elif modality.negated and trigger.plover in _COOPERATIVE:
                # Not cooperating with someone, between two named parties, is a refusal.
                trigger = dataclasses.replace(trigger, plover="REJECT", cameo="120")
            elif modality.future and announced(trigger.token) and not governed(trigger, triggers):
                retyped = intent_type(trigger, modality)
                if retyped is not None:
                    trigger = dataclasses.replace(trigger, plover=retyped[0], cameo=retyped[1])
            elif trigger.plover in _DELIVERED and _unrealised(trigger.token) and not governed(trigger, triggers):
                # CAMEO 07: "the lead must report the delivery of aid; promises to provide aid"
                # are intents (033), which PLOVER codes as AGREE.
                trigger = dataclasses.replace(trigger, plover="AGREE", cameo="033")
            if score > raw.get(trigger.plover, 0.0):
                raw[trigger.plover] = score
            if best is None or score > best[0]:
                best = (score, trigger)
        if best is None:
            return ZeroShot(doc.text, self._describe(doc.text, s_span, t_span), None, "description", Modality(), doc, s_span, t_span)
        scores = _softmax(raw, temperature=0.7)
        trigger = best[1]
        modality = read_modality(trigger.token, None)
        return ZeroShot(doc.text, scores, trigger, trigger.via, modality, doc, s_span, t_span)

    def _prototype_scores(self, text: str, s_span: Any, t_span: Any) -> dict[str, float] | None:
        """Similarity of the masked sentence to each type's example sentences, or None without
        the embedding packages."""
        from dotterel.events.embedding import Prototypes, available

        if not available():
            return None
        if self._prototypes is None:
            self._prototypes = Prototypes()
        return self._prototypes.scores(_mask(text, s_span, t_span))

    def _describe(self, text: str, s_span: Any, t_span: Any) -> dict[str, float]:
        sims = self._prototype_scores(text, s_span, t_span)
        if sims is None:
            return _softmax({})  # no trigger and no embeddings: say so with a flat distribution
        return _softmax({t: sims.get(t, -1.0) * _SHARPNESS for t in PLOVER_TYPES}, temperature=1.0)

    def _blend(self, shot: ZeroShot) -> dict[str, float] | None:
        """Lexicon scores averaged with prototype scores when the lexicon is unsure, else None."""
        if shot.via == "description" or max(shot.scores.values()) >= _UNSURE:
            return None
        sims = self._prototype_scores(shot.text, shot.source_span, shot.target_span)
        if sims is None:
            return None
        near = _softmax({t: sims.get(t, -1.0) * _SHARPNESS for t in PLOVER_TYPES}, temperature=1.0)
        # A product of the two opinions (geometric mean): where both agree the result is sure.
        product = {t: (shot.scores[t] ** (1 - _PROTOTYPE_WEIGHT)) * (near[t] ** _PROTOTYPE_WEIGHT) for t in PLOVER_TYPES}
        total = sum(product.values())
        return {t: v / total for t, v in product.items()}


def _under_verb(noun: Any, verbs: set[int]) -> bool:
    """True when a verb trigger governs `noun` within its own clause."""
    current = noun
    for _ in range(4):
        if current.dep_ in ("ccomp", "relcl", "advcl", "parataxis", "ROOT", "nsubj", "nsubjpass"):
            return False
        current = current.head
        if current.i in verbs:
            return True
    return False


def _embedded(trigger: Trigger, triggers: list[Trigger]) -> Trigger | None:
    """The verb trigger nearest below `trigger` in its complement ("urged X to *withdraw*",
    "called for *sanctions*", "agreed to *release*"), or None. Subjects and relative clauses
    are not complements: "the country that attacked" says nothing about what was asked."""
    best: tuple[int, Trigger] | None = None
    for other in triggers:
        if other.token.i == trigger.token.i:
            continue
        current, hops = other.token, 0
        while hops < 3 and current.dep_ in _EMBED_DEPS and current.head is not current:
            current, hops = current.head, hops + 1
            if current.i == trigger.token.i:
                if best is None or hops < best[0]:
                    best = (hops, other)
                break
    return best[1] if best is not None else None


def _unrealised(verb: Any) -> bool:
    """True for an infinitive that is not (yet) an act: "ready to provide", "is to send"."""
    return verb.tag_ == "VB" and verb.dep_ in ("xcomp", "acomp", "ccomp", "ROOT") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    )


def _sent_to_help(trigger: Trigger, below: Trigger | None) -> bool:
    """True when forces are sent to help, not to threaten: "deployed troops to help Y"."""
    return below is not None and below.plover in _HELPING


def _retype_appeal(appeal: Trigger, asked: Trigger) -> Trigger:
    """An appeal typed by the act it asks for; the CAMEO code stays an appeal code (02x)."""
    if asked.plover in _AGAINST:
        return dataclasses.replace(appeal, plover="ACCUSE", cameo="113")
    if asked.plover == "REQUEST":
        return appeal
    from dotterel.events.coder import _SUBCODE

    return dataclasses.replace(appeal, plover=asked.plover, cameo=_SUBCODE["020"].get(asked.plover, "020"))


def _framed(verb: Any, frames: set[int]) -> bool:
    """True when `verb` is the infinitive complement of a framing trigger ("agreed to withdraw").

    PLOVER and CAMEO code the commitment, demand, refusal or threat, not the act it is about.
    """
    current = verb
    for _ in range(3):
        if current.dep_ not in ("xcomp", "conj"):
            return False
        current = current.head
        if current.i in frames:
            return True
    return False


def _mask(text: str, s_span: Any, t_span: Any) -> str:
    spans = sorted([(s_span, "X"), (t_span, "Y")], key=lambda p: p[0][0] if p[0] else -1, reverse=True)
    for span, name in spans:
        if span:
            text = text[: span[0]] + name + text[span[1] :]
    return text


def _tokens_in(doc: Any, span: tuple[int, int] | None) -> set[int]:
    if span is None:
        return set()
    start, end = span
    return {t.i for t in doc if t.idx < end and start < t.idx + len(t.text)}


def _tree_distance(a: Any, b_ids: set[int], doc: Any) -> int:
    """Edges on the dependency path from token `a` to the nearest token in `b_ids`."""
    if not b_ids:
        return 8
    best = 8
    a_anc = [a, *a.ancestors]
    a_depth = {t.i: d for d, t in enumerate(a_anc)}
    for i in b_ids:
        b = doc[i]
        for d, t in enumerate([b, *b.ancestors]):
            if t.i in a_depth:
                best = min(best, d + a_depth[t.i])
                break
    return best


def _trigger_score(trigger: Trigger, resolve: Any, s_tokens: set[int], t_tokens: set[int]) -> float:
    source, target = assign_roles(trigger, resolve, s_tokens | t_tokens)
    roles = 0.0
    if SOURCE in {p.actor for p in source}:
        roles += 1.0
    if TARGET in {p.actor for p in target}:
        roles += 1.0
    if roles == 0.0 and (SOURCE in {p.actor for p in target} or TARGET in {p.actor for p in source}):
        roles += 0.6
    doc = trigger.token.doc
    distance = min(_tree_distance(trigger.token, s_tokens, doc), _tree_distance(trigger.token, t_tokens, doc))
    distance += _tree_distance(trigger.token, t_tokens, doc) * 0.5
    proximity = 1.0 / (1.0 + distance)
    # Between the spans in the surface string: where relations are usually stated.
    lo = min([*s_tokens, *t_tokens], default=trigger.token.i)
    hi = max([*s_tokens, *t_tokens], default=trigger.token.i)
    between = 0.3 if lo <= trigger.token.i <= hi else 0.0
    # Governing acts beat what they govern: "refused to meet" is a rejection.
    governs = 0.25 if any(c.dep_ in ("xcomp", "ccomp") for c in trigger.token.children) else 0.0
    kind = 1.0 if trigger.kind == "verb" else 0.85
    strength = trigger.strength if trigger.via == "lexicon" else 0.6 * trigger.strength
    return strength * kind * (0.4 + roles + 1.5 * proximity + between + governs)


def _softmax(raw: dict[str, float], temperature: float = 0.8, floor: float = -1.0) -> dict[str, float]:
    """Turn per-type raw scores into probabilities; types without a trigger get `floor`."""
    logits = {t: raw.get(t, floor) / temperature for t in PLOVER_TYPES}
    top = max(logits.values())
    exp = {t: math.exp(v - top) for t, v in logits.items()}
    total = sum(exp.values())
    return {t: exp[t] / total for t in PLOVER_TYPES}
