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


def test_a_capital_beats_a_small_namesake_in_the_story_country(gaz):
    text = "Officials in Chicago and Boston said talks with Russia in Moscow had stalled."
    *_, moscow = resolve_spans(gaz, text, spans_of(text, "Chicago", "Boston", "Russia", "Moscow"))
    assert moscow.country == "RUS"


def test_a_county_stands_among_the_story_towns_of_its_state(gaz):
    # Suffolk County, New York, is on Long Island: far from the centre of the state.
    text = "Ferries from Montauk and Southampton were cancelled, Suffolk County officials said."
    *_, county = resolve_spans(gaz, text, spans_of(text, "Montauk", "Southampton", "Suffolk County"))
    assert (county.feature, county.admin1) == ("admin2", "New York")
    assert county.lon > -74.0  # east of New York City, not in the middle of the state (-75.5)


def test_a_name_the_gazetteer_lacks_lies_where_the_story_is(gaz):
    text = "Volunteers from Fargo and Moorhead sandbagged the banks near Qwerlake Landing."
    *_, unknown = resolve_spans(gaz, text, spans_of(text, "Fargo", "Moorhead", "Qwerlake Landing"))
    assert (unknown.name, unknown.geonameid, unknown.country) == ("Qwerlake Landing", None, "USA")
    assert abs(unknown.lat - 46.9) < 1.0 and abs(unknown.lon + 96.8) < 1.0


def test_a_name_alone_without_any_story_stays_unresolved(gaz):
    text = "Nobody had heard of Qwerlake Landing before."
    assert resolve_spans(gaz, text, spans_of(text, "Qwerlake Landing")) == [None]


def test_a_loosely_matched_hamlet_abroad_gives_way_to_the_story(gaz):
    # "Red River" loses its generic word and would match small towns called Red elsewhere.
    text = "Farmers near Fargo watched the Red River rise."
    _, river = resolve_spans(gaz, text, spans_of(text, "Fargo", "Red River"))
    assert river.country == "USA"


def test_names_that_can_share_a_state_pick_it_together(gaz):
    # Both names exist in several states; the story means one state for both.
    text = "Walker County deputies drove the inmate to the prison in Huntsville."
    county, town = resolve_spans(gaz, text, spans_of(text, "Walker County", "Huntsville"))
    assert county.admin1 == town.admin1


def test_without_guessing_unknown_names_stay_unresolved(gaz):
    text = "Volunteers from Fargo and Moorhead sandbagged the banks near Qwerlake Landing."
    *_, unknown = resolve_spans(gaz, text, spans_of(text, "Fargo", "Moorhead", "Qwerlake Landing"), guess=False)
    assert unknown is None


def test_a_local_us_story_means_its_own_athens_not_the_greek_capital(gaz):
    text = "Athens police and the sheriff's office asked the county commissioners for two more cruisers."
    (place,) = resolve_spans(gaz, text, spans_of(text, "Athens"))
    assert place.country == "USA"


def test_without_local_cues_athens_is_the_greek_capital(gaz):
    text = "Tourists crowded Athens as the summer heat eased."
    (place,) = resolve_spans(gaz, text, spans_of(text, "Athens"))
    assert place.country == "GRC"


def test_a_story_that_names_places_abroad_stays_abroad_despite_us_cues(gaz):
    text = "Sen. Ann Roe, R-Texas, said $40 million in aid reached Syria; convoys left Damascus at dawn."
    syria, damascus = resolve_spans(gaz, text, spans_of(text, "Syria", "Damascus"))
    assert (syria.country, damascus.country) == ("SYR", "SYR")


def test_a_name_written_as_a_town_is_not_the_country(gaz):
    text = "A Lebanon woman, 34, was charged on Friday, the sheriff said."
    (place,) = resolve_spans(gaz, text, spans_of(text, "Lebanon"))
    assert (place.country, place.feature) == ("USA", "city")


def test_the_country_is_still_the_country_in_world_news(gaz):
    text = "Aid flights to Lebanon resumed after the ceasefire."
    (place,) = resolve_spans(gaz, text, spans_of(text, "Lebanon"))
    assert (place.country, place.feature) == ("LBN", "country")


def test_a_surname_after_a_title_or_before_said_is_not_a_place(gaz):
    text = "Mr. Sterling thanked the crowd. Sterling said the plant would reopen in Denver."
    first, second, denver = resolve_spans(gaz, text, [(4, 12), (32, 40), (text.index("Denver"), len(text) - 1)])
    assert first is None and second is None
    assert denver.country == "USA"


def test_a_government_speaking_through_its_capital_stays_a_place(gaz):
    text = "Moscow said it would answer the sanctions."
    (place,) = resolve_spans(gaz, text, spans_of(text, "Moscow"))
    assert place.country == "RUS"


def test_a_speakers_home_town_is_still_a_place(gaz):
    text = "Rep. Jane Roe, R-Sterling, said the bill was dead."
    (place,) = resolve_spans(gaz, text, spans_of(text, "Sterling"))
    assert place is not None and place.country == "USA"


def test_a_name_used_for_a_person_stays_the_person_unless_a_preposition_places_it(gaz):
    text = "Sterling said the vote was close. Sterling, 52, runs the mill in Sterling."
    said, runs, town = resolve_spans(gaz, text, [(0, 8), (34, 42), (len(text) - 9, len(text) - 1)])
    assert said is None and runs is None
    assert town is not None and town.country == "USA"


def test_a_world_city_beats_a_small_namesake_in_a_story_about_the_country(gaz):
    text = ("The United States and the U.S. Congress: U.S. officials in the United States said a "
            "delegation flew to London for talks.")
    (place,) = resolve_spans(gaz, text, spans_of(text, "London"))
    assert place.country == "GBR"


def test_the_prominent_part_of_a_longer_name_is_what_it_is_about(gaz):
    text = "Aid reached South Venezuela late on Monday."
    (place,) = resolve_spans(gaz, text, spans_of(text, "South Venezuela"))
    assert place.country == "VEN"


def test_a_clock_time_before_a_name_is_not_an_age(gaz):
    text = "Fans gathered outside the ground. 16:14, UK, Thursday 05 April."
    (place,) = resolve_spans(gaz, text, spans_of(text, "UK"))
    assert place.country == "GBR"
