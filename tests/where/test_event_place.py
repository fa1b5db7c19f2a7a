"""Which place an event is linked to, given its verb: hand-written sentences, one rule each."""

import pytest

from dotterel.model import Analysis, Article, Sentence
from dotterel.where import Geocoder
from dotterel.where.geocoder import trigger_place


@pytest.fixture(scope="module")
def geocoder(gaz):
    return Geocoder(gaz)


def place_of(nlp, geocoder, text, verb):
    """The place `trigger_place` links to the first `verb` of a one-sentence text (None if none)."""
    analysis = Analysis(Article("t", text), (Sentence("t", 0, 0, len(text), text),), (nlp(text),))
    analysis = geocoder(analysis)
    start = text.index(verb)
    place = trigger_place(geocoder.gazetteer, analysis, start, start + len(verb))
    return None if place is None else place.name


@pytest.mark.parametrize("text, verb, expected", [
    # a place phrase inside the subject, when the verb has none of its own
    ("Police in the port city of Varna shot a smuggler on Tuesday.", "shot", "Varna"),
    # the smaller of two places on one place noun
    ("A bomb exploded in the Bab Tuma district of Damascus on Monday.", "exploded", "Bab Tuma"),
    # (the gazetteer lacks this suburb: its name is kept, not a Yemeni hamlet of like spelling)
    ("Gunmen killed two people in the Mosul suburb of Hammam al-Alil.", "killed", "Hammam al-Alil"),
    # a town, not the region its phrase is placed in
    ("Peacekeepers patrolled Tamale in northern Ghana.", "patrolled", "Tamale"),
    ("In Ohio on Tuesday, a tornado flattened dozens of homes in the small town of Xenia.", "flattened", "Xenia"),
    # the town a building is in, not the building
    ("Hundreds of nurses protested outside the Grand Theatre in Leeds on Friday.", "protested", "Leeds"),
    # a country named as an attribute ("a U.S. convoy") is not where it happened
    ("A roadside bomb hit a U.S. convoy near Kandahar.", "hit", "Kandahār"),
    # an attack happens where its target is
    ("The army continued its heavy assault on Raqqa on Monday.", "continued", "Ar Raqqah"),
    # a known town before a word for a home
    ("Gunmen shot dead a shopkeeper in his Kandahar home.", "shot", "Kandahār"),
    # the text says Idlib is a province here, so the village in it is the smaller place
    ("Gunmen killed two farmers in the province of Idlib near the town of Saraqib.", "killed", "Saraqib"),
    # a city's police act in the city
    ("Nairobi police shot two robbery suspects on Friday.", "shot", "Nairobi"),
    # a consulate named after a country is a building in the city, not the country
    ("Gunmen shot a policeman near the Kuwaiti Consulate in Basra.", "shot", "Basrah"),
])
def test_the_event_is_placed_where_the_sentence_says(nlp, geocoder, text, verb, expected):
    assert place_of(nlp, geocoder, text, verb) == expected


@pytest.mark.parametrize("text, verb, expected", [
    # coordinated verbs share the place phrase after the second ("shot and killed ... in X"),
    # and a scene-setting "In X," before the clause yields to it
    ("In Bavaria on Sunday, police shot and killed a gunman in the town of Erding.", "shot", "Erding"),
    # the goal of a verb of going
    ("The foreign minister travelled to Ankara on Monday.", "travelled", "Ankara"),
    ("Hundreds of farmers marched towards Nairobi to demand better prices.", "marched", "Nairobi"),
    # the place a relative clause describes
    ("Rebels retook Kidal, a desert town that the army had captured in 2013.", "captured", "Kidal"),
    # an army's name is not a place, though it starts with a country's
    ("Gunmen ambushed soldiers of the Ghana Armed Forces near Tamale.", "ambushed", "Tamale"),
    # the trigger's own object, not the place phrase of the verb its clause hangs off
    ("The army launched an offensive in Borno state on Monday, targeting the town of Bama.", "targeting", "Bama"),
])
def test_event_place_follows_english_attachment(nlp, geocoder, text, verb, expected):
    assert place_of(nlp, geocoder, text, verb) == expected


@pytest.mark.parametrize("text, verb, expected", [
    # a chain of place phrases names the smallest place first
    ("Gunmen killed a teacher at a school in the village of Kunda west of Bolgatanga in the Upper East Region.",
     "killed", "Kunda"),
    ("A grenade exploded in a bar in Kibera area of Nairobi on Friday.", "exploded", "Kibera"),
    ("A truck bomb exploded near a school in Gwoza, in the restive northeastern state of Borno.", "exploded", "Gwoza"),
])
def test_event_place_is_the_smallest_of_a_chain(nlp, geocoder, text, verb, expected):
    assert place_of(nlp, geocoder, text, verb) == expected


@pytest.mark.parametrize("text, verb, expected", [
    # names the gazetteer lacks are found by the kind of place they end in, or their slot
    ("A car bomb exploded near the Al-Nour Hospital on Tuesday.", "exploded", "Al-Nour Hospital"),
    ("Rebels shelled al-Qarawi on Sunday.", "shelled", "al-Qarawi"),
])
def test_names_the_gazetteer_lacks_are_kept_by_name(nlp, geocoder, text, verb, expected):
    assert place_of(nlp, geocoder, text, verb) == expected


@pytest.mark.parametrize("text, verb", [
    ("A student from Lyon was arrested on Monday.", "arrested"),  # where she comes from
    ("The ministers agreed to extend the truce.", "agreed"),  # no place at all
    ("Boats will patrol the country's west coast to stop smugglers.", "patrol"),  # a description, no name
])
def test_no_place_when_the_sentence_gives_none(nlp, geocoder, text, verb):
    assert place_of(nlp, geocoder, text, verb) is None


@pytest.mark.parametrize("text, verb, expected", [
    # a report inserted after the account ("police said") leaves the place phrase after it to the event
    ("Two guards were shot dead late on Monday, police said, on a road near Kandahar.", "shot", "Kandahār"),
    # "out of" is a locative preposition
    ("The judge was shot as she stepped out of a Nairobi courthouse on Tuesday.", "shot", "Nairobi"),
    # a sentence-opening "In X," sets the scene when the parse links nothing else
    ("In Kandahar, the city hit hardest by the floods, police with dogs patrolled the river banks.", "patrolled",
     "Kandahār"),
    # a name the parser glued to the day after it keeps its object slot
    ("Troops patrolled Harare Saturday.", "patrolled", "Harare"),
    # a clause under a verb that is not one of saying is not reported speech (a parse slip)
    ("Two soldiers were killed, three others wounded in a blast in the city of Kandahar.", "killed", "Kandahār"),
    # verbs of ceding land take the place as their object
    ("Spain ceded Guam to the United States in 1898.", "ceded", "Guam"),
    # a known city over which something happens
    ("Helicopters will patrol the skies over Dhaka during the summit.", "patrol", "Dhaka"),
])
def test_event_place_survives_parse_slips(nlp, geocoder, text, verb, expected):
    assert place_of(nlp, geocoder, text, verb) == expected


@pytest.mark.parametrize("text, verb, expected", [
    # the name after "<country>'s capital," is the place, though the parser misses the apposition
    ("The minister was shot at his home in Uganda's capital, Kampala on Jan. 5, 2001.", "shot", "Kampala"),
    # an airbase is a place of its own, not a building its nearest town outranks
    ("Rebels stormed the checkpoints outside the Taftanaz Airbase near Idlib.", "stormed", "Taftanaz Airbase"),
    # a hashtag does not break a chain of place phrases
    ("Rebels stormed al-Rai district in #Aleppo.", "stormed", "Ar Rā‘ī"),
    # international bodies and Arabic-named groups are not places
    ("A bomb exploded outside a U.N. office in Kandahar.", "exploded", "Kandahār"),
    ("The army shelled the Jaysh al-Islam town of Douma on Monday.", "shelled", "Dūmā"),
])
def test_event_place_reads_names_as_english_writes_them(nlp, geocoder, text, verb, expected):
    assert place_of(nlp, geocoder, text, verb) == expected


def test_a_known_person_captured_is_not_the_place(nlp, geocoder):
    from dotterel.model import Actor, Mention

    text = "Police captured Ocalan in Nairobi."
    start = text.index("Ocalan")
    person = Actor(name="Abdullah Ocalan", kind="person", kb_id="kb:ocalan")
    mention = Mention("t", 0, start, start + len("Ocalan"), "Ocalan", "PERSON", (person,), "kb")
    analysis = Analysis(Article("t", text), (Sentence("t", 0, 0, len(text), text),), (nlp(text),),
                        mentions=(mention,))
    analysis = geocoder(analysis)
    verb = text.index("captured")
    place = trigger_place(geocoder.gazetteer, analysis, verb, verb + len("captured"))
    assert place is not None and place.name == "Nairobi"
