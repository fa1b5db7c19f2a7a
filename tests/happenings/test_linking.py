"""Happenings on a real DuckDB file: reports of one occurrence share an id, and counts follow."""

import datetime as dt

import pytest

from dotterel.happenings.linker import Linker, Party, Report, compatible, content_words, outlet
from dotterel.model import Actor, Analysis, Article, Event, EventDate, Participant, Place, Sentence
from dotterel.store import open_store

CAVUSOGLU = Actor("Mevlüt Çavuşoğlu", "TUR", "GOV", "P-mevlut-cavusoglu", "TURGOV", "person")
BLINKEN = Actor("Antony Blinken", "USA", "GOV", "P-antony-blinken", "USAGOV", "person")
ANKARA = Place("Ankara", 323786, "TUR", "68", 39.92, 32.85, "city", "text")


def _article(article_id, text, day, source, url=None, published=None, src=CAVUSOGLU, tgt=BLINKEN, place=ANKARA):
    art = Article(article_id=article_id, text=text, published=published or day, source=source, url=url,
                  origin=f"{article_id}.txt")
    event = Event(
        event_id=f"{article_id}-e", article_id=article_id, sentence=0,
        source=(Participant(src.name, 0, 5, src),), target=(Participant(tgt.name, 10, 15, tgt),),
        plover_type="CONSULT", cameo_code="040", goldstein=1.0, quad=1, evidence=text, trigger="met",
        trigger_start=6, trigger_end=9, date=EventDate(day, "day", "text"), location=place, confidence=0.8,
    )
    return Analysis(article=art, sentences=(Sentence(article_id, 0, 0, len(text), text),), docs=(True,),
                    events=(event,)), ("h-" + article_id, b"")


MONDAY = dt.date(2024, 3, 4)
FIRST = _article("wire", "Turkish Foreign Minister Mevlut Cavusoglu met US Secretary of State Antony Blinken in "
                 "Ankara on Monday.", MONDAY, "Wire One")
SECOND = _article("paper", "Blinken held talks with Cavusoglu in Ankara on Monday, the ministry said.", MONDAY,
                  None, url="https://www.example.co.uk/news/1", published=MONDAY + dt.timedelta(days=1),
                  src=BLINKEN, tgt=CAVUSOGLU)
LATER = _article("later", "Turkish Foreign Minister Mevlut Cavusoglu met US Secretary of State Antony Blinken in "
                 "Ankara on Monday.", MONDAY + dt.timedelta(days=63), "Wire One")


def _happenings(store):
    return {r["article_id"]: r for r in store.events()}


def test_two_outlets_one_meeting_is_one_happening_and_a_later_meeting_another(tmp_path):
    with open_store(tmp_path / "h.duckdb") as store:
        store.write_analyses([FIRST], "r1")
        store.write_analyses([SECOND, LATER], "r2")  # a later article joins the earlier happening
        rows = _happenings(store)
    assert rows["paper"]["happening_id"] == rows["wire"]["happening_id"] == "wire-e"
    assert rows["later"]["happening_id"] == "later-e"
    assert (rows["wire"]["num_articles"], rows["wire"]["num_sources"], rows["wire"]["num_mentions"]) == (2, 2, 2)
    assert rows["wire"]["first_seen"] == MONDAY
    assert (rows["later"]["num_articles"], rows["later"]["num_sources"]) == (1, 1)


def test_rerunning_changes_nothing_and_order_in_a_batch_does_not_matter(tmp_path):
    with open_store(tmp_path / "a.duckdb") as store:
        store.write_analyses([FIRST, SECOND, LATER], "r1")
        before = {k: (r["happening_id"], r["num_articles"]) for k, r in _happenings(store).items()}
        store.write_analyses([SECOND, FIRST, LATER], "r2")
        after = {k: (r["happening_id"], r["num_articles"]) for k, r in _happenings(store).items()}
        assert store.counts()["happenings"] == 2
    assert before == after


def test_a_duplicate_copy_counts_as_another_article(tmp_path):
    from dotterel.model import Duplicate

    with open_store(tmp_path / "d.duckdb") as store:
        store.write_analyses([FIRST], "r1")
        store.write_duplicates([Duplicate(FIRST[0].article, "wire", "exact")], "r1")
        assert _happenings(store)["wire"]["num_articles"] == 2


def _report(event_id, article_id, sentence=0, date=MONDAY, words="cavusoglu met blinken ankara", **kw):
    base = dict(event_id=event_id, article_id=article_id, sentence=sentence, plover_type="CONSULT", date=date,
                precision="day", basis="text", source=(Party("TUR", "GOV", "P-c"),),
                target=(Party("USA", "GOV", "P-b"),), words=content_words(words))
    base.update(kw)
    return Report(**base)


def test_compatibility_rules():
    a = _report("a", "x")
    assert compatible(a, _report("b", "y"))
    assert not compatible(a, _report("b", "x"))  # two events of one sentence
    assert not compatible(a, _report("b", "y", plover_type="ACCUSE"))
    assert not compatible(a, _report("b", "y", date=MONDAY + dt.timedelta(days=60)))
    assert not compatible(a, _report("b", "y", target=(Party("RUS", "GOV", "P-l"),)))  # another minister
    assert not compatible(a, _report("b", "y", target=(Party("USA", "GOV", "P-other"),)))  # another US official
    assert not compatible(a, _report("b", "y", modality=(True, False, False)))
    far = dict(lat=36.2, lon=37.1, place_country="TUR")
    assert not compatible(_report("a", "x", lat=39.9, lon=32.8, place_country="TUR"), _report("b", "y", **far))
    # Same day and parties but nothing in common in the wording: not enough.
    assert not compatible(a, _report("b", "y", words="talks trade tariffs"))
    # A date taken from the article's publication may be a day or two after the event.
    assert compatible(a, _report("b", "y", date=MONDAY + dt.timedelta(days=1), basis="published",
                                 words="cavusoglu met blinken ankara"))


def test_linker_joins_the_happening_with_most_agreement():
    linker = Linker()
    assert linker.link(_report("a", "x")) == "a"
    assert linker.link(_report("b", "y")) == "a"
    assert linker.link(_report("c", "z", date=MONDAY + dt.timedelta(days=60))) == "c"


@pytest.mark.parametrize("source, url, expected", [
    ("Reuters", "https://uk.reuters.com/x", "reuters"),
    (None, "https://uk.reuters.com/article/x", "reuters.com"),
    (None, "https://www.bbc.co.uk/news/1", "bbc.co.uk"),
    (None, None, None),
    ("  ", "not a url", None),
])
def test_outlet(source, url, expected):
    assert outlet(source, url) == expected
