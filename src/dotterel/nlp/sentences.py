"""A fast rule-based sentence splitter.

spaCy's parser finds sentence boundaries too, but only after parsing; we split first so the
prefilter can skip the sentences that cannot hold an event, and parse only the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["split_sentences"]

# Abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col maj capt sgt adm cmdr gov sen rep pres sec st jr sr rev hon
    fr mt ft no nos vol jan feb mar apr jun jul aug sep sept oct nov dec inc corp co ltd bros
    vs etc approx dept est fig al u.s u.k u.n e.u u.s.a p.m a.m i.e e.g
    """.split()
)

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, whitespace,
# then something that can start a sentence.
_BOUNDARY = re.compile(r"""([.!?]+)(["'”’)\]]*)(\s+)(?=["'“‘(\[]?[A-Z0-9À-Ý])""")
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\S)")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at `dot` closes an abbreviation or an initial (not a sentence)."""
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower()
    if not word:
        return False
    if word in _ABBREVIATIONS:
        return True
    # Single initials ("Barack H. Obama") and dotted acronyms ("U.S.") do not end sentences
    # unless followed by a lower-risk signal; we prefer a missed split to a broken name.
    if len(word) == 1 and word.isalpha():
        return True
    return "." in word and len(word) <= 6


def _split_block(text: str, offset: int) -> Iterator[tuple[int, int]]:
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group(1) == "." and _is_abbreviation(text, m.start(1)):
            continue
        end = m.end(2)
        if text[start:end].strip():
            yield offset + start, offset + end
        start = m.end(3)
    if text[start:].strip():
        yield offset + start, offset + len(text.rstrip())


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split `text` into sentences; returns (start, end) character offsets, whitespace trimmed.

    Paragraph and line breaks always end a sentence (news text puts one paragraph per line).
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _PARAGRAPH.finditer(text):
        spans.extend(_split_block(text[pos : m.start()], pos))
        pos = m.end()
    spans.extend(_split_block(text[pos:], pos))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out
