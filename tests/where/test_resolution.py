from dotterel.where.resolution import resolve_spans


def spans_of(text, *names):
    return [(text.index(n), text.index(n) + len(n)) for n in names]


def test_a_qualifier_after_a_comma_picks_the_namesake(gaz):
    text = "Firefighters in Alexandria, Louisiana, said the blaze was out."
    (place,) = resolve_spans(gaz, text, spans_of(text, "Alexandria"))
    assert (place.country, place.admin1) == ("USA", "Louisiana")


def test_other_places_in_the_story_steer_resolution(gaz):
    text = "Flooding hit Lebanon's north; in Tripoli the port closed."
    lebanon, tripoli = resolve_spans(gaz, text, spans_of(text, "Lebanon", "Tripoli"))
    assert lebanon.country == "LBN"
    assert tripoli.country == "LBN"


def test_actor_countries_count_as_context(gaz):
    text = "Officials in Georgia certified the count."
    (place,) = resolve_spans(gaz, text, spans_of(text, "Georgia"), countries=["USA", "USA"])
    assert place.country == "USA"


def test_a_generic_suffix_falls_back_to_the_name(gaz):
    text = "Deputies in Laredo County arrested two men."
    (place,) = resolve_spans(gaz, text, spans_of(text, "Laredo County"))
    assert place.country == "USA"


def test_a_us_county_resolves_to_its_state_not_to_a_far_namesake_town(gaz):
    text = "Deputies in Pulaski County, Kentucky, searched the river banks."
    (place,) = resolve_spans(gaz, text, spans_of(text, "Pulaski County"))
    assert (place.feature, place.country, place.admin1) == ("admin2", "USA", "Kentucky")


def test_the_state_named_elsewhere_in_the_story_picks_the_county(gaz):
    text = "Storms crossed Ohio overnight. In Pike County the roads flooded."
    _, county = resolve_spans(gaz, text, spans_of(text, "Ohio", "Pike County"))
    assert (county.feature, county.admin1) == ("admin2", "Ohio")
