"""The event stage on hand-written sentences with hand-resolved actors."""

from __future__ import annotations

import datetime as dt

from events_actors import FRA, FRA_GOV, KEN, KEN_GOV, MLI, NGA, NGA_MIL, PER, CHL, REBELS, USA, USA_GOV

from dotterel.model import QUAD_OF_PLOVER


def events_of(coder, analyse, text, **kwargs):
    return coder(analyse(text, **kwargs)).events


def actors(participants):
    return {p.actor for p in participants}


def test_request_with_source_and_target(coder, analyse):
    events = events_of(coder, analyse, "Claire Dumont called on Mali to release the detained journalists.")
    assert [e.plover_type for e in events] == ["REQUEST"]
    assert actors(events[0].source) == {FRA_GOV}
    assert actors(events[0].target) == {MLI}
    assert events[0].trigger == "called on"


def test_attack_active_and_passive_give_same_roles(coder, analyse):
    active = events_of(coder, analyse, "Nigerian troops attacked the Northern Front near the border.")
    passive = events_of(coder, analyse, "The Northern Front was attacked by the Nigerian army on Tuesday.")
    for events in (active, passive):
        assert [e.plover_type for e in events] == ["ASSAULT"]
        assert actors(events[0].source) == {NGA_MIL}
        assert actors(events[0].target) == {REBELS}


def test_reported_speech_speaker_is_not_the_attacker(coder, analyse):
    events = events_of(coder, analyse, "Otieno said the Northern Front attacked Nigeria.")
    assert [e.plover_type for e in events] == ["ASSAULT"]
    assert actors(events[0].source) == {REBELS}
    assert KEN_GOV not in actors(events[0].source) | actors(events[0].target)


def test_attribution_is_not_a_participant(coder, analyse):
    events = events_of(coder, analyse, "Nigeria arrested ten members of the Northern Front, according to Kenya.")
    assert [e.plover_type for e in events] == ["COERCE"]
    assert actors(events[0].source) == {NGA}
    assert KEN not in actors(events[0].source) | actors(events[0].target)


def test_negated_events_are_dropped_by_default_and_flagged_when_kept(coder, analyse, nlp):
    from dotterel.events import EventCoder

    text = "Nigeria did not attack Mali."
    assert events_of(coder, analyse, text) == ()
    kept = EventCoder(keep={"negated", "historical"}, nlp=nlp, vectors=False)(analyse(text)).events
    assert [e.plover_type for e in kept] == ["ASSAULT"]
    assert kept[0].modality.negated


def test_no_cooperation_event_when_cooperation_is_denied(coder, analyse):
    events = events_of(coder, analyse, "There has not yet been enough cooperation between Peru and Chile.")
    assert not [e for e in events if e.plover_type == "COOPERATE"]


def test_threat_is_coded_not_the_threatened_attack(coder, analyse):
    events = events_of(coder, analyse, "Nigeria threatened to attack the Northern Front.")
    assert [e.plover_type for e in events] == ["THREATEN"]
    assert events[0].cameo_code == "138"


def test_announced_cooperation_is_an_agreement(coder, analyse):
    events = events_of(coder, analyse, "Peru will sign a trade agreement with Chile.")
    assert {e.plover_type for e in events} == {"AGREE"}
    assert all(not e.modality.future for e in events)


def test_conditional_events_are_dropped(coder, analyse):
    assert events_of(coder, analyse, "If Chile attacks Peru, Lima could impose sanctions on Santiago.") == ()


def test_past_years_are_flagged_historical(coder, analyse):
    old = events_of(coder, analyse, "France deployed troops to Mali in 2013.", published=dt.date(2024, 5, 2))
    assert [e.plover_type for e in old] == ["MOBILIZE"]
    assert old[0].modality.historical
    fresh = events_of(coder, analyse, "France deployed troops to Mali in 2024.", published=dt.date(2024, 5, 2))
    assert not fresh[0].modality.historical


def test_nominal_trigger_visit(coder, analyse):
    events = events_of(coder, analyse, "Dana Kerr began a two-day visit to Kenya on Sunday.")
    assert [e.plover_type for e in events] == ["CONSULT"]
    assert actors(events[0].source) == {USA_GOV}
    assert actors(events[0].target) == {KEN}
    assert events[0].plover_mode == "visit"


def test_light_verb_and_noun_give_one_event(coder, analyse):
    events = events_of(coder, analyse, "Washington imposed new sanctions on Mali.")
    assert [e.plover_type for e in events] == ["SANCTION"]
    assert actors(events[0].source) == {USA} and actors(events[0].target) == {MLI}


def test_several_events_in_one_sentence(coder, analyse):
    events = events_of(coder, analyse, "Kenya condemned the Northern Front and called on Mali to hold talks.")
    types = {e.plover_type: e for e in events}
    assert set(types) == {"ACCUSE", "REQUEST"}
    assert actors(types["ACCUSE"].target) == {REBELS}
    assert actors(types["REQUEST"].source) == {KEN} and actors(types["REQUEST"].target) == {MLI}


def test_compound_actors_are_one_event(coder, analyse):
    events = events_of(coder, analyse, "Peru and Chile signed a trade agreement on Monday.")
    assert len(events) == 1
    assert actors(events[0].source) | actors(events[0].target) == {PER, CHL}


def test_no_trigger_no_event(coder, analyse):
    assert events_of(coder, analyse, "Kenya is a country in East Africa with a long coast.") == ()


def test_event_fields_are_consistent(coder, analyse):
    analysis = coder(analyse("France deployed troops to Mali.\nNigerian troops attacked the Northern Front."))
    again = coder(analysis)
    assert [e.event_id for e in analysis.events] == [e.event_id for e in again.events]
    assert len({e.event_id for e in analysis.events}) == len(analysis.events) == 2
    for event in analysis.events:
        assert analysis.article.text[event.trigger_start : event.trigger_end] == event.trigger
        assert event.quad == QUAD_OF_PLOVER[event.plover_type]
        assert coder.lexicon.code(event.cameo_code).goldstein == event.goldstein
        assert 0.0 < event.confidence < 1.0
        assert event.date is None and event.location is None and event.pipeline_version == ""
        assert event.evidence == analysis.sentences[event.sentence].text
        for p in event.source + event.target:
            assert analysis.article.text[p.start : p.end] == p.text


def test_threshold_drops_low_confidence_events(analyse, nlp):
    from dotterel.events import EventCoder

    strict = EventCoder(threshold=0.99, nlp=nlp, vectors=False)
    assert strict(analyse("France deployed troops to Mali.")).events == ()


def test_unparsed_sentences_are_skipped(coder, analyse):
    import dataclasses

    analysis = analyse("Nigerian troops attacked the Northern Front.")
    assert coder(dataclasses.replace(analysis, docs=(None,))).events == ()


def test_prefilter_is_high_recall_and_rejects_plain_text(coder):
    assert coder.may_hold_event("Rebels fought government forces overnight.")
    assert coder.may_hold_event("The ministers agreed on a plan.")
    assert coder.may_hold_event("Police detained 40 protesters.")
    assert not coder.may_hold_event("The weather in the capital was mild and sunny today.")


def test_unknown_modality_name_is_refused(nlp):
    import pytest

    from dotterel.errors import UserError
    from dotterel.events import EventCoder

    with pytest.raises(UserError):
        EventCoder(keep={"sarcastic"}, nlp=nlp, vectors=False)


def test_target_hanging_off_the_object_and_recipient_of_the_governing_verb(pipeline):
    """Own sentences: 'imposed sanctions on X' targets X; 'sent aid to X' gives X the aid."""
    import datetime as dt

    events = pipeline.code(["Norway imposed new sanctions on Iran.", "Canada sent emergency aid to Haiti."],
                           published=dt.date(2024, 1, 10))
    sanction = [e for e in events if e.plover_type == "SANCTION"]
    aid = [e for e in events if e.plover_type == "AID"]
    assert sanction and {p.actor.country for p in sanction[0].target} == {"IRN"}
    assert aid and {p.actor.country for p in aid[0].target} == {"HTI"}


def test_operation_names_and_bare_sector_modifiers_are_not_the_source(pipeline):
    import datetime as dt

    text = ("Since 2019, Kenya has launched three military operations across its border in southern Somalia "
            "to stop the movement of fighters and protect residents: Linda Nchi (2019), Amani Kwanza (2020) "
            "and Usalama Boma (2021).")
    (a,) = pipeline.code_texts([text], published=dt.date(2024, 6, 1))
    (e, *_) = [x for x in a.events if x.plover_type == "ASSAULT"]
    assert [(p.text, p.actor.country) for p in e.source] == [("Kenya", "KEN")]
    assert "KEN" not in {p.actor.country for p in e.target}
    assert e.modality.historical and e.location.country == "SOM"


def test_a_death_with_no_doer_is_an_outcome_not_an_assault(coder, analyse):
    # Nobody is said to have killed anyone: PLOVER has no source for an ASSAULT here.
    assert events_of(coder, analyse, "Two fighters of the Northern Front were killed near the border on Monday.") == ()
    events = events_of(coder, analyse, "Nigerian troops killed two fighters of the Northern Front near the border.")
    assert [e.plover_type for e in events] == ["ASSAULT"]
    assert actors(events[0].source) == {NGA_MIL}


def test_a_framing_verb_takes_the_target_of_the_act_it_frames(coder, analyse):
    events = events_of(coder, analyse, "Kenya promised to help Mali after the floods.")
    assert [e.plover_type for e in events] == ["AGREE"]
    assert actors(events[0].source) == {KEN}
    assert actors(events[0].target) == {MLI}


def test_a_noun_of_cause_or_time_does_not_borrow_the_verb_subject(pipeline):
    import datetime as dt

    events = pipeline.code(["Canada imposed new sanctions on Iran over the war in Syria."], published=dt.date(2024, 3, 1))
    assert [e.plover_type for e in events if "CAN" in {p.actor.country for p in e.source}] == ["SANCTION"]


def test_insisting_that_something_is_so_is_no_demand(coder, analyse):
    assert coder(analyse("Kenya insisted that its talks with Nigeria were going well.")).events == ()
    (event,) = coder(analyse("Kenya insisted on Nigeria withdrawing its troops from the border.")).events
    assert (event.plover_type, event.cameo_code) == ("REQUEST", "100")


def test_an_act_a_demand_asks_for_has_not_happened(coder, analyse):
    events = coder(analyse("Kenya demanded that Nigeria withdraw its troops from the border.")).events
    assert [e.plover_type for e in events] == ["REQUEST"]
    # a reported or asserted withdrawal did happen
    for text in ("Kenya said that Nigeria withdrew its troops.", "Kenya insisted that Nigeria had withdrawn its troops."):
        assert [e.plover_type for e in coder(analyse(text)).events] == ["RETREAT"], text


def test_a_war_named_after_a_country_is_background(coder, analyse):
    events = coder(analyse("Thousands in Kenya protested against the Nigeria war.")).events
    assert [e.plover_type for e in events] == ["PROTEST"]
    (war,) = coder(analyse("The Northern Front's war against Mali goes on.")).events
    assert [p.text for p in war.source] == ["Northern Front"] and [p.text for p in war.target] == ["Mali"]


def test_a_visit_needs_someone_who_acts_for_a_state(coder, analyse):
    (visit,) = coder(analyse("Kenyan Foreign Minister Amos Otieno flew to Lima for talks.")).events
    assert (visit.plover_type, visit.cameo_code) == ("CONSULT", "042")
    assert [e.cameo_code for e in coder(analyse("Kenya hosted the United Nations envoy.")).events] == ["043"]
    for text in ("Thousands of tourists travelled to Kenya.", "He travelled to Nigeria without telling his parents."):
        assert coder(analyse(text)).events == (), text
