"""Who an event is done to, through the whole pipeline (real actors stage, real parse).

The sentences are the project's own; each checks one rule of `dotterel.events.roles` that
completes a target the plain subject/object reading misses.
"""

from __future__ import annotations

import datetime as dt

DAY = dt.date(2026, 3, 10)


def dyads(pipeline, text):
    """(type, source countries, target countries) of each event coded from `text`."""
    return [
        (e.plover_type, {p.actor.country for p in e.source}, {p.actor.country for p in e.target})
        for e in pipeline.code([text], published=DAY)
    ]


def only(pipeline, text, plover):
    found = [d for d in dyads(pipeline, text) if d[0] == plover]
    assert len(found) == 1, dyads(pipeline, text)
    return found[0][1], found[0][2]


def test_demonym_on_a_people_word_names_their_country(pipeline):
    assert only(pipeline, "Algeria deported four Spanish researchers last week.", "COERCE") == ({"DZA"}, {"ESP"})


def test_counterpart_of_a_minister_is_a_government_of_that_country(pipeline):
    assert only(pipeline, "The Kenyan foreign minister met her Ugandan counterpart in Kampala.", "CONSULT")[1] == {"UGA"}


def test_attack_on_a_place_is_done_to_its_country(pipeline):
    source, target = only(pipeline, "Ethiopian drones struck a fuel depot in eastern Sudan.", "ASSAULT")
    assert (source, target) == ({"ETH"}, {"SDN"})


def test_people_without_a_country_take_the_country_they_were_hit_in(pipeline):
    source, target = only(pipeline, "Armed gunmen killed six farmers in central Mali.", "ASSAULT")
    assert target == {"MLI"}


def test_partner_of_a_joint_act_is_its_with_object(pipeline):
    source, target = only(pipeline, "The Greek navy held joint drills with the Egyptian navy on Tuesday.", "COOPERATE")
    assert (source, target) == ({"GRC"}, {"EGY"})


def test_two_subjects_of_an_agreement_become_a_dyad(pipeline):
    source, target = only(pipeline, "Chile and Peru agreed to extend the fishing truce.", "AGREE")
    assert (source, target) == ({"CHL"}, {"PER"})


def test_troops_sent_to_a_border_face_the_neighbour_not_their_own_army(pipeline):
    source, target = only(pipeline, "Algeria deployed more soldiers to its border with Libya.", "MOBILIZE")
    assert (source, target) == ({"DZA"}, {"LBY"})


def test_a_place_does_not_replace_a_target_that_has_a_country(pipeline):
    source, target = only(pipeline, "Chadian forces attacked Sudanese rebels in Darfur.", "ASSAULT")
    assert target == {"SDN"}


def test_private_sector_words_alone_make_no_event(pipeline):
    assert dyads(pipeline, "Local residents criticised the company over the noise from its new factory.") == []
    assert dyads(pipeline, "The company said it had pulled out of the bridge contract after the strike.") == []


def test_protesters_without_a_country_still_protest(pipeline):
    assert [d[0] for d in dyads(pipeline, "Campaigners staged a noisy rally outside the town hall on Saturday.")] == ["PROTEST"]


def test_a_sector_word_takes_the_country_it_is_placed_in(pipeline):
    source, _ = only(pipeline, "Police in Zimbabwe arrested ten student activists.", "COERCE")
    assert source == {"ZWE"}


def test_one_act_told_by_two_verbs_is_one_event(pipeline):
    text = "Eritrean troops attacked Ethiopian soldiers on Monday, killing four of them."
    assaults = [d for d in dyads(pipeline, text) if d[0] == "ASSAULT"]
    assert assaults == [("ASSAULT", {"ERI"}, {"ETH"})]


def test_a_war_nobody_wages_in_the_sentence_is_background(pipeline):
    text = "Egypt's foreign minister said the war in Sudan had displaced millions."
    assert [d for d in dyads(pipeline, text) if d[0] == "ASSAULT"] == []


def test_a_state_and_its_government_are_one_party(pipeline):
    found = dyads(pipeline, "Kenya's government said Kenya would send food aid to Uganda.")
    assert found
    for _, source, target in found:
        assert source == {"KEN"} and "KEN" not in target


def test_unnamed_armed_men_take_the_country_of_the_place_they_acted_in(pipeline):
    (event,) = [e for e in pipeline.code(["Gunmen killed three policemen in Kirkuk on Sunday."], published=DAY)
                if e.plover_type == "ASSAULT"]
    assert event.location is not None and event.location.country == "IRQ"
    assert {p.actor.country for p in event.source} == {"IRQ"}
    assert {p.actor.sector for p in event.source} == {"INS"}
