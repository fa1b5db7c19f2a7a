"""Sport stories and game-play sentences make no events; political uses of sport words still do."""

import pytest

from dotterel.errors import KBError
from dotterel.events.sport import SportFilter

MATCH_REPORT = (
    "Peru beat Chile 3-1 in Lima to reach the semi-final.\n"
    "Chile attacked Peru early, but the goalkeeper held firm.\n"
    "The football federation said the striker would miss the next round."
)
POLITICS = (
    "Peru and Chile agreed to resume talks after a marathon session in Lima.\n"
    "Chile accused Peru of ignoring hunger strikers in the first half of the year.\n"
    "The party won a hat-trick of elections, and Peru attacked Chile over the border."
)


@pytest.fixture(scope="module")
def sport():
    return SportFilter()


def test_a_match_report_is_a_sport_story(sport):
    assert sport.story(MATCH_REPORT)
    assert not sport.story(POLITICS)


def test_game_play_words_mark_sentences_but_political_senses_do_not(sport):
    assert sport.sentence("The referee sent off two players after half-time.")
    assert sport.sentence("Kenya lost the quarter-finals.")
    for line in POLITICS.split("\n"):
        assert not sport.sentence(line), line


def test_a_sport_story_yields_no_events_unless_asked(coder, nlp, analyse):
    from dotterel.events import EventCoder

    analysis = analyse(MATCH_REPORT)
    assert coder(analysis).events == ()
    assert not coder.may_hold_events(MATCH_REPORT)
    kept = EventCoder(nlp=nlp, keep_sport=True)(analysis).events
    assert any(e.plover_type == "ASSAULT" for e in kept)  # what a sport-blind coder would say


def test_politics_with_sport_words_is_still_coded(coder, analyse):
    events = coder(analyse(POLITICS)).events
    assert {e.plover_type for e in events} >= {"AGREE", "ACCUSE"}


def test_a_game_play_sentence_in_a_political_story_yields_nothing(coder, analyse):
    text = "Kenya accused Nigeria of fraud.\nKenya accused the referee of bias in the semi-final against Nigeria."
    events = coder(analyse(text)).events
    assert [e.sentence for e in events] == [0]


def test_a_cue_file_in_another_format_is_refused(tmp_path):
    path = tmp_path / "sport.tsv"
    path.write_text("# format 2\ncue\tscope\nreferee\tsentence\n", encoding="utf-8")
    with pytest.raises(KBError):
        SportFilter(path)
    path.write_text("# format 1\ncue\tscope\nreferee\tmatch\n", encoding="utf-8")
    with pytest.raises(KBError):
        SportFilter(path)


LONG_POLITICS = "\n".join(
    f"Paragraph {i}: Peru and Chile agreed on new customs rules after talks in Lima, and the ministers "
    "accused smugglers of undermining the border economy." for i in range(60)
)


def test_three_sport_words_scattered_through_a_long_political_article_do_not_make_it_sport(sport, coder, analyse):
    # Issue 17: such an article once lost every event to the sport filter.
    paragraphs = LONG_POLITICS.split("\n")
    paragraphs[20] += " The minister watched the football final."
    paragraphs[40] += " He thanked a midfielder of the national team."
    paragraphs[55] += " A goalkeeper was among the guests."
    text = "\n".join(paragraphs)
    assert len(text) > 3 * 3000
    assert not sport.story(text)
    assert coder.may_hold_events(text)


def test_a_long_match_report_is_still_sport(sport):
    assert sport.story(MATCH_REPORT + "\n" + LONG_POLITICS)  # the opening says so
    dense = "\n".join(MATCH_REPORT for _ in range(40))
    assert sport.story("Intro without cues. " * 200 + dense)  # cues throughout
