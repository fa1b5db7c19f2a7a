"""What counts as boilerplate, a caption, a sign-off or a dateline.

Rules see one line at a time, after quote folding and whitespace collapsing. They are written
for English news scrapes and wires: web captions ("(Photo: AA)"), link lines ("Also Read:"),
share bars, agency codes ("(T/P001/R04)"), sign-offs ("Reporting by ...", a bare agency name)
and datelines ("WASHINGTON (Reuters) -", "Bucharest, Romania, 11 June 2015 (MINA) -").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dotterel.clean.calendar import MONTH_PATTERN, find_date

__all__ = [
    "Dateline",
    "is_caption",
    "is_link_line",
    "is_share_line",
    "is_sign_off",
    "inline_removals",
    "parse_dateline",
    "parse_date_line",
    "strip_caption_credit",
]

# A photo credit closing a line: "(Photo: AA)", "(AA File Photo)", "(Reuters/File photo)".
_CREDIT = re.compile(
    r"\s*\((?:[^()]{0,40}[\s/])?(?:file\s+)?(?:photo(?:graph)?|image|picture|pic|video)s?\b"
    r"(?:\s*(?::|by|credit|courtesy)[^()]{0,80})?\)\s*$",
    re.I,
)
# Caption lines that start with their label.
_CAPTION_START = re.compile(
    r"^(?:(?:file\s+)?photo(?:graph)?s?|images?|pictures?|caption|video)(?:\s+(?:credit|copyright|caption|by))?\s*[:|]"
    r"|^image\s+(?:copyright|caption)\b|^media\s+caption\b|^(?:getty\s+images|file\s+photo)\b",
    re.I,
)
_LINK = re.compile(
    r"^(?:also\s+read|read\s+also|read\s+more|more\s+to\s+read|see\s+also|related(?:\s+(?:articles?|stories|news|coverage))?"
    r"|recommended(?:\s+for\s+you)?|more\s+on\s+this(?:\s+story)?|you\s+may\s+also\s+like|click\s+here"
    r"|watch(?:\s+video)?|listen|trending|most\s+read|top\s+stories)\s*(?::|\||-|>>|»)",
    re.I,
)
_SHARE_WORD = (
    r"(?:share(?:\s+this)?(?:\s+(?:article|story|page|post))?(?:\s+(?:on|via))?|tweet|e-?mail|print|copy\s+link"
    r"|facebook|twitter|x|whatsapp|linkedin|messenger|telegram|pinterest|reddit|comments?|\d+\s+comments?"
    r"|advertisement|sponsored|subscribe|save|\||·|•|,|/)"
)
_SHARE = re.compile(rf"^(?:{_SHARE_WORD}\s*)+$", re.I)
_SOCIAL = re.compile(
    r"^(?:follow\s+(?:us|me|[\w@.]+)\s+on\b|(?:sign\s+up|subscribe)\b.{0,80}\bnewsletter"
    r"|(?:copyright|©|\(c\))\s*(?:©\s*)?(?:19|20)\d\d\b.{0,100}$|.{0,120}\ball\s+rights\s+reserved\.?$|advertisement$|skip\s+to\s+(?:content|main))",
    re.I,
)
# Agency/desk codes: "(T/P001/R04)", "(ANT/A014)" (not tickers "(9984.T)" or scores "(7/5)"); editor initials at the end: "(lw/ds)".
_AGENCY_CODE = re.compile(r"\s*\((?:[A-Z0-9]{1,6}/){1,5}[A-Z0-9]{1,6}\)")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[A-Z]")
# End-of-line credits are short: search only this tail of a line, so a huge line costs little.
_TAIL = 300
# A credit closing the story's last paragraph: "Reuters contributed to this report".
_CONTRIBUTED = re.compile(
    r"(?:(?<=[.!?\"'])\s+|^)\(?(?:[A-Z][\w&'-]*\.?\s+){1,6}(?:contributed|also\s+contributed)\s+(?:reporting\s+)?to\s+this\s+(?:report|story|article)\.?\)?\s*$"
)
_INITIALS = re.compile(r"\s*\([a-z]{2,4}(?:/[a-z]{2,4}){1,3}\)\s*$")
_SIGN_OFF = re.compile(
    r"^\(?(?i:(?:additional\s+)?(?:reporting|writing|editing|compiled|translated|edited|written|produced)\s+(?:by|from))\b"
    r"|^[-–—]{1,2}\s*[A-Z][\w'.&]*(?:\s+[\w'.&]+){0,4}$"
    r"|\b(?:news\s+agency|agency|press|news\s+service|newswire|wire\s+service)(?:\s*\([A-Z]{2,8}\))?\s*$"
    r"|^[A-Z][\w'.&-]*(?:\s+[\w'.&-]+){0,6}\s*\([A-Z]{2,8}\)$"
    r"|^\(?[A-Z]{2,8}\)?$"
    r"|^(?i:source|sources|credit)\s*:"
    r"|(?i:contributed\s+(?:reporting\s+)?to\s+this\s+(?:report|story|article))"
    r"|^[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3}\s*/\s*[A-Z]{2,8}$",
)


def is_caption(line: str) -> bool:
    """A photo caption or credit line (kept short: a long paragraph only loses its credit)."""
    if len(line) > 300:
        return False
    return bool(_CAPTION_START.search(line) or _CREDIT.search(line))


def strip_caption_credit(text: str) -> str:
    """Drop a trailing photo credit from a title or line."""
    return _CREDIT.sub("", text).strip()


def is_link_line(line: str) -> bool:
    """A "read also"-style link to another story."""
    return len(line) < 250 and bool(_LINK.search(line))


def is_share_line(line: str) -> bool:
    """A share bar, social prompt, copyright or advertisement line."""
    return len(line) < 250 and bool(_SHARE.match(line) or _SOCIAL.search(line))


def is_sign_off(line: str) -> bool:
    """A closing agency or author line ("Reporting by ...", "Some News Agency (SNA)")."""
    if len(line) > 120 or len(line.split()) > 14:
        return False
    if line.endswith((".", "!", "?", '"')) and not re.match(r"^\(?(?:additional\s+)?(?:reporting|writing|editing)", line, re.I):
        return False
    return bool(_SIGN_OFF.search(line))


def inline_removals(line: str) -> list[tuple[int, int]]:
    """Spans of `line` to delete: agency codes, editor initials, photo and reporting credits."""
    spans = [
        m.span() for m in _AGENCY_CODE.finditer(line) if _DIGIT.search(m.group()) and _LETTER.search(m.group())
    ]
    tail = max(0, len(line) - _TAIL)
    for pattern in (_INITIALS, _CREDIT, _CONTRIBUTED):
        match = pattern.search(line, tail)
        if match:
            spans.append((match.start(), match.end()))
    return sorted(spans)


@dataclass(frozen=True)
class Dateline:
    """A dateline opening a story: its place, its date (if given) and where the story begins."""

    place: str
    published: dt.date | None
    end: int  # offset in the line where the story text starts


_MONTH = MONTH_PATTERN.replace("(?P<month>", "(?:")
_DATELINE = re.compile(
    r"^\s*(?P<head>[^()\n]{2,150}?)(?:\s*\((?P<agency>[^()]{1,40})\))?\s+[-–—]{1,2}\s+(?=\S)"
)
_PLACE_WORD = re.compile(r"^(?:[A-Z][\w'.-]*|(?:al|el|ad|as|ar|an|de|du|la|le|of|upon|on|am|bin|ibn)(?:-\w+)?|-)$")
_MONTH_DAY = re.compile(rf"^{_MONTH}\s+\d{{1,2}}$", re.I)
_WEEKDAY = re.compile(r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day$", re.I)


def _place_part(part: str) -> bool:
    words = part.split()
    return 1 <= len(words) <= 4 and not any(c.isdigit() for c in part) and all(
        _PLACE_WORD.match(w) for w in words
    ) and words[0][0].isupper()


def parse_dateline(line: str) -> Dateline | None:
    """Parse a dateline at the start of `line`, or None when the line does not open with one."""
    match = _DATELINE.match(line)
    if not match:
        return None
    head = match.group("head").strip().rstrip(",")
    parts = [p.strip() for p in head.split(",")]
    places: list[str] = []
    while parts and _place_part(parts[0]) and not _WEEKDAY.match(parts[0]):
        places.append(parts.pop(0))
    if not places or len(places) > 3:
        return None
    rest = ", ".join(parts)
    published = None
    if rest:
        found = find_date(rest)
        if found is not None:
            published = found[0]
        elif not (_MONTH_DAY.match(rest) or _WEEKDAY.match(rest)):
            return None  # something else than a date follows the place: not a dateline
    shouting = places[0].isupper() and len(places[0]) >= 3
    if published is None and not match.group("agency") and not shouting:
        return None
    place = ", ".join(p.title() if p.isupper() else p for p in places)
    return Dateline(place=place, published=published, end=match.end())


_DATE_ONLY = re.compile(
    rf"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d\d-\d\d)\s*$",
    re.I,
)


def parse_date_line(line: str) -> dt.date | None:
    """A line that is nothing but a date ("Friday, January 4, 2019"), as some sites open with."""
    if not _DATE_ONLY.match(line):
        return None
    found = find_date(line)
    return found[0] if found else None
