import dataclasses
import datetime as dt

import pytest

from dotterel.model import Actor, Analysis, Article, Event, EventDate, Participant, Sentence
from dotterel.where import Geocoder, geoparse


def build(nlp, sentences_text, triggers, published=dt.date(2021, 3, 18), dateline=None, sources=()):
    """An Analysis of hand-written sentences with one event per (sentence index, trigger)."""
    text = " ".join(sentences_text)
    sentences, pos = [], 0
    for i, s in enumerate(sentences_text):
        start = text.index(s, pos)
        sentences.append(Sentence("a1", i, start, start + len(s), s))
        pos = start + len(s)
    events = []
    for n, (index, trigger) in enumerate(triggers):
        sentence = sentences[index]
        start = text.index(trigger, sentence.start)
        who = ()
        if n < len(sources) and sources[n]:
            s = text.index(sources[n])
            who = (Participant(sources[n], s, s + len(sources[n]), Actor(sources[n])),)
        events.append(Event(f"e{n}", "a1", index, who, (), "CONSULT", "040", 1.0, 1, sentence.text, trigger,
                            start, start + len(trigger)))
    article = Article("a1", text, published=published, dateline_place=dateline)
    docs = tuple(nlp.pipe(s.text for s in sentences))
    return Analysis(article, tuple(sentences), docs, events=tuple(events))


@pytest.fixture(scope="module")
def geocoder(gaz):
    return Geocoder(gaz)


def test_a_place_phrase_of_the_trigger_is_the_event_place(nlp, geocoder):
    out = geocoder(build(nlp, ["The two presidents met at the trade summit in Japan on Friday."], [(0, "met")]))
    place = out.events[0].location
    assert (place.name, place.country, place.basis) == ("Japan", "JPN", "text")


def test_a_city_beats_its_country_in_the_same_phrase(nlp, geocoder):
    out = geocoder(build(nlp, ["The minister spoke during a visit to Portugal's capital Lisbon."], [(0, "spoke")]))
    assert out.events[0].location.name == "Lisbon"


def test_operations_across_a_border_are_placed_in_the_named_country(nlp, geocoder):
    text = "Since 2017, the army has launched two offensives across its border in northern Iraq."
    out = geocoder(build(nlp, [text], [(0, "launched")]))
    assert out.events[0].location.country == "IRQ"


def test_the_dateline_is_the_fallback_and_says_so(nlp, geocoder):
    out = geocoder(build(nlp, ["The ministers agreed to extend the truce."], [(0, "agreed")],
                         dateline="Nairobi, Kenya"))
    place = out.events[0].location
    assert (place.name, place.country, place.basis) == ("Nairobi", "KEN", "dateline")
    bare = geocoder(build(nlp, ["The ministers agreed to extend the truce."], [(0, "agreed")]))
    assert bare.events[0].location is None


def test_reported_speech_does_not_place_the_speaker(nlp, geocoder):
    text = "Fighting continues in Yemen, the envoy said on Tuesday."
    out = geocoder(build(nlp, [text], [(0, "said")], dateline="Geneva, Switzerland"))
    assert out.events[0].location.basis == "dateline"


def test_another_sentence_with_the_same_source_and_day_lends_its_place(nlp, geocoder):
    analysis = build(
        nlp,
        ["Chancellor Weber on Monday urged allies to share more intelligence.",
         "Weber spoke Monday at the defence conference in Norway."],
        [(0, "urged")],
        sources=["Chancellor Weber"],
    )
    event = analysis.events[0]
    dated = dataclasses.replace(event, date=EventDate(dt.date(2021, 3, 15), "day", "text", "on Monday"))
    out = geocoder(dataclasses.replace(analysis, events=(dated,)))
    assert out.events[0].location.country == "NOR"


def test_toponyms_are_listed_with_offsets(nlp, geocoder):
    out = geocoder(build(nlp, ["Talks in Tbilisi and Baku ended without a deal."], []))
    names = [(t.text, t.place.country if t.place else None) for t in out.toponyms]
    assert ("Tbilisi", "GEO") in names and ("Baku", "AZE") in names
    text = out.article.text
    assert all(text[t.start:t.end] == t.text for t in out.toponyms)


def test_geoparse_resolves_a_plain_text(nlp, gaz):
    found = geoparse("Aid convoys left Amman for Deir el-Zour.", nlp=nlp, gazetteer=gaz)
    assert {t.place.country for t in found if t.place} == {"JOR", "SYR"}


def test_unparsed_sentences_fall_back_to_the_dateline(nlp, geocoder):
    analysis = build(nlp, ["Envoys met in Oslo to discuss the truce."], [(0, "met")], dateline="Cairo, Egypt")
    skipped = dataclasses.replace(analysis, docs=(None,))
    out = geocoder(skipped)
    assert out.toponyms == ()
    assert (out.events[0].location.name, out.events[0].location.basis) == ("Cairo", "dateline")


def test_a_linked_name_the_gazetteer_lacks_is_still_the_event_place(nlp, geocoder):
    out = geocoder(build(nlp, ["Gunmen attacked a convoy in the village of Qarvashtuz on Sunday."], [(0, "attacked")],
                         dateline="Nairobi, Kenya"))
    place = out.events[0].location
    assert (place.name, place.geonameid, place.lat, place.basis) == ("Qarvashtuz", None, None, "text")


def test_a_participle_shares_the_place_of_the_verb_it_hangs_off(nlp, geocoder):
    out = geocoder(build(nlp, ["A rocket struck a crowded market in Mosul on Tuesday, killing six traders."],
                         [(0, "killing")]))
    assert out.events[0].location.name == "Mosul"
