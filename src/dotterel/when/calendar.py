"""Calendars in datelines: Gregorian dates and Hijri (Islamic) dates converted to Gregorian.

Hijri conversion uses the arithmetic (tabular, civil epoch) Islamic calendar. Observed calendars
such as Umm al-Qura can differ from it by a day or two, so when a dateline gives both calendars
("24 Sha'ban 1436/11 June 2015") the Gregorian date wins.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

__all__ = ["hijri_to_gregorian", "parse_dateline_date", "HIJRI_MONTHS"]

#: Hijri month names as commonly transliterated in English news, keyed by folded spelling.
HIJRI_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("muharram", "moharram", "muharram al haram"),
        ("safar", "saffar"),
        ("rabi al awwal", "rabi ul awwal", "rabi i", "rabia al awal", "rabi al-awwal", "rabiul awal", "rabi awwal"),
        ("rabi al thani", "rabi ul thani", "rabi al akhir", "rabi ii", "rabi ul akhir", "rabiul akhir", "rabi thani"),
        ("jumada al awwal", "jumada al ula", "jumada i", "jumadil awal", "jumada ul awwal", "jumada awwal"),
        ("jumada al thani", "jumada al akhirah", "jumada ii", "jumadil akhir", "jumada ul akhir", "jumada thani"),
        ("rajab",),
        ("shaban", "shaaban", "sha ban", "shaban al muazzam"),
        ("ramadan", "ramadhan", "ramazan"),
        ("shawwal", "shawal"),
        ("dhu al qadah", "dhul qadah", "dhu al qidah", "zulkaidah", "dhul qaada", "dhu l qada", "thul qadah"),
        ("dhu al hijjah", "dhul hijjah", "dhu l hijja", "zulhijjah", "dhul hijja", "thul hijjah"),
    ),
    start=1,
):
    for _name in _names:
        HIJRI_MONTHS[_name.replace("-", " ")] = _number

_GREGORIAN_MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")),
        start=1,
    )
    for name in names
}

_ISLAMIC_EPOCH = 1948439.5  # Julian day of 1 Muharram 1 AH (civil reckoning)


def hijri_to_gregorian(year: int, month: int, day: int) -> dt.date:
    """Convert a Hijri date (tabular Islamic calendar) to a Gregorian date; may be off by one or two days."""
    if not (1 <= month <= 12 and 1 <= day <= 30 and year >= 1):
        raise ValueError(f"not a Hijri date: {year}-{month}-{day}")
    jd = day + -(-(295 * (month - 1)) // 10) + (year - 1) * 354 + (3 + 11 * year) // 30 + _ISLAMIC_EPOCH - 1
    # Julian day 2451544.5 is 2000-01-01.
    return dt.date(2000, 1, 1) + dt.timedelta(days=int(jd - 2451544.5))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[’'`‘ʿʾ]", "", text)
    return re.sub(r"[^0-9a-z/]+", " ", text).strip()


_GREG_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)? (%s)\.? (\d{4})\b")
_GREG_MDY = re.compile(r"\b(%s)\.? (\d{1,2})(?:st|nd|rd|th)? (\d{4})\b")
_ISO = re.compile(r"\b(\d{4})[-/](\d{1,2})[-/](\d{1,2})\b")


def parse_dateline_date(text: str) -> dt.date | None:
    """The date written in a dateline, Gregorian or Hijri, or None.

    Handles "11 June 2015", "June 11, 2015", "2015-06-11", "24 Sha'ban 1436/11 June 2015" (the
    Gregorian half wins) and Hijri-only "24 Sha'ban 1436" or "24 Shaban 1436 AH" (converted).
    """
    folded = _fold(text)
    months = "|".join(sorted(_GREGORIAN_MONTHS, key=len, reverse=True))
    for pattern, order in ((_GREG_DMY, "dmy"), (_GREG_MDY, "mdy")):
        match = re.search(pattern.pattern % months, folded)
        if match:
            a, b, year = match.groups()
            day, month = (a, b) if order == "dmy" else (b, a)
            try:
                return dt.date(int(year), _GREGORIAN_MONTHS[month], int(day))
            except ValueError:
                pass
    match = _ISO.search(text)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    hijri = "|".join(sorted(HIJRI_MONTHS, key=len, reverse=True))
    match = re.search(rf"\b(\d{{1,2}}) ({hijri}) (\d{{3,4}})\b", folded)
    if match:
        day, month, year = match.groups()
        try:
            return hijri_to_gregorian(int(year), HIJRI_MONTHS[month], int(day))
        except ValueError:
            return None
    return None
