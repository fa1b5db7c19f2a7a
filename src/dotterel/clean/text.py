"""Character-level text handling: display folding, matching normalisation, ids, offset maps."""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["FOLD", "DELETE", "printable", "metadata_value", "normalise", "article_id", "content_hash", "hash_normalised", "TextBuilder"]

#: One-for-one character replacements applied to the cleaned text. One-for-one keeps raw and
#: clean offsets in step, so these cost no entries in the offset map.
FOLD: dict[int, str] = {
    **{ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc\u00b4\u0060"},
    **{ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"},
    **{ord(c): " " for c in "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u3000\t\f\v"},
    ord("\u2212"): "-",
}

#: Invisible characters dropped from the cleaned text (soft hyphen, zero-width marks, BOM), and
#: control characters a terminal would act on: C0 but the line breaks, DEL, C1 (0x9b starts an
#: escape sequence on some terminals), bidi overrides. Evidence sentences are printed from the
#: cleaned text, so an escape sequence in an article must not survive cleaning.
DELETE = frozenset(
    "\u00ad\u200b\u200c\u200d\u2060\ufeff"
    + "".join(map(chr, [*range(0x00, 0x09), *range(0x0e, 0x20), *range(0x7f, 0xa0)]))
    + "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)

_WORD = re.compile(r"\w+")
# Combining marks of the Latin, Greek and Cyrillic diacritics (enough to fold "Türkiye").
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


# Terminal escape sequences (CSI "ESC [ ... m", OSC "ESC ] ... BEL", two-character ones), then
# lone control characters: C0 but tab and newline, DEL, C1 (0x9b is a one-byte CSI on some
# terminals), bidi overrides (they reorder what a reader sees) and lone surrogates (no UTF-8).
_ESCAPES = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[@-_]?")
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` without terminal escape sequences, control characters (tab and newline stay),
    bidi overrides or lone surrogates: safe to store, encode as UTF-8 and print."""
    if text.isascii() and text.isprintable():
        return text
    return _UNPRINTABLE.sub("", _ESCAPES.sub("", text))


def metadata_value(value: str | None) -> str | None:
    """A metadata field (title, source, url) as stored: printable, on one line, None if empty."""
    if value is None:
        return None
    return " ".join(printable(value).split()) or None


def normalise(text: str) -> str:
    """Matching form of `text`: compatibility-folded, accents stripped, casefolded, words only.

    Two texts that differ only in quotes, dashes, spacing, case or diacritics ("Türkiye" and
    "Turkiye") get the same form. Never shown to users: the cleaned text keeps "Türkiye".
    """
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return " ".join(_WORD.findall(text.casefold()))


def content_hash(text: str) -> str:
    """Full-length hash of the matching form: equal for exact duplicates."""
    return hash_normalised(normalise(text))


def hash_normalised(matching: str) -> str:
    """`content_hash` of a text already in matching form."""
    return hashlib.blake2b(matching.encode("utf-8"), digest_size=16).hexdigest()


def article_id(text: str) -> str:
    """Stable 16-hex-digit id of an article: a hash of its normalised text."""
    return hashlib.blake2b(normalise(text).encode("utf-8"), digest_size=8).hexdigest()


class TextBuilder:
    """Builds a cleaned text from pieces of the raw text and records where each piece came from.

    Anchors follow `dotterel.model.Article.offset_map`: (clean_offset, raw_offset) pairs, one
    each time the distance between the two changes, so a mostly-kept text needs few anchors.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self.length = 0
        self._delta: int | None = None
        self.anchors: list[tuple[int, int]] = []

    def copy(self, piece: str, raw_start: int) -> None:
        """Append `piece`, whose i-th character stands for raw character `raw_start + i`."""
        if not piece:
            return
        delta = raw_start - self.length
        if delta != self._delta:
            self.anchors.append((self.length, raw_start))
            self._delta = delta
        self._parts.append(piece)
        self.length += len(piece)

    def copy_normalised(self, piece: str, raw_start: int) -> None:
        """Append `piece` in NFC, one combining cluster at a time so offsets stay exact."""
        if unicodedata.is_normalized("NFC", piece):
            self.copy(piece, raw_start)
            return
        start = 0
        for i in range(1, len(piece) + 1):
            if i == len(piece) or unicodedata.combining(piece[i]) == 0:
                self.copy(unicodedata.normalize("NFC", piece[start:i]), raw_start + start)
                start = i

    def text(self) -> str:
        return "".join(self._parts)
