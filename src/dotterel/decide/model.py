"""The trained decider: which candidate tokens of a sentence signal an event and of which type,
and which party mention of the sentence is each event's source, target, or neither.

Two softmax regressions over hashed features (`dotterel.decide.features`): `types` (no event or
one of the 16 PLOVER types, per candidate token) and `roles` (neither / source / target, per
(trigger, mention) pair). The model folder holds `decider.npz` (weights, float16) and
`decider.json` (what it was trained on, the event threshold chosen on the dev split, the
calibration table that turns a probability into the confidence users see, and the nouns that
signalled events in training).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

from dotterel.decide.features import ROLES, TYPES, candidate_tokens, mention_root, role_features, sparse_logits, trigger_features
from dotterel.errors import UserError
from dotterel.model import Analysis, Event, Mention, Participant

__all__ = ["Decider", "DEFAULT_DIR", "FORMAT", "Candidate"]

FORMAT = "2"
DEFAULT_DIR = Path(__file__).parent / "data"
_FLAGS = ("negated", "future", "hypothetical", "historical")
# An announced act of these types is itself the event (a commitment or a threat), not a future one.
_COMMITMENTS = {"AGREE", "THREATEN", "REQUEST", "REJECT", "ACCUSE", "SUPPORT", "CONCEDE"}


def _softmax(logits: Any) -> Any:
    import numpy as np

    logits = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    return p / p.sum(axis=1, keepdims=True)


@dataclasses.dataclass(frozen=True)
class Candidate:
    """One candidate trigger of a sentence, with what the rules said about it."""

    token: Any
    rule: Any  # the lexicon Trigger at this token, or None
    rule_roles: dict[int, str]  # id(mention) -> source | target for the rule trigger
    features: list[str]


@dataclasses.dataclass
class Decider:
    """Codes events from parsed, actor-resolved sentences with the trained models.

    `coder` is the rule `EventCoder` whose lexicon, vectors, sport filter and contexts propose.
    `keep`: modality flags an event may carry and still be emitted.
    """

    type_w: Any
    type_b: Any
    role_w: Any
    role_b: Any
    #: Event probability a candidate the lexicon did not propose needs to become an event.
    threshold: float
    #: A lexicon trigger stays an event unless its event probability is below this.
    drop_threshold: float
    #: (upper bound of event probability, calibrated confidence) pairs, ascending.
    calibration: tuple[tuple[float, float], ...]
    nouns: frozenset[str]
    info: dict[str, Any]
    coder: Any = None
    keep: frozenset[str] = frozenset({"historical"})
    #: Events whose calibrated confidence is below this are dropped (`--threshold`).
    min_confidence: float = 0.0

    # -- files ---------------------------------------------------------------------------
    @classmethod
    def load(cls, model_dir: str | Path | None = None, coder: Any = None,
             keep: frozenset[str] = frozenset({"historical"})) -> "Decider":
        """Load a decider folder (default: the one shipped with dotterel)."""
        import numpy as np

        folder = Path(model_dir) if model_dir is not None else DEFAULT_DIR
        meta_path, weights_path = folder / "decider.json", folder / "decider.npz"
        if not meta_path.exists() or not weights_path.exists():
            raise UserError(f"{folder}: no decider.json/decider.npz; train one with `dotterel train-decider`")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if str(meta.get("format")) != FORMAT:
            raise UserError(f"{folder}: decider format {meta.get('format')!r}, this dotterel reads {FORMAT}; retrain it")
        w = np.load(weights_path)
        return cls(
            type_w=w["type_w"].astype(np.float32), type_b=w["type_b"].astype(np.float32),
            role_w=w["role_w"].astype(np.float32), role_b=w["role_b"].astype(np.float32),
            threshold=float(meta["threshold"]), drop_threshold=float(meta["drop_threshold"]),
            calibration=tuple((float(a), float(b)) for a, b in meta["calibration"]),
            nouns=frozenset(meta["nouns"]), info=meta, coder=coder, keep=keep,
        )

    def save(self, model_dir: str | Path) -> Path:
        import numpy as np

        folder = Path(model_dir)
        folder.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            folder / "decider.npz",
            type_w=self.type_w.astype(np.float16), type_b=self.type_b.astype(np.float16),
            role_w=self.role_w.astype(np.float16), role_b=self.role_b.astype(np.float16),
        )
        meta = {**self.info, "format": FORMAT, "threshold": self.threshold, "drop_threshold": self.drop_threshold,
                "calibration": [list(c) for c in self.calibration], "nouns": sorted(self.nouns)}
        (folder / "decider.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
        return folder

    # -- scoring -------------------------------------------------------------------------
    def type_probabilities(self, rows: list[list[str]]) -> Any:
        return _softmax(sparse_logits(rows, self.type_w, self.type_b))

    def role_probabilities(self, rows: list[list[str]]) -> Any:
        return _softmax(sparse_logits(rows, self.role_w, self.role_b))

    def confidence(self, p: float) -> float:
        for upper, conf in self.calibration:
            if p <= upper:
                return round(conf, 3)
        return round(self.calibration[-1][1], 3) if self.calibration else round(p, 3)

    # -- candidates ----------------------------------------------------------------------
    def candidates(self, doc: Any, offset: int, mentions: list[Mention]) -> list[Candidate]:
        """Every candidate trigger of a parsed sentence with its features."""
        from dotterel.events.coder import _resolver
        from dotterel.events.roles import assign_roles
        from dotterel.events.triggers import find_triggers

        coder = self.coder
        resolve, actor_tokens = _resolver(doc, offset, mentions)
        rules = {t.token.i: t for t in find_triggers(doc, coder.lexicon, coder.vectors, actor_tokens)}
        roots = [(r, m) for m in mentions if (r := mention_root(m, doc, offset)) is not None]
        out = []
        for token in candidate_tokens(doc, rules, self.nouns):
            rule = rules.get(token.i)
            rule_roles: dict[int, str] = {}
            if rule is not None:
                source, target = assign_roles(rule, resolve, actor_tokens)
                for m in mentions:
                    for role, side in (("source", source), ("target", target)):
                        if any(p.start < m.end and m.start < p.end for p in side):
                            rule_roles.setdefault(id(m), role)
            out.append(Candidate(token, rule, rule_roles, trigger_features(token, doc, rule, roots)))
        return out

    def role_rows(self, ptype: str, cand: Candidate, doc: Any, offset: int, mentions: list[Mention]) -> list[list[str]]:
        return [role_features(ptype, cand.token, doc, offset, m, cand.rule_roles.get(id(m), "neither")) for m in mentions]

    # -- the stage -----------------------------------------------------------------------
    def __call__(self, analysis: Analysis) -> Analysis:
        """The analysis with `events` coded from every parsed sentence that names an actor."""
        from dotterel.events.coder import _one_per_dyad

        coder = self.coder
        if coder is not None and not coder.may_hold_events(analysis.article.text):
            return dataclasses.replace(analysis, events=())
        events: list[Event] = []
        for sentence, doc in zip(analysis.sentences, analysis.docs):
            if doc is None or (coder.sport is not None and coder.sport.sentence(sentence.text)):
                continue
            _, _, mentions = sentence_context(analysis, sentence.index)
            if mentions:
                events += _one_per_dyad(self.code_sentence(analysis, sentence, doc, mentions))
        return dataclasses.replace(analysis, events=tuple(events))

    def code_sentence(self, analysis: Analysis, sentence: Any, doc: Any, mentions: list[Mention]) -> list[Event]:
        """The events of one sentence: lexicon triggers the model does not reject, and other
        candidates the model is confident of."""
        return [e for e, from_rule, p in self.scored(analysis, sentence, doc, mentions)
                if p >= (self.drop_threshold if from_rule else self.threshold)]

    def scored(self, analysis: Analysis, sentence: Any, doc: Any, mentions: list[Mention]) -> list[tuple[Event, bool, float]]:
        """Every candidate built as an event, with whether the lexicon proposed it and its event
        probability (no threshold applied; the confidence is calibrated from that probability)."""
        cands = self.candidates(doc, sentence.start, mentions)
        if not cands:
            return []
        probs = self.type_probabilities([c.features for c in cands])
        out = []
        for cand, p in zip(cands, probs):
            k = int(p[1:].argmax()) + 1
            ptype = TYPES[k]
            if cand.rule is not None and ptype != cand.rule.plover and p[k] < 0.5:
                ptype = cand.rule.plover  # the model re-types a lexicon trigger only when sure
            p_event = float(1.0 - p[0])
            event = self.build(analysis, sentence, doc, mentions, cand, ptype, p_event)
            if event is not None:
                out.append((event, cand.rule is not None, p_event))
        return out

    def build(self, analysis: Analysis, sentence: Any, doc: Any, mentions: list[Mention], cand: Candidate,
              ptype: str, p_event: float) -> Event | None:
        """An event of type `ptype` at a candidate: parties by the role model, modality by the
        rules; None when it has no party, no coded party, or a modality the user left out."""
        from dotterel.events.coder import _coded
        from dotterel.events.lexicon import DEFAULT_CAMEO
        from dotterel.events.modality import announced, read_modality
        from dotterel.model import QUAD_OF_PLOVER

        offset = sentence.start
        probs = self.role_probabilities(self.role_rows(ptype, cand, doc, offset, mentions))
        source: list[Participant] = []
        target: list[Participant] = []
        t0 = offset + cand.token.idx
        for m, p in zip(mentions, probs):
            if m.start <= t0 < m.end:
                continue  # the trigger word itself ("the Turkish offensive") is not its own party
            role = ROLES[int(p.argmax())]
            parts = [Participant(m.text, m.start, m.end, a) for a in m.actors]
            (source if role == "source" else target if role == "target" else []).extend(parts)
        if not source and not target or not any(_coded(x.actor) for x in source + target):
            return None
        modality = read_modality(cand.token, analysis.article.published)
        if modality.future and ptype in _COMMITMENTS and announced(cand.token):
            modality = dataclasses.replace(modality, future=False)
        if any(getattr(modality, f) and f not in self.keep for f in _FLAGS):
            return None
        confidence = self.confidence(p_event)
        if confidence < self.min_confidence:
            return None
        code = cand.rule.cameo if cand.rule is not None and cand.rule.plover == ptype else DEFAULT_CAMEO[ptype]
        row = self.coder.lexicon.code(code)
        if cand.rule is not None and cand.rule.plover == ptype:
            start, end, text, mode = offset + cand.rule.start, offset + cand.rule.end, cand.rule.text, cand.rule.mode
        else:
            start, end, text, mode = t0, t0 + len(cand.token.text), cand.token.text, None
        key = "|".join([analysis.article.article_id, str(sentence.index), str(start), str(end), ptype,
                        ",".join(f"{x.start}-{x.end}" for x in source), ",".join(f"{x.start}-{x.end}" for x in target)])
        return Event(
            event_id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
            article_id=analysis.article.article_id, sentence=sentence.index,
            source=tuple(source), target=tuple(target), plover_type=ptype, cameo_code=row.code,
            goldstein=row.goldstein, quad=QUAD_OF_PLOVER[ptype], evidence=sentence.text, trigger=text,
            trigger_start=start, trigger_end=end, plover_mode=mode,
            plover_context=self.coder._contexts(sentence.text), modality=modality, confidence=confidence,
        )


def sentence_context(analysis: Analysis, index: int) -> tuple[Any, Any, list[Mention]]:
    """The sentence, its parse and its party mentions: the actors stage's, and its pronouns
    linked to the actor they stand for."""
    from dotterel.decide.pronouns import pronoun_mentions

    for sentence, doc in zip(analysis.sentences, analysis.docs):
        if sentence.index == index:
            mentions = [m for m in analysis.mentions if m.sentence == index and m.actors]
            if doc is not None:
                earlier = [m for m in analysis.mentions if m.sentence <= index and m.actors]
                taken = [(m.start, m.end) for m in mentions]
                mentions += [p for p in pronoun_mentions(doc, sentence.start, index, earlier)
                             if not any(s < p.end and p.start < e for s, e in taken)]
            return sentence, doc, mentions
    return None, None, []


