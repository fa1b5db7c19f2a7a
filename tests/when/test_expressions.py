import datetime as dt

import pytest

from dotterel.when import resolve_date

THURSDAY = dt.date(2021, 3, 18)


@pytest.mark.parametrize(
    "expression, expected, precision",
    [
        ("on Monday", dt.date(2021, 3, 15), "day"),
        ("Wednesday", dt.date(2021, 3, 17), "day"),
        ("Thursday", THURSDAY, "day"),  # the story's own day
        ("last Friday", dt.date(2021, 3, 12), "day"),
        ("yesterday", dt.date(2021, 3, 17), "day"),
        ("three days ago", dt.date(2021, 3, 15), "day"),
        ("two days after Monday", dt.date(2021, 3, 17), "day"),
        ("a week before Tuesday", dt.date(2021, 3, 9), "week"),
        ("last week", dt.date(2021, 3, 8), "week"),
        ("earlier this month", dt.date(2021, 3, 1), "month"),
        ("last month", dt.date(2021, 2, 1), "month"),
        ("in January", dt.date(2021, 1, 1), "month"),
        ("Since 2016", dt.date(2016, 1, 1), "year"),
        ("(2019)", dt.date(2019, 1, 1), "year"),
        ("on March 3", dt.date(2021, 3, 3), "day"),
        ("Oct. 5, 2020", dt.date(2020, 10, 5), "day"),
    ],
)
def test_news_expressions_resolve_against_the_story_date(expression, expected, precision):
    result = resolve_date(expression, THURSDAY)
    assert result is not None
    assert (result.date, result.precision, result.basis) == (expected, precision, "text")


def test_a_month_day_later_in_the_year_means_last_year():
    # "December 28" in a January story is the December just past.
    assert resolve_date("December 28", dt.date(2021, 1, 5)).date == dt.date(2020, 12, 28)


def test_plans_point_forward():
    assert resolve_date("Monday", THURSDAY, future=True).date == dt.date(2021, 3, 22)
    assert resolve_date("next Tuesday", THURSDAY).date == dt.date(2021, 3, 23)


@pytest.mark.parametrize("expression", ["two days", "the committee", "", "42"])
def test_durations_and_non_dates_give_none(expression):
    assert resolve_date(expression, THURSDAY) is None


def test_absolute_dates_need_no_anchor_but_relative_ones_do():
    assert resolve_date("in 2012", None).date == dt.date(2012, 1, 1)
    assert resolve_date("on Monday", None) is None


def test_a_duration_adjective_is_no_date():
    import datetime as dt

    from dotterel.when.expressions import resolve_date

    for text in ("10-year", "three-day", "10 years"):
        assert resolve_date(text, dt.date(2020, 2, 25)) is None


def test_last_and_next_month_names():
    import datetime as dt

    from dotterel.when.expressions import resolve_date

    anchor = dt.date(2018, 4, 10)
    assert resolve_date("last September", anchor).date == dt.date(2017, 9, 1)
    assert resolve_date("last March", anchor).date == dt.date(2018, 3, 1)
    assert resolve_date("next March", anchor).date == dt.date(2019, 3, 1)
    assert resolve_date("last April", anchor).precision == "month"
