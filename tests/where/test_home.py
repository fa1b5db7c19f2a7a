from dotterel.where.home import home_country


def test_us_local_conventions_make_a_story_american():
    text = "Deputies from the sheriff's office closed Interstate 40 near Paris, Tenn., on Sunday."
    assert home_country(text) == "USA"


def test_pounds_and_councillors_make_a_story_british():
    text = "Councillors approved £2 million for the new library, the borough council said."
    assert home_country(text) == "GBR"


def test_crore_makes_a_story_indian():
    text = "The state government sanctioned Rs 45 crore for the new bridge."
    assert home_country(text) == "IND"


def test_a_story_without_cues_has_no_home():
    assert home_country("Talks resumed in Geneva on Tuesday.") is None


def test_mixed_cues_without_a_clear_lead_give_no_home():
    text = "The sheriff said £3 million went missing; councillors and the county jail staff were questioned."
    assert home_country(text) is None
