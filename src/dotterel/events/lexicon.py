"""The trigger lexicon and the CAMEO table: project-authored package data, loaded once per coder.

Formats are documented in `data/README.md`. A lexicon entry says which word (verb lemma,
optionally with a particle or preposition, or noun lemma) signals which PLOVER type and CAMEO
code, optionally only when a condition on its parse neighbourhood holds ("support" with
"material" is AID, bare "support" is SUPPORT).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from dotterel.errors import KBError
from dotterel.model import PLOVER_TYPES

__all__ = ["CameoCode", "Entry", "Lexicon", "DEFAULT_CAMEO", "LEXICON_FORMAT"]

LEXICON_FORMAT = "1"

#: The CAMEO code a PLOVER type gets when nothing more specific is known.
DEFAULT_CAMEO: dict[str, str] = {
    "AGREE": "030",
    "CONSULT": "040",
    "SUPPORT": "050",
    "CONCEDE": "080",
    "COOPERATE": "060",
    "AID": "070",
    "RETREAT": "087",
    "REQUEST": "020",
    "ACCUSE": "110",
    "REJECT": "120",
    "THREATEN": "130",
    "PROTEST": "140",
    "SANCTION": "160",
    "MOBILIZE": "150",
    "COERCE": "170",
    "ASSAULT": "190",
}

_WORD = re.compile(r"[a-z][a-z-]+")
_CONDITION_KEYS = {"obj", "mod", "prep", "subj", "xcomp", "plural"}

# Past tenses and participles a stem prefix cannot reach ("fought" is not "fight..."), so the
# prefilter keeps its recall without a lemmatiser.
_IRREGULAR = (
    "fought struck shot met gave given sent sought froze frozen broke broken cut hit flew flown spoke "
    "spoken withdrew withdrawn slew slain beaten forgave forgiven undertook undertaken overran overrun "
    "blew blown stood quit shut sat bled fled"
)


# Past forms of light heads, which only pass the prefilter together with an object word.
_IRREGULAR_HEADS = {"take": {"took", "taken"}, "hold": {"held"}, "withhold": {"withheld"}, "go": {"went", "gone"}, "write": {"wrote", "written"}}


def _stems(head: str) -> set[str]:
    """Prefixes short enough to catch a word's inflections: "agre" -> agreed, "deni" -> denied."""
    forms = _IRREGULAR_HEADS.get(head, set())
    if head.endswith("e") and len(head) <= 4:
        # Short words would make short stems ("su" of "sue"): list their forms instead.
        return {head, head[:-1] + "ing", *forms}
    if head.endswith("e"):
        return {head[:-1], *forms}
    if head.endswith("y") and len(head) > 3:
        return {head, head[:-1] + "i", *forms}
    return {head, *forms}


@dataclass(frozen=True)
class CameoCode:
    code: str
    goldstein: float
    quad: int
    label: str


@dataclass(frozen=True)
class Entry:
    """One trigger: `head` lemma, optional `particle` ("call on"), and what it signals."""

    kind: str  # verb | noun
    head: str
    particle: str | None
    plover: str
    cameo: str
    mode: str | None
    conditions: tuple[tuple[str, frozenset[str]], ...]
    line: int

    @property
    def trigger(self) -> str:
        return f"{self.head} {self.particle}" if self.particle else self.head


def _data_path(name: str) -> Path:
    return Path(str(resources.files("dotterel.events") / "data" / name))


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    rows = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        rows.append((number, raw.split("\t")))
    return rows


def _parse_conditions(text: str, where: str) -> tuple[tuple[str, frozenset[str]], ...]:
    conditions = []
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        key, _, values = part.partition("=")
        if key not in _CONDITION_KEYS:
            raise KBError(f"{where}: unknown condition {key!r}; use one of {sorted(_CONDITION_KEYS)}.")
        conditions.append((key, frozenset(v.strip() for v in values.split(",") if v.strip())))
    return tuple(conditions)


class Lexicon:
    """Trigger entries indexed by head lemma, the CAMEO table, and a cheap trigger prefilter."""

    def __init__(self, lexicon_path: Path | None = None, cameo_path: Path | None = None) -> None:
        self.cameo = self._load_cameo(cameo_path or _data_path("cameo.tsv"))
        self.entries = self._load_entries(lexicon_path or _data_path("lexicon.tsv"))
        self.by_head: dict[tuple[str, str], list[Entry]] = {}
        for entry in self.entries:
            self.by_head.setdefault((entry.kind, entry.head), []).append(entry)
        # Phrasal entries first ("give in" is not "give"), then conditional, then the plain entry.
        for group in self.by_head.values():
            group.sort(key=lambda e: (e.particle is None, not e.conditions, e.line))
        self._prefilter = self._build_prefilter()

    def _load_cameo(self, path: Path) -> dict[str, CameoCode]:
        table: dict[str, CameoCode] = {}
        for number, cols in _rows(path):
            if cols[0] == "code":
                continue
            if len(cols) < 5:
                raise KBError(f"{path}:{number}: expected 5 tab-separated columns (code root goldstein quad label).")
            code, _root, goldstein, quad, label = cols[:5]
            table[code] = CameoCode(code, float(goldstein), int(quad), label)
        return table

    def _load_entries(self, path: Path) -> list[Entry]:
        entries = []
        for number, cols in _rows(path):
            if cols[0] == "kind":
                continue
            where = f"{path.name}:{number}"
            cols = cols + [""] * (6 - len(cols))
            kind, trigger, plover, cameo, mode, when = cols[:6]
            if kind not in ("verb", "noun"):
                raise KBError(f"{where}: kind must be verb or noun, not {kind!r}.")
            if plover not in PLOVER_TYPES:
                raise KBError(f"{where}: {plover!r} is not a PLOVER type.")
            if cameo not in self.cameo:
                raise KBError(f"{where}: CAMEO code {cameo!r} is missing from cameo.tsv; add it there first.")
            if "=" in mode:
                # A condition one column too early would silently make the entry unconditional.
                raise KBError(f"{where}: {mode!r} sits in the mode column; conditions go in the sixth (when) column.")
            words = trigger.split()
            entries.append(
                Entry(
                    kind=kind,
                    head=words[0],
                    particle=" ".join(words[1:]) or None,
                    plover=plover,
                    cameo=cameo,
                    mode=mode or None,
                    conditions=_parse_conditions(when, where),
                    line=number,
                )
            )
        return entries

    def _build_prefilter(self) -> tuple[frozenset[str], tuple[int, ...], dict[str, frozenset[str]], dict[str, frozenset[str]]]:
        """Stems that alone make a sentence pass, and for light heads ("take", "hold", "move")
        whose every entry needs an object or modifier word, head stems and word stems that must
        both occur ("took to the streets")."""
        plain = set(_IRREGULAR.split())
        needs: dict[str, set[str]] = {}  # head -> condition words one of which must occur
        for head in {e.head.lower() for e in self.entries}:
            group = [e for kind in ("verb", "noun") for e in self.by_head.get((kind, head), ())]
            if all(e.conditions and {k for k, _ in e.conditions} <= {"obj", "mod"} for e in group):
                needs[head] = {w for e in group for k, v in e.conditions for w in v}
            else:
                plain.update(_stems(head))
        heads: dict[str, set[str]] = {}
        words: dict[str, set[str]] = {}
        for head, values in needs.items():
            for stem in _stems(head):
                heads.setdefault(stem, set()).add(head)
            for value in values:
                for stem in _stems(value.lower()):
                    words.setdefault(stem, set()).add(head)
        lengths = {len(x) for x in plain} | {len(x) for x in heads} | {len(x) for x in words}
        return (
            frozenset(plain),
            tuple(sorted(lengths)),
            {k: frozenset(v) for k, v in heads.items()},
            {k: frozenset(v) for k, v in words.items()},
        )

    def may_hold_event(self, text: str) -> bool:
        """True unless no word in `text` can start a lexicon trigger (high recall, microseconds).

        Each lowercase word is checked by its prefixes against a set of trigger stems: a few
        set lookups per word, no parsing. A light head counts only with one of its object words.
        """
        plain, lengths, heads, words = self._prefilter
        seen_heads: set[str] = set()
        seen_words: set[str] = set()
        for word in _WORD.findall(text.lower()):
            for n in lengths:
                if n > len(word):
                    break
                stem = word[:n]
                if stem in plain:
                    return True
                if stem in heads:
                    seen_heads |= heads[stem]
                if stem in words:
                    seen_words |= words[stem]
        return bool(seen_heads & seen_words)

    def code(self, code: str) -> CameoCode:
        """The CAMEO table row of `code`, falling back to its root's generic code."""
        found = self.cameo.get(code) or self.cameo.get(code[:2] + "0")
        if found is None:
            raise KBError(f"CAMEO code {code!r} is not in cameo.tsv.")
        return found
