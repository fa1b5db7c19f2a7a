import datetime as dt

from dotterel.when import hijri_to_gregorian, parse_dateline_date


def test_hijri_dates_convert_to_gregorian():
    assert hijri_to_gregorian(1445, 9, 1) == dt.date(2024, 3, 11)  # 1 Ramadan 1445
    # Umm al-Qura, as hijridate computes it (the tabular calendar said 21 November).
    assert hijri_to_gregorian(1400, 1, 1) == dt.date(1979, 11, 20)  # 1 Muharram 1400
    # hijridate's own docstring example; the hand-written conversion gave 4 December.
    assert hijri_to_gregorian(1403, 2, 17) == dt.date(1982, 12, 2)


def test_a_dateline_with_both_calendars_keeps_the_gregorian_date():
    line = "Kuala Lumpur, Malaysia, 3 Rajab 1444/25 January 2023 (AGENCY) -"
    assert parse_dateline_date(line) == dt.date(2023, 1, 25)


def test_a_hijri_only_dateline_is_converted_within_a_day_or_two():
    got = parse_dateline_date("Jakarta, 1 Ramadhan 1445 AH")
    assert abs((got - dt.date(2024, 3, 11)).days) <= 2


def test_common_gregorian_datelines():
    assert parse_dateline_date("NAIROBI, March 4, 2019 -") == dt.date(2019, 3, 4)
    assert parse_dateline_date("Lima 2018-07-09") == dt.date(2018, 7, 9)
    assert parse_dateline_date("GENEVA (Reuters) -") is None
