from dotterel.nlp.sentences import split_sentences


def texts(text):
    return [text[s:e] for s, e in split_sentences(text)]


def test_abbreviations_and_initials_do_not_split():
    text = "U.S. President John Q. Public met Gen. Smith on Monday. They talked for an hour."
    assert texts(text) == ["U.S. President John Q. Public met Gen. Smith on Monday.", "They talked for an hour."]


def test_quotes_and_question_marks():
    text = '"We will not retreat," the minister said. Why now? Nobody knows.'
    assert texts(text) == ['"We will not retreat," the minister said.', "Why now?", "Nobody knows."]


def test_lines_and_paragraphs_always_split_and_offsets_point_into_text():
    text = "Headline without a period\n\n  First paragraph here.  \nSecond line"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["Headline without a period", "First paragraph here.", "Second line"]


def test_lowercase_after_period_is_not_a_boundary():
    assert texts("The rate was 2.5 percent. it rose.") == ["The rate was 2.5 percent. it rose."]
