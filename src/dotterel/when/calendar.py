"""Calendars in datelines, for the when stage: the clean stage's date reading, under when's names.

The month tables, the Hijri conversion (`hijridate`, Umm al-Qura) and the dateline date patterns
live once, in `dotterel.clean.calendar`; this module only gives them the names `when` exports.
"""

from __future__ import annotations

import datetime as dt

from dotterel.clean.calendar import HIJRI_MONTHS, find_date, hijri_to_gregorian

__all__ = ["hijri_to_gregorian", "parse_dateline_date", "HIJRI_MONTHS"]


def parse_dateline_date(text: str) -> dt.date | None:
    """The date written in a dateline, Gregorian or Hijri, or None.

    Handles "11 June 2015", "June 11, 2015", "2015-06-11", "24 Sha'ban 1436/11 June 2015" (the
    Gregorian half wins) and Hijri-only "24 Sha'ban 1436" or "24 Shaban 1436 AH" (converted).
    """
    found = find_date(text)
    return found[0] if found else None
