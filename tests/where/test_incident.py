"""The article's incident place for events their own clause leaves unplaced."""

from dotterel.model import Event, Place
from dotterel.where.incident import incident_places


def _event(n, sentence, ptype, place=None):
    return Event(f"e{n}", "a1", sentence, (), (), ptype, "190", -10.0, 4, "", "hit", 10 * sentence, 10 * sentence + 3,
                 location=place)


VILLAGE = Place("Kafr Nabudah", 1, "SYR", basis="text")
DATELINE = Place("Beirut", 2, "LBN", basis="dateline")


def test_an_unplaced_event_takes_the_place_of_the_same_incident_before_it():
    events = incident_places([_event(0, 0, "ASSAULT", VILLAGE), _event(1, 2, "ASSAULT")], DATELINE)
    assert (events[1].location.name, events[1].location.basis) == ("Kafr Nabudah", "article")


def test_otherwise_the_dateline_then_the_lead_place():
    events = incident_places([_event(0, 0, "ASSAULT", VILLAGE), _event(1, 2, "ACCUSE")], DATELINE)
    assert (events[1].location.name, events[1].location.basis) == ("Beirut", "dateline")
    events = incident_places([_event(0, 0, "ASSAULT", VILLAGE), _event(1, 2, "ACCUSE")], None)
    assert (events[1].location.name, events[1].location.basis) == ("Kafr Nabudah", "article")


def test_a_place_read_off_the_clause_is_kept_and_a_late_first_place_is_no_lead():
    own = Place("Idlib", 3, "SYR", basis="text")
    events = incident_places([_event(0, 0, "ACCUSE"), _event(1, 1, "ASSAULT", own), _event(2, 5, "COERCE")], None)
    assert events[1].location == own
    assert events[0].location.name == "Idlib" and events[0].location.basis == "article"
    late = incident_places([_event(0, 6, "ASSAULT", own), _event(1, 7, "COERCE")], None)
    assert late[1].location is None  # a place first named deep in the story does not stand for it


def test_the_lead_place_is_the_last_resort():
    from dotterel.model import Toponym
    from dotterel.where.incident import lead_place

    text = "Yemen and Sanaa agreed; a journalist in Yemen was shot dead in the port of Aden."
    def top(name, place, sentence=0, nth=0):
        start = text.index(name) if not nth else text.index(name, text.index(name) + 1)
        return Toponym("a1", sentence, start, start + len(name), name, place)
    yemen, aden = Place("Yemen", 3, "YEM", feature="country"), Place("Aden", 4, "YEM", feature="city")
    sanaa = Place("Sanaa", 5, "YEM", feature="city")
    tops = [top("Yemen", yemen), top("Sanaa", sanaa), top("Yemen", yemen, nth=1), top("Aden", aden)]
    lead = lead_place(tops, text)
    assert (lead.name, lead.basis) == ("Aden", "article")  # Sanaa is a party, not a scene
    assert lead_place(tops[:3], text).name == "Yemen"  # "in Yemen"
    events = incident_places([_event(0, 4, "SUPPORT")], None, lead)
    assert events[0].location.name == "Aden"
    assert incident_places([_event(0, 4, "SUPPORT")], DATELINE, lead)[0].location.name == "Beirut"
