"""Casualties a sentence states: the numbers killed, wounded and arrested, as ranges.

"killing four" is 4-4, "at least 12 people were wounded" 12-open, "dozens arrested" 24-open,
"between 10 and 15 dead" 10-15, "up to 30 detained" 0-30. A vague word is a range, never a
guess; a kind the sentence does not state stays None.
"""

from __future__ import annotations

import re

from dotterel.model import Casualties, Count

__all__ = ["casualties", "CASUALTY_TYPES"]

#: Event types whose sentences are read for casualties.
CASUALTY_TYPES = frozenset({"ASSAULT", "COERCE"})

_KINDS = {
    "killed": r"killed|killing|kills|dead|died|deaths?|lives|slain|massacred|death toll",
    "wounded": r"wounded|wounding|injured|injuring|injuries|hurt",
    "arrested": r"arrested|arresting|arrests|detained|detaining|detentions|rounded up|taken into custody|jailed",
}

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a hundred": 100, "one hundred": 100, "a dozen": 12,
    "a thousand": 1000,
}
#: Vague plurals: the smallest number they can mean, open above.
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "tens of thousands": 20000,
          "a handful": 3, "several": 3, "a few": 2}

_WORDNUM = "|".join(sorted((re.escape(k) for k in _UNITS), key=len, reverse=True))
_VAGUENUM = "|".join(sorted((re.escape(k) for k in _VAGUE), key=len, reverse=True))
_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{_WORDNUM})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)"
_QUAL = (r"at least|more than|over|nearly|almost|about|around|some|up to|as many as|approximately|roughly|"
         r"an estimated|at most|fewer than|less than|no fewer than")
_AMOUNT = (rf"(?:(?P<qual>{_QUAL})\s+)?(?:between\s+(?P<lo>{_NUM})\s+and\s+(?P<hi>{_NUM})"
           rf"|(?P<n>{_NUM})|(?P<n1>{_NUM})\s*(?:-|–|to|or)\s*(?P<n2>{_NUM})|(?P<vague>{_VAGUENUM}))")
# Words allowed between an amount and the kind: "12 people were", "four Syrian soldiers have been".
_FILLER = (r"(?P<filler>(?:(?!(?:and|but|while|as|after|before|since|to|or|days?|weeks?|months?|years?|hours?|"
           r"times|percent|per)\b|\d)[\w'-]+\s+){0,4}?)")
_BEFORE = {k: re.compile(rf"\b{_AMOUNT}\s+(?:of\s+)?{_FILLER}(?:{v})\b", re.IGNORECASE) for k, v in _KINDS.items()}
_AFTER = {k: re.compile(rf"\b(?:{v})\s+(?:(?:a|an|the)\s+)?{_AMOUNT}\b", re.IGNORECASE) for k, v in _KINDS.items()}
_TOLL = re.compile(rf"\bdeath toll\s+(?:\w+\s+){{0,3}}?(?:to|of|at|reached|rose to|stands at)\s+{_AMOUNT}\b",
                   re.IGNORECASE)


def _number(text: str) -> int | None:
    t = text.lower().replace(",", "")
    if t.isdigit():
        return int(t)
    parts = re.split(r"[- ]", t)
    if t in _UNITS:
        return _UNITS[t]
    if len(parts) == 2 and parts[0] in _UNITS and parts[1] in _UNITS:
        return _UNITS[parts[0]] + _UNITS[parts[1]]
    return None


def _count(m: re.Match[str]) -> Count | None:
    qual = (m.group("qual") or "").lower()
    if m.group("vague"):
        return Count(_VAGUE[m.group("vague").lower()], None)
    if m.group("lo") or m.group("n1"):
        lo = _number(m.group("lo") or m.group("n1"))
        hi = _number(m.group("hi") or m.group("n2"))
        if lo is None or hi is None or hi < lo:
            return None
        return Count(lo, hi)
    n = _number(m.group("n"))
    if n is None or (1900 <= n <= 2100 and m.group("n").isdigit() and len(m.group("n")) == 4):
        return None  # a year ("killed in 2014"), not a number of people
    if qual in ("at least", "no fewer than"):
        return Count(n, None)
    if qual in ("more than", "over"):
        return Count(n + 1, None)
    if qual in ("up to", "as many as", "at most"):
        return Count(0, n)
    if qual in ("fewer than", "less than"):
        return Count(0, max(n - 1, 0))
    if qual in ("nearly", "almost"):
        return Count(max(n - n // 10, 0), n)  # "nearly 50": somewhat under 50
    if qual in ("about", "around", "some", "approximately", "roughly", "an estimated"):
        return Count(n - n // 10, n + n // 10)  # stated as approximate: +-10%
    return Count(n, n)


def casualties(sentence: str) -> Casualties | None:
    """The casualties `sentence` states, or None when it states none."""
    found: dict[str, Count] = {}
    for kind in _KINDS:
        # The amount nearest its word wins: "killed 12 and wounded 30" gives 30 wounded, not 12.
        best: tuple[int, int, Count] | None = None
        for pattern in (_BEFORE[kind], _AFTER[kind]):
            for m in pattern.finditer(sentence):
                count = _count(m)
                if count is None:
                    continue
                gap = len(m.groupdict().get("filler") or "")
                if best is None or (gap, m.start()) < best[:2]:
                    best = (gap, m.start(), count)
        if best:
            found[kind] = best[2]
    if "killed" not in found and (m := _TOLL.search(sentence)) and (count := _count(m)):
        found["killed"] = count
    return Casualties(**found) if found else None
