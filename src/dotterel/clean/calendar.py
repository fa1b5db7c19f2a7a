"""Dates as news writes them: Gregorian day-month-year in its usual orders, and Hijri dates.

Used for metadata fields (`published`, `date`) and for datelines. Hijri dates convert with
`hijridate` (the Umm al-Qura calendar, Hijri years 1343-1500, i.e. 1924-2077); a dateline that
gives both calendars keeps the Gregorian date, which does not depend on moon sighting. This
module holds the project's one table of English month names (`MONTHS`).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re

__all__ = ["EARLIEST", "LATEST", "parse_date", "find_date", "hijri_to_gregorian", "MONTHS", "HIJRI_MONTHS", "MONTH_PATTERN"]

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

#: Hijri month names in the common English transliterations, keyed after `_fold_hijri`.
HIJRI_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("muharram", "moharram"),
        ("safar", "saphar"),
        ("rabialawwal", "rabiulawwal", "rabiala", "rabii", "rabi1", "rabiulawal", "rabialawal"),
        ("rabialthani", "rabiulakhir", "rabialakhir", "rabiath-thani", "rabiii", "rabi2", "rabiussani"),
        ("jumadaalawwal", "jumadalula", "jumadaalula", "jumadai", "jumada1", "jumadilawal"),
        ("jumadaalthani", "jumadaalakhirah", "jumadalakhira", "jumadaalakhira", "jumadaii", "jumada2",
         "jumadilakhir"),
        ("rajab",),
        ("shaban", "shaaban", "sha'ban"),
        ("ramadan", "ramadhan", "ramazan"),
        ("shawwal", "shawal"),
        ("dhualqidah", "dhulqadah", "dhulqidah", "dhulqadah", "zulqadah", "dhualqadah", "dhulqada"),
        ("dhualhijjah", "dhulhijjah", "zulhijjah", "dhulhijja", "dhualhijja"),
    ),
    start=1,
):
    for _name in _names:
        HIJRI_MONTHS[re.sub(r"[^a-z0-9]", "", _name)] = _number

def hijri_to_gregorian(year: int, month: int, day: int) -> dt.date:
    """Convert a Hijri (Umm al-Qura) date to a Gregorian `datetime.date`, with `hijridate`.

    Raises ValueError for a day that does not exist or a year outside 1343-1500 AH.
    """
    from hijridate import Hijri

    try:
        day_ = Hijri(year, month, day).to_gregorian()
    except (OverflowError, ValueError) as exc:
        raise ValueError(f"not a convertible Hijri date: {year}-{month}-{day} ({exc})") from exc
    return dt.date(day_.year, day_.month, day_.day)


def _fold_hijri(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


#: English month names and abbreviations, as a regex with the named group "month".
MONTH_PATTERN = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY_RE = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|wed|thu|fri|sat|sun)\.?,?\s+"
#: "11 June 2015", "June 11, 2015", "Friday, January 4, 2019", "2015-06-11".
_GREGORIAN_RES = (
    re.compile(rf"\b(?:{_WEEKDAY_RE})?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_PATTERN},?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(rf"\b(?:{_WEEKDAY_RE})?{MONTH_PATTERN}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b"),
)
#: "24 Sha'ban 1436", "24 Sha’ban 1436 AH", "1 Ramadan 1444 H".
_HIJRI_RE = re.compile(
    r"\b(?P<day>\d{1,2})\s+(?P<month>[A-Za-z][A-Za-z'’ʿʾ`\- ]{2,24}?)\s+(?P<year>1[2-5]\d\d)(?:\s*(?:AH|A\.H\.|H)\b)?"
)


def _gregorian(match: re.Match[str]) -> dt.date | None:
    month = match.group("month")
    number = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
    if number is None:
        return None
    try:
        day = dt.date(int(match.group("year")), number, int(match.group("day")))
    except ValueError:
        return None
    return day if EARLIEST <= day <= LATEST else None


def find_date(text: str) -> tuple[dt.date, int, int] | None:
    """Find the first Gregorian date in `text`, or else a Hijri one; return (date, start, end).

    Gregorian wins over Hijri because datelines that give both ("24 Sha'ban 1436/11 June 2015")
    state the Gregorian day exactly, while Hijri days depend on moon sighting.
    """
    best: tuple[dt.date, int, int] | None = None
    for pattern in _GREGORIAN_RES:
        for match in pattern.finditer(text):
            day = _gregorian(match)
            if day is not None and (best is None or match.start() < best[1]):
                best = (day, match.start(), match.end())
                break
    if best is not None:
        return best
    for match in _HIJRI_RE.finditer(text):
        number = HIJRI_MONTHS.get(_fold_hijri(match.group("month")))
        if number is None:
            continue
        try:
            return hijri_to_gregorian(int(match.group("year")), number, int(match.group("day"))), match.start(), match.end()
        except ValueError:
            continue
    return None


#: Dates a news record can carry. Outside it a date is a placeholder or a typing mistake
#: (0001-01-01, 9999-12-31), and date arithmetic on it overflows: it is treated as unknown.
EARLIEST = dt.date(1800, 1, 1)
LATEST = dt.date(2199, 12, 31)


def parse_date(value: object) -> dt.date | None:
    """Parse a metadata date (ISO 8601, RFC 2822, "11 June 2015", a datetime); None if unreadable
    or outside EARLIEST..LATEST."""
    day = _parse_date(value)
    return day if day is not None and EARLIEST <= day <= LATEST else None


def _parse_date(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # Unix seconds, as some JSON dumps store them.
        try:
            return dt.datetime.fromtimestamp(float(value), tz=dt.timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    if re.fullmatch(r"\d{8}", text):  # GDELT-style 20150611
        try:
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            return None
    try:
        parsed = email.utils.parsedate_to_datetime(text)
        if parsed is not None:
            return parsed.date()
    except (TypeError, ValueError, IndexError):
        pass
    found = find_date(text)
    return found[0] if found else None
