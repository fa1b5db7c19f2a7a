"""Date expressions resolved against an anchor date (the article's publication date).

Our own rules come first, because news uses a few patterns that general parsers miss or read the
wrong way ("said Wednesday" in a Thursday story is the day before; "two days after Monday";
"earlier this month"; "since 2016"). Anything else goes to dateparser, which reports a period.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

from dotterel.clean.calendar import MONTHS as _MONTHS
from dotterel.model import EventDate

__all__ = ["resolve_date"]

_WEEKDAYS = {name: i for i, name in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "a few": 3, "few": 3}
_UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14}

_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(_WEEKDAYS)
_NUMBER_RE = r"\d+|" + "|".join(sorted(_NUMBERS, key=len, reverse=True))

_OFFSET = re.compile(
    rf"^(?P<n>{_NUMBER_RE})\s+(?P<unit>day|week|fortnight|month|year)s?\s+(?P<dir>after|before|later|earlier|ago)"
    r"(?:\s+(?P<rest>.+))?$"
)
_WEEKDAY = re.compile(rf"^(?:(?:early|late)\s+)?(?:(?P<mod>last|this|next|on|past|coming)\s+)?(?P<wd>{_WEEKDAY_RE})"
                      r"(?:\s+(?:morning|afternoon|evening|night))?$")
_DAY_MONTH = re.compile(rf"^(?:on\s+)?(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH_RE})\.?"
                        rf"|(?P<m2>{_MONTH_RE})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)"
                        r"(?:,?\s+(?P<y>\d{4}))?$")
_NAMED_MONTH = re.compile(rf"^(?P<mod>last|past|next|coming|this)\s+(?P<m>{_MONTH_RE})\.?$")
_MONTH_YEAR = re.compile(rf"^(?:(?:in|during|since|by|until|of|early|late|mid|earlier|later)\s+)*"
                         rf"(?P<m>{_MONTH_RE})\.?(?:,?\s+(?P<y>\d{{4}}))?$")
_YEAR = re.compile(r"^(?:(?:in|since|during|by|until|from|of|early|late|mid|the\s+year|back\s+in)\s+)*"
                   r"\(?(?P<y>(?:1[89]|20)\d{2})\)?(?:\s*[-–]\s*(?:\d{2,4}))?$")
_RELATIVE_PERIOD = re.compile(
    r"^(?P<mod>last|this|next|earlier\s+this|later\s+this|past|previous|coming|the\s+past|the\s+previous|"
    r"the\s+coming|the\s+last|earlier\s+in\s+the|late\s+last|early\s+last|early\s+this|late\s+this)"
    r"\s+(?P<unit>week|weekend|month|year)$"
)
_SIMPLE = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "earlier today": 0, "yesterday": -1, "last night": -1, "yesterday morning": -1,
    "yesterday afternoon": -1, "yesterday evening": -1, "overnight": -1, "tomorrow": 1,
    "the day before yesterday": -2, "the day after tomorrow": 2,
}


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBERS[text]


def _normalise(expression: str) -> str:
    text = expression.casefold().replace("’", "'").strip(" ,.;:()")
    text = re.sub(r"\s+", " ", re.sub(r"(?<=[a-z])-(?=[a-z0-9])", " ", text))
    return re.sub(r"^(?:on|at|from|as of)\s+(?=\w)", "", text) if not _WEEKDAY.match(text) else text


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _shift_month(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, 1)


def resolve_date(expression: str, anchor: dt.date | None, future: bool = False) -> EventDate | None:
    """Resolve a date expression ("on Monday", "last week", "in 2016") against `anchor`.

    `future` says the event lies ahead (a plan or threat), so a bare weekday or month points
    forward. Returns None when the expression is not a date this module understands.
    """
    text = _normalise(expression)
    if not text:
        return None
    result = _resolve(text, anchor, future)
    if result is None:
        return None
    date, precision = result
    return EventDate(date=date, precision=precision, basis="text", expression=expression.strip())


@lru_cache(maxsize=8192)
def _resolve(text: str, anchor: dt.date | None, future: bool) -> tuple[dt.date, str] | None:
    # Absolute forms first: they need no anchor.
    match = _YEAR.match(text)
    if match:
        return dt.date(int(match["y"]), 1, 1), "year"
    match = _DAY_MONTH.match(text)
    if match:
        month = _MONTHS[match["m1"] or match["m2"]]
        day = int(match["d1"] or match["d2"])
        if match["y"]:
            return _safe_date(int(match["y"]), month, day, "day")
        if anchor is None:
            return None
        return _nearest_year(anchor, month, day, future, "day")
    match = _NAMED_MONTH.match(text)
    if match and anchor is not None:
        # "last September": the latest September before this month; "next March": the first after it.
        month, mod = _MONTHS[match["m"]], match["mod"]
        year = anchor.year
        if mod in ("last", "past") and month >= anchor.month:
            year -= 1
        elif mod in ("next", "coming") and month <= anchor.month:
            year += 1
        return dt.date(year, month, 1), "month"
    match = _MONTH_YEAR.match(text)
    if match:
        month = _MONTHS[match["m"]]
        if match["y"]:
            return dt.date(int(match["y"]), month, 1), "month"
        if anchor is None:
            return None
        return _nearest_year(anchor, month, 1, future, "month")
    if anchor is None:
        return None
    if text in _SIMPLE:
        return anchor + dt.timedelta(days=_SIMPLE[text]), "day"
    match = _WEEKDAY.match(text)
    if match:
        return _weekday(anchor, _WEEKDAYS[match["wd"]], match["mod"], future), "day"
    match = _OFFSET.match(text)
    if match:
        return _offset(match, anchor, future)
    match = _RELATIVE_PERIOD.match(text)
    if match:
        return _period(match["mod"], match["unit"], anchor)
    return _dateparser(text, anchor, future)


def _safe_date(year: int, month: int, day: int, precision: str) -> tuple[dt.date, str] | None:
    try:
        return dt.date(year, month, day), precision
    except ValueError:
        return None


def _nearest_year(anchor: dt.date, month: int, day: int, future: bool, precision: str) -> tuple[dt.date, str] | None:
    """A day or month without a year: the latest one not after the anchor (or the next one ahead)."""
    day = min(day, calendar.monthrange(anchor.year, month)[1])
    candidate = dt.date(anchor.year, month, day)
    if not future and candidate > anchor:
        # News reports the past: "on December 28" in a January story is last year's December, and
        # "on June 5" in a story of June 1 was a year ago (a plan for June 5 is marked future).
        candidate = dt.date(anchor.year - 1, month, min(day, calendar.monthrange(anchor.year - 1, month)[1]))
    elif future and candidate < anchor - dt.timedelta(days=7):
        candidate = dt.date(anchor.year + 1, month, min(day, calendar.monthrange(anchor.year + 1, month)[1]))
    return candidate, precision


def _weekday(anchor: dt.date, weekday: int, modifier: str | None, future: bool) -> dt.date:
    """A weekday named in a story: the most recent one (today counts) unless the story looks ahead."""
    back = (anchor.weekday() - weekday) % 7
    if modifier == "last" or modifier == "past":
        return anchor - dt.timedelta(days=back or 7)
    if modifier in ("next", "coming") or (future and modifier != "this"):
        ahead = (weekday - anchor.weekday()) % 7
        return anchor + dt.timedelta(days=ahead or 7)
    return anchor - dt.timedelta(days=back)


def _offset(match: re.Match, anchor: dt.date, future: bool) -> tuple[dt.date, str] | None:
    n, unit, direction, rest = _number(match["n"]), match["unit"], match["dir"], match["rest"]
    base_precision = "day"
    base = anchor
    if rest:
        # "two days after Monday", "a week before the vote on June 3": resolve the reference first.
        inner = _resolve(_normalise(rest), anchor, future)
        if inner is None:
            return None
        base, base_precision = inner
    sign = 1 if direction in ("after", "later") else -1
    if unit in _UNIT_DAYS:
        date = base + dt.timedelta(days=sign * n * _UNIT_DAYS[unit])
        if unit == "day":
            return date, base_precision
        return date, "week" if base_precision in ("day", "week") else base_precision
    if unit == "month":
        return _shift_month(base, sign * n), "month"
    return dt.date(base.year + sign * n, 1, 1), "year"


def _period(modifier: str, unit: str, anchor: dt.date) -> tuple[dt.date, str]:
    modifier = modifier.replace("the ", "")
    step = {"last": -1, "past": -1, "previous": -1, "late last": -1, "early last": -1,
            "next": 1, "coming": 1}.get(modifier, 0)
    if unit in ("week", "weekend"):
        start = _monday(anchor) + dt.timedelta(weeks=step)
        if unit == "weekend":
            return start + dt.timedelta(days=5), "day" if step else "week"
        return start, "week"
    if unit == "month":
        return _shift_month(anchor.replace(day=1), step), "month"
    return dt.date(anchor.year + step, 1, 1), "year"


@lru_cache(maxsize=64)
def _parser(anchor: dt.date, future: bool):
    """A dateparser parser whose 'now' is the anchor (cached: building one costs milliseconds)."""
    from dateparser.date import DateDataParser

    settings = {
        "RELATIVE_BASE": dt.datetime(anchor.year, anchor.month, anchor.day, 12),
        "PREFER_DATES_FROM": "future" if future else "past",
    }
    return DateDataParser(languages=["en"], settings=settings)


def _dateparser(text: str, anchor: dt.date, future: bool) -> tuple[dt.date, str] | None:
    """Last resort: dateparser with the anchor as 'now'. Bare numbers are not dates."""
    if not re.search(r"[a-z]", text) or len(text) > 60:
        return None
    if re.match(rf"^(?:{_NUMBER_RE})[\s-]+(?:day|week|month|year|hour|minute)s?\b", text):
        return None  # a duration ("two days", "a 10-year sentence"), not a point in time
    try:
        data = _parser(anchor, future).get_date_data(text)
    except Exception:  # dateparser raises many kinds of errors on odd strings
        return None
    if data is None or data.date_obj is None:
        return None
    period = data.period if data.period in ("day", "week", "month", "year") else "day"
    if abs(data.date_obj.year - anchor.year) > 50:
        return None  # "the 1500s" style readings are not event dates
    return data.date_obj.date(), period
