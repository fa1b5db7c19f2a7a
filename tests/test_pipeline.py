"""The Python API end to end on articles written for these tests."""

import datetime as dt

import pytest

import dotterel

ARTICLE = """Nairobi, Kenya, 14 February 2024 (SW) – Kenyan President William Ruto met Ethiopian Prime Minister Abiy Ahmed in Nairobi on Tuesday, the State House said.

The European Union on Monday imposed new sanctions on Russia, targeting banks and arms exporters.

Police fired tear gas at protesters in Dhaka.

Japan pledged 50 million dollars in humanitarian aid to Bangladesh.

Russia did not attack Ukraine's power grid on Sunday, the ministry said.
"""


@pytest.fixture(scope="module")
def analysis(pipeline):
    (a,) = pipeline.code_texts([ARTICLE], published=dt.date(2024, 2, 14))
    return a


def events_of(analysis, plover_type):
    return [e for e in analysis.events if e.plover_type == plover_type]


def countries(participants):
    return {p.actor.country for p in participants}


def test_meeting_is_consult_dated_and_placed(analysis):
    (e, *_) = events_of(analysis, "CONSULT")
    assert "KEN" in countries(e.source) and "ETH" in countries(e.target)
    assert e.date.date == dt.date(2024, 2, 13) and e.date.precision == "day"
    assert e.location.name == "Nairobi" and e.location.country == "KEN"
    assert analysis.article.text[e.trigger_start : e.trigger_end] == e.trigger == "met"


def test_sanctions_target_russia(analysis):
    (e, *_) = events_of(analysis, "SANCTION")
    # "targeting banks": the banks may be listed beside Russia, never instead of it.
    assert "RUS" in countries(e.target)
    assert e.source[0].actor.sector == "IGO" or e.source[0].actor.kind == "igo"
    assert e.quad == 4 and e.goldstein < 0


def test_police_coerce_and_aid(analysis):
    # A pledge of aid is a promise (CAMEO 033, PLOVER AGREE) or the aid itself (AID): either way to Bangladesh.
    assert any("BGD" in countries(e.target) for e in events_of(analysis, "AID") + events_of(analysis, "AGREE"))
    coerce = events_of(analysis, "COERCE") + events_of(analysis, "ASSAULT")
    assert any(p.actor.sector == "COP" for e in coerce for p in e.source)


def test_negated_attack_is_dropped_by_default(analysis):
    assert not [e for e in analysis.events if e.plover_type == "ASSAULT" and "RUS" in countries(e.source)]


def test_negated_attack_is_kept_flagged_on_request():
    from dotterel.config import Config
    from dotterel.pipeline import Pipeline

    (a,) = Pipeline(Config(keep_modal=True)).code_texts([ARTICLE], published=dt.date(2024, 2, 14))
    attacks = [e for e in a.events if e.plover_type == "ASSAULT" and "RUS" in countries(e.source)]
    assert attacks and all(e.modality.negated and not e.modality.factual for e in attacks)


def test_events_carry_provenance_and_offsets(analysis):
    for e in analysis.events:
        assert e.pipeline_version == dotterel.__version__ and e.config_hash
        sentence = analysis.sentences[e.sentence]
        assert e.evidence == sentence.text
        assert sentence.start <= e.trigger_start < e.trigger_end <= sentence.end


def test_code_returns_events_and_json(pipeline):
    events = pipeline.code(["Ukrainian President Volodymyr Zelensky urged Washington to send more air defence systems."],
                           published=dt.date(2024, 5, 20))
    (e,) = [x for x in events if x.plover_type == "REQUEST"]
    rec = dotterel.event_json(e)
    assert rec["source"][0]["country"] == "UKR" and rec["target"][0]["country"] == "USA"
    assert rec["plover"]["type"] == "REQUEST" and rec["cameo"]["root"] == "02"


def test_past_operations_are_historical_and_placed_through_the_light_verb(pipeline):
    (a,) = pipeline.code_texts(
        ["Since 2015, Nigeria has launched a series of military operations across its border in northern Cameroon."],
        published=dt.date(2024, 6, 1))
    (e, *_) = [x for x in a.events if x.plover_type == "ASSAULT"]
    assert "NGA" in countries(e.source) and e.modality.historical
    assert e.date.date.year == 2015 and e.date.precision == "year"
    assert e.location is not None and e.location.country == "CMR" and e.location.basis == "text"
