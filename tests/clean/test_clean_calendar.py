from __future__ import annotations

import datetime as dt

import pytest

from dotterel.clean.calendar import find_date, hijri_to_gregorian, parse_date


@pytest.mark.parametrize(
    "hijri,gregorian",
    [((1445, 1, 1), dt.date(2023, 7, 19)), ((1444, 9, 1), dt.date(2023, 3, 23)), ((1436, 8, 24), dt.date(2015, 6, 11))],
)
def test_hijri_conversion_within_a_day_of_umm_al_qura(hijri, gregorian):
    assert abs((hijri_to_gregorian(*hijri) - gregorian).days) <= 1


def test_hijri_conversion_is_hijridates_and_refuses_what_it_cannot_convert():
    from hijridate import Hijri

    for y, m, d in ((1403, 2, 17), (1436, 8, 24), (1445, 9, 1), (1343, 1, 1), (1500, 12, 29)):
        g = Hijri(y, m, d).to_gregorian()
        assert hijri_to_gregorian(y, m, d) == dt.date(g.year, g.month, g.day)
    for bad in ((1600, 1, 1), (1445, 13, 1), (1445, 1, 31)):
        with pytest.raises(ValueError):
            hijri_to_gregorian(*bad)
    assert find_date("3 Rajab 1650") is None  # outside the calendar's table: no date, no crash


def test_one_month_table():
    from dotterel.clean import calendar
    from dotterel.when import expressions

    assert expressions._MONTHS is calendar.MONTHS


def test_gregorian_wins_when_both_calendars_are_given():
    found = find_date("24 Sha'ban 1436/11 June 2015")
    assert found is not None and found[0] == dt.date(2015, 6, 11)


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2024-03-05", dt.date(2024, 3, 5)),
        ("2024-03-05T23:10:00+02:00", dt.date(2024, 3, 5)),
        ("Tue, 05 Mar 2024 10:00:00 GMT", dt.date(2024, 3, 5)),
        ("5 March 2024", dt.date(2024, 3, 5)),
        ("March 5th, 2024", dt.date(2024, 3, 5)),
        ("Tuesday, March 5, 2024", dt.date(2024, 3, 5)),
        ("20240305", dt.date(2024, 3, 5)),
        ("sometime soon", None),
        ("", None),
        (None, None),
    ],
)
def test_metadata_dates(value, expected):
    assert parse_date(value) == expected
