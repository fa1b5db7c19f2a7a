"""Features for the learned layer: one list of string features per candidate trigger token (is
it an event, and of which type?) and one per (trigger, party mention) pair (source, target or
neither?). Strings are hashed into a fixed-width vector, so a model file holds no vocabulary.

The rules' own answer is one feature among many: the lexicon trigger and type at the token (if
any) and the role the parse rules gave each mention. The rest reads the parse: the trigger's
lemma, particles, auxiliaries, negation, voice, the dependency path from each mention to it,
position and distance, and the words around it.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from typing import Any

from dotterel.model import Mention

__all__ = ["HASH_DIM", "ROLES", "TYPES", "candidate_tokens", "trigger_features", "role_features", "vectorize",
           "sparse_logits", "mention_root"]

HASH_DIM = 1 << 14
ROLES = ("neither", "source", "target")
#: Classes of the trigger model: no event, then the 16 PLOVER types.
TYPES = ("NONE", "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")

_MODALS = {"could", "would", "may", "might", "should", "can", "will", "shall", "must"}
_SPEECH = {"say", "tell", "announce", "claim", "state", "report", "add", "insist", "warn", "accuse", "deny", "believe"}
_SKIP_VERBS = {"be", "have", "do"}


def candidate_tokens(doc: Any, rule_tokens: Iterable[int], nouns: frozenset[str]) -> list[Any]:
    """Tokens that may signal an event: every full verb, every rule trigger, and nouns whose
    lemma signalled an event in the training data."""
    rules = set(rule_tokens)
    out = []
    for t in doc:
        lemma = t.lemma_.lower()
        if t.i in rules or (t.pos_ == "VERB" and lemma not in _SKIP_VERBS) or (t.pos_ == "NOUN" and lemma in nouns):
            out.append(t)
    return out


def mention_root(mention: Mention, doc: Any, offset: int) -> Any | None:
    """The syntactic head token of a mention in the sentence parse."""
    start, end = mention.start - offset, mention.end - offset
    tokens = [t for t in doc if t.idx < end and start < t.idx + len(t.text)]
    if not tokens:
        return None
    return min(tokens, key=lambda t: sum(1 for _ in t.ancestors))


def _path(token: Any, trigger: Any, limit: int = 5) -> tuple[str, str]:
    """Dependency labels from `token` up to `trigger` (or to their common ancestor), and from the
    trigger up to that ancestor: ("nsubj", "") for a plain subject."""
    chain = [trigger, *trigger.ancestors]
    depth = {a.i: n for n, a in enumerate(chain)}
    up = []
    current = token
    for _ in range(limit):
        if current.i in depth:
            return ">".join(up), ">".join(t.dep_ for t in chain[: depth[current.i]])
        label = current.dep_
        if label == "pobj":
            label = f"pobj:{current.head.lower_}"
        up.append(label)
        if current.head is current:
            break
        current = current.head
    return ">".join(up) + ">?", "?"


def _passive(token: Any) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)


def trigger_features(token: Any, doc: Any, rule: Any, mention_roots: Sequence[tuple[Any, Mention]]) -> list[str]:
    """Features of one candidate trigger token. `rule` is the lexicon's Trigger there, or None."""
    lemma = token.lemma_.lower()
    feats = [
        "bias", f"lemma={lemma}", f"pos={token.pos_}", f"dep={token.dep_}", f"lemma_dep={lemma}|{token.dep_}",
        f"tag={token.tag_}", f"head={token.head.lemma_.lower()}", f"head_dep={token.dep_}|{token.head.pos_}",
        f"passive={_passive(token)}", f"lemma_passive={lemma}|{_passive(token)}",
    ]
    if rule is None:
        feats.append("rule=none")
    else:
        feats += [f"rule={rule.plover}", f"rule_via={rule.via}", f"rule_cameo={rule.cameo}",
                  f"rule_lemma={rule.plover}|{lemma}", f"rule_kind={rule.kind}|{rule.plover}"]
    for child in token.children:
        c = child.lower_
        feats.append(f"child={child.dep_}|{child.lemma_.lower()}")
        if child.dep_ in ("prt", "prep", "agent"):
            feats.append(f"phrasal={lemma}_{c}")
        if child.dep_ == "neg":
            feats.append("neg")
        if c in _MODALS:
            feats.append(f"aux={c}")
        if child.dep_ == "xcomp":
            feats.append(f"xcomp={lemma}>{child.lemma_.lower()}")
    for n, anc in enumerate(list(token.ancestors)[:3]):
        feats.append(f"anc{n}={anc.lemma_.lower()}")
        if anc.lemma_.lower() in _SPEECH:
            feats.append("under_speech")
    args = 0
    for root, mention in mention_roots:
        up, down = _path(root, token)
        if down == "" and "?" not in up:
            args += 1
            sectors = {a.sector or ("STATE" if a.country else "X") for a in mention.actors}
            for sector in sectors:
                feats.append(f"arg={up}|{sector}")
            feats.append(f"arg={up}")
            feats.append(f"lemma_arg={lemma}|{up}")
    feats.append(f"args={min(args, 3)}")
    i = token.i
    feats += [f"win={w.lemma_.lower()}" for w in doc[max(0, i - 3) : i + 4] if w.i != i]
    feats += [f"w={w.lemma_.lower()}" for w in doc if w.is_alpha and not w.is_stop]
    if '"' in doc.text or "\u201c" in doc.text:
        feats.append("quote")
    return feats


def role_features(ptype: str, token: Any, doc: Any, offset: int, mention: Mention, rule_role: str) -> list[str]:
    """Features of one (trigger of type `ptype`, party mention) pair."""
    root = mention_root(mention, doc, offset)
    feats = ["bias", f"rule={rule_role}", f"type_rule={ptype}|{rule_role}", f"via={mention.via}"]
    for a in mention.actors[:2]:
        feats += [f"sector={a.sector}", f"kind={a.kind}", f"country={bool(a.country)}",
                  f"type_sector={ptype}|{a.sector}", f"type_kind={ptype}|{a.kind}"]
    if root is None:
        return feats + ["noroot"]
    up, down = _path(root, token)
    passive = _passive(token)
    before = root.i < token.i
    feats += [
        f"up={up}", f"down={down}", f"updown={up}|{down}", f"type_up={ptype}|{up}",
        f"pas_up={passive}|{up}", f"type_pas_up={ptype}|{passive}|{up}", f"before={before}",
        f"type_before={ptype}|{before}", f"pas_before={passive}|{before}", f"dist={min(abs(root.i - token.i), 12) // 3}",
        f"rootdep={root.dep_}", f"type_rootdep={ptype}|{root.dep_}", f"headlemma={root.head.lemma_.lower()}",
        f"trig_pos={token.pos_}", f"trig_pos_up={token.pos_}|{up}", f"lemma_up={token.lemma_.lower()}|{up}",
    ]
    if root.dep_ == "pobj":
        feats += [f"prep={root.head.lower_}", f"type_prep={ptype}|{root.head.lower_}", f"pos_prep={token.pos_}|{root.head.lower_}"]
    if root.dep_ == "poss":
        feats.append(f"poss_of_trigger={root.head.i == token.i}")
    return feats


def sparse_logits(rows: Sequence[Sequence[str]], w: Any, b: Any) -> Any:
    """`vectorize(rows) @ w + b` without building the dense matrix: the sum of the weight rows of
    each row's hashed features, scaled by the row's norm (what the model does at run time)."""
    import numpy as np

    out = np.empty((len(rows), w.shape[1]), dtype=np.float32)
    for r, feats in enumerate(rows):
        counts: dict[int, float] = {}
        for f in feats:
            k = zlib.crc32(f.encode("utf-8")) % HASH_DIM
            counts[k] = counts.get(k, 0.0) + 1.0
        idx = np.fromiter(counts, dtype=np.int64, count=len(counts))
        val = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        norm = float(np.sqrt((val * val).sum())) or 1.0
        out[r] = (val / norm) @ w[idx] + b
    return out


def vectorize(rows: Sequence[Sequence[str]]) -> Any:
    """Hash feature lists into a float32 matrix (rows x HASH_DIM), each row L2-normalised."""
    import numpy as np

    x = np.zeros((len(rows), HASH_DIM), dtype=np.float32)
    for r, feats in enumerate(rows):
        for f in feats:
            x[r, zlib.crc32(f.encode("utf-8")) % HASH_DIM] += 1.0
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return x / norms
