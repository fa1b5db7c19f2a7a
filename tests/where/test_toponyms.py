"""Toponyms found end to end (spaCy + gazetteer): people and employers are not places."""

from dotterel.where import geoparse


def places(nlp, gaz, text):
    return {t.text: t.place.country for t in geoparse(text, nlp, gaz) if t.place is not None}


def test_an_employer_after_at_is_not_a_place_but_the_city_is(nlp, gaz):
    found = places(nlp, gaz, "Analysts at Goldman Sachs met bankers in London on Tuesday.")
    assert found == {"London": "GBR"}


def test_a_school_after_at_is_still_where_it_happened(nlp, gaz):
    found = places(nlp, gaz, "The fire drill at Oxford Hills Middle School in Paris, Maine, went well.")
    assert any("School" in name for name in found)


def test_a_surname_that_is_a_town_is_not_a_place_when_the_person_speaks(nlp, gaz):
    found = places(nlp, gaz, "Mr. Sterling praised the workers. Sterling said the mill in Denver would reopen.")
    assert "Sterling" not in found
    assert found.get("Denver") == "USA"
