"""The home country of a story: where a local paper is, read off conventions only its press uses.

A local story names its own town without saying which country it is in: "Athens City Council",
"a Lebanon woman", "MANSFIELD —". Out of context the populous foreign namesake wins, yet a reader
knows at once that a story about the sheriff's office, the school board and "Sen. Smith, R-Texas"
is American, one about councillors and pounds British, one in crore and lakh Indian. `home_country`
scores such cues (the table `data/home_cues.tsv`, plus a town followed by a US state's newspaper
abbreviation: "Paris, Tenn.") and names the country when the evidence is clear. Resolution then
treats that country as one more voice in the story's context (see `dotterel.where.resolution`),
so a story's named places still outvote it: a US paper writing about Syria stays in Syria.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["home_country"]

#: Evidence (sum of distinct cue weights) a country needs to be a story's home ...
_MIN_EVIDENCE = 1.0
#: ... and how many times the next country's evidence it must reach.
_LEAD = 2.0
#: Weight of the cue "Town, St." (a US state's newspaper abbreviation after a capitalised name).
_STATE_ABBREVIATION = 1.5


#: Words as the phrase cues see them: letters and digits, with an apostrophe's ending kept ("sheriff's").
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.replace("’", "'"))


@dataclass(frozen=True)
class _Cue:
    iso3: str
    weight: float
    phrases: tuple[tuple[str, str], ...] = ()  # (first word, " whole phrase ") to look up
    any_case: bool = True
    pattern: re.Pattern | None = None
    needs: tuple[str, ...] = ()  # a regex runs only when the text holds one of these strings


@lru_cache(maxsize=1)
def _cues() -> tuple[_Cue, ...]:
    from dotterel.errors import KBError
    from dotterel.where.gazetteer_build import read_table

    cues = []
    for row in read_table("home_cues.tsv"):
        if len(row) not in (4, 5) or row[2] not in ("words", "Words", "regex"):
            raise KBError(f"home_cues.tsv: expected iso3, weight, words|Words|regex, cue in {row!r}; fix the row")
        iso3, weight, kind, cue = row[:4]
        try:
            if kind == "regex":
                needs = tuple(n for n in row[4].split("|") if n) if len(row) == 5 else ()
                cues.append(_Cue(iso3, float(weight), pattern=re.compile(cue), needs=needs))
                continue
            phrases = []
            for phrase in cue.split("|"):
                words = _words(phrase.lower() if kind == "words" else phrase)
                if words:
                    phrases.append((words[0], " " + " ".join(words) + " "))
            cues.append(_Cue(iso3, float(weight), tuple(phrases), any_case=kind == "words"))
        except (ValueError, re.error) as exc:
            raise KBError(f"home_cues.tsv {iso3} {cue!r}: {exc}; fix the row") from None
    abbreviations = sorted(
        {re.escape(name.rstrip(".")) for row in read_table("us_states.tsv") for name in row[1].split("|")
         if name.endswith(".") and len(name) > 2},
        key=len, reverse=True,
    )
    # "Paris, Tenn." or "Salem (Ore.)": a town in a US state, written the way US papers write it.
    cues.append(_Cue("USA", _STATE_ABBREVIATION,
                     pattern=re.compile(r"[A-Z][a-z]+(?:,| \() ?(?:" + "|".join(abbreviations) + r")\."),
                     needs=tuple(name.replace("\\", "") + "." for name in abbreviations)))
    return tuple(cues)


def home_evidence(text: str) -> Counter:
    """Evidence per ISO3 country: the summed weights of the distinct cues the text holds.

    Phrase cues are looked up in the text's words (a set and one joined string, so a story costs
    one pass over its words, not one per cue); a structured cue runs its regex only when the text
    holds one of the strings it needs.
    """
    whole = " " + " ".join(_words(text)) + " "
    lower = whole.lower()
    seen = {True: set(lower.split()), False: set(whole.split())}
    joined = {True: lower, False: whole}
    evidence: Counter = Counter()
    for cue in _cues():
        if cue.pattern is not None:
            hit = any(need in text for need in cue.needs) and cue.pattern.search(text) is not None
        else:
            present, words = seen[cue.any_case], joined[cue.any_case]
            hit = any(first in present and phrase in words for first, phrase in cue.phrases)
        if hit:
            evidence[cue.iso3] += cue.weight
    return evidence


def home_country(text: str) -> str | None:
    """The ISO3 code of the country a story is written in and about, when its cues say so clearly:
    at least `_MIN_EVIDENCE` and `_LEAD` times the evidence for any other country; else None."""
    ranked = home_evidence(text).most_common(2)
    if not ranked or ranked[0][1] < _MIN_EVIDENCE:
        return None
    if len(ranked) > 1 and ranked[0][1] < _LEAD * ranked[1][1]:
        return None
    return ranked[0][0]
