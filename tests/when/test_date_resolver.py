import datetime as dt

from dotterel.model import Analysis, Article, Event, Sentence
from dotterel.when import DateResolver

THURSDAY = dt.date(2021, 3, 18)


def analysis_for(nlp, text, trigger, published=THURSDAY, published_basis="metadata"):
    article = Article("a1", text, published=published, published_basis=published_basis)
    sentence = Sentence("a1", 0, 0, len(text), text)
    start = text.index(trigger)
    event = Event("e1", "a1", 0, (), (), "CONSULT", "040", 1.0, 1, text, trigger, start, start + len(trigger))
    return Analysis(article, (sentence,), (nlp(text),), events=(event,))


def test_the_weekday_attached_to_the_event_dates_it(nlp):
    out = DateResolver()(analysis_for(nlp, "The finance minister met union leaders in Lisbon on Monday.", "met"))
    date = out.events[0].date
    assert (date.date, date.precision, date.basis) == (dt.date(2021, 3, 15), "day", "text")


def test_a_duration_after_another_date_is_counted_from_it(nlp):
    text = "The envoy arrived in Nairobi three days after the ceasefire was signed on Sunday."
    out = DateResolver()(analysis_for(nlp, text, "arrived"))
    assert out.events[0].date.date == dt.date(2021, 3, 17)


def test_without_an_expression_the_publication_date_is_used_and_marked(nlp):
    out = DateResolver()(analysis_for(nlp, "The two ministers signed a trade pact.", "signed"))
    date = out.events[0].date
    assert (date.date, date.basis) == (THURSDAY, "published")
    dated = DateResolver()(analysis_for(nlp, "The two ministers signed a trade pact.", "signed",
                                        published_basis="dateline"))
    assert dated.events[0].date.basis == "dateline"


def test_past_years_are_flagged_historical(nlp):
    text = "In 2012, the army launched an offensive against the rebels in the north."
    event = DateResolver()(analysis_for(nlp, text, "launched")).events[0]
    assert event.date.precision == "year"
    assert event.date.date.year == 2012
    assert event.modality.historical
    recent = DateResolver()(analysis_for(nlp, "The army launched an offensive on Tuesday.", "launched")).events[0]
    assert not recent.modality.historical


def test_no_date_at_all_leaves_the_event_undated(nlp):
    out = DateResolver()(analysis_for(nlp, "The army launched an offensive on Tuesday.", "launched", published=None))
    assert out.events[0].date is None


def test_a_clock_time_is_not_a_year(nlp):
    for text in ("The two leaders will open the talks at 1830 GMT in Geneva.",
                 "The two leaders opened the talks at 0900 local time."):
        event = DateResolver()(analysis_for(nlp, text, "talks")).events[0]
        assert (event.date.date, event.date.basis) == (THURSDAY, "published")
        assert not event.modality.historical
    # a year after "in" is still a year
    event = DateResolver()(analysis_for(nlp, "The two leaders held talks in 1998.", "talks")).events[0]
    assert (event.date.date.year, event.date.precision) == (1998, "year")


def _two_sentences(nlp, first, second, triggers, published=THURSDAY):
    text = f"{first} {second}"
    article = Article("a1", text, published=published, published_basis="metadata")
    sentences = (Sentence("a1", 0, 0, len(first), first), Sentence("a1", 1, len(first) + 1, len(text), second))
    events = []
    for n, (index, word, ptype) in enumerate(triggers):
        start = text.index(word, sentences[index].start)
        events.append(Event(f"e{n}", "a1", index, (), (), ptype, "190", -10.0, 4, sentences[index].text,
                            word, start, start + len(word)))
    return Analysis(article, sentences, (nlp(first), nlp(second)), events=tuple(events))


def test_a_past_month_day_after_the_article_is_last_year(nlp):
    out = DateResolver()(analysis_for(nlp, "Rebels attacked the convoy on June 5.", "attacked",
                                      published=dt.date(2021, 6, 1)))
    assert out.events[0].date.date == dt.date(2020, 6, 5)
    assert out.events[0].modality.historical


def test_a_year_inside_a_name_is_no_date(nlp):
    text = "The ministers met this week to review the 1961 Single Convention."
    date = DateResolver()(analysis_for(nlp, text, "met")).events[0].date
    assert date.date.year == 2021 and date.precision in ("week", "day")


def test_events_more_than_30_days_before_the_article_are_historical(nlp):
    old = DateResolver()(analysis_for(nlp, "Rebels attacked the convoy on February 10.", "attacked")).events[0]
    assert old.date.date == dt.date(2021, 2, 10) and old.modality.historical
    recent = DateResolver()(analysis_for(nlp, "Rebels attacked the convoy on March 1.", "attacked")).events[0]
    assert recent.date.date == dt.date(2021, 3, 1) and not recent.modality.historical
    month = DateResolver()(analysis_for(nlp, "Rebels attacked the convoy last month.", "attacked")).events[0]
    assert month.date.precision == "month" and not month.modality.historical  # February ended 18 days ago


def test_an_undated_event_takes_the_date_the_article_stated_for_its_kind(nlp):
    analysis = _two_sentences(
        nlp, "Gunmen killed five villagers near the market on Monday.",
        "The attackers also killed a policeman.", [(0, "killed", "ASSAULT"), (1, "killed", "ASSAULT")])
    first, second = DateResolver()(analysis).events
    assert (first.date.date, first.date.basis) == (dt.date(2021, 3, 15), "text")
    assert (second.date.date, second.date.basis) == (dt.date(2021, 3, 15), "article")


def test_a_year_before_a_name_without_an_article_is_still_a_date(nlp):
    event = DateResolver()(analysis_for(nlp, "In 2015 Russia sent troops into Syria.", "sent")).events[0]
    assert (event.date.date.year, event.date.precision) == (2015, "year")


def test_an_undated_event_takes_the_day_the_lead_states(nlp):
    analysis = _two_sentences(
        nlp, "Three people died in a knife attack in a park on Saturday evening.",
        "Police later arrested a man.", [(1, "arrested", "COERCE")])
    (event,) = DateResolver()(analysis).events
    assert (event.date.date, event.date.basis) == (dt.date(2021, 3, 13), "article")
    (event,) = DateResolver(lead=False)(analysis).events
    assert (event.date.date, event.date.basis) == (THURSDAY, "published")
