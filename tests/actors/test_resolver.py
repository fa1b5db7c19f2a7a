"""Resolution of mentions to actors, written as a user would check them."""

from __future__ import annotations

import datetime as dt

import pytest

from dotterel.actors import ActorResolver, may_mention_actor
from dotterel.model import Analysis, Article, Sentence

JUNE_2015 = dt.date(2015, 6, 9)


def codes(resolver: ActorResolver, text: str, date=JUNE_2015) -> dict[str, list[tuple]]:
    """mention text -> [(country, sector, name)]"""
    return {m.text: [(a.country, a.sector, a.name) for a in m.actors] for m in resolver.mentions(text, date)}


def test_role_with_country_and_name(resolver):
    got = codes(resolver, "Turkey's foreign minister Mevlut Cavusoglu flew to Riga on Tuesday.")
    assert got["Turkey's foreign minister Mevlut Cavusoglu"] == [("TUR", "GOV", "Mevlüt Çavuşoğlu")]


def test_later_surname_and_role_word_corefer(resolver):
    text = ("Turkey's foreign minister Mevlut Cavusoglu arrived late. Cavusoglu told reporters "
            "that the minister would stay one more day.")
    mentions = {m.text: m for m in resolver.mentions(text, JUNE_2015)}
    assert mentions["Cavusoglu"].actors[0].country == "TUR"
    assert mentions["Cavusoglu"].via == "coref"
    assert mentions["the minister"].actors[0].name == "Mevlüt Çavuşoğlu"


def test_us_president_by_name_and_by_role(resolver):
    got = codes(resolver, "U.S. President Barack Obama spoke first. The U.S. president then left.")
    assert got["U.S. President Barack Obama"] == [("USA", "GOV", "Barack Obama")]
    # the office resolves to whoever held it on the article's date
    assert got["The U.S. president"] == [("USA", "GOV", "Barack Obama")]
    later = codes(resolver, "The U.S. president then left.", dt.date(2019, 3, 1))
    assert later["The U.S. president"][0][2] == "Donald Trump"


def test_secretary_of_state(resolver):
    got = codes(resolver, "U.S. Secretary of State Blinken phoned his counterpart.", dt.date(2023, 5, 2))
    assert got["U.S. Secretary of State Blinken"] == [("USA", "GOV", "Antony Blinken")]


@pytest.mark.parametrize("date,sector", [
    (dt.date(2005, 1, 1), "ELI"),   # before office: a prominent person, not yet government
    (dt.date(2012, 7, 1), "GOV"),   # in office
    (dt.date(2020, 7, 1), "ELI"),   # after office
])
def test_leader_before_during_after_office(resolver, date, sector):
    (actor,) = resolver.resolve("Obama gave a speech in Chicago.", date)
    assert (actor.country, actor.sector, actor.name) == ("USA", sector, "Barack Obama")


def test_same_surname_resolved_by_date(resolver):
    early = resolver.resolve("Assad met the envoy.", dt.date(1999, 5, 1))[0]
    late = resolver.resolve("Assad met the envoy.", dt.date(2014, 5, 1))[0]
    assert early.name == "Hafez al-Assad"
    assert late.name == "Bashar al-Assad" and late.sector == "GOV"


def test_capitals_stand_for_governments(resolver):
    got = codes(resolver, "Ankara and Washington agreed to talk again.")
    assert got["Ankara"] == [("TUR", "GOV", "Türkiye")]
    assert got["Washington"] == [("USA", "GOV", "United States")]
    assert codes(resolver, "The Kremlin denied it.")["The Kremlin"][0][:2] == ("RUS", "GOV")


def test_capital_as_place_is_not_the_government(resolver):
    got = codes(resolver, "The talks were held in Ankara.")
    assert got["Ankara"] == [("TUR", None, "Türkiye")]


def test_authorities_and_joint_mentions(resolver):
    assert codes(resolver, "Turkish authorities detained him.")["Turkish authorities"] == [("TUR", "GOV", "Türkiye")]
    got = codes(resolver, "Turkish and Syrian officials met at the border.")
    assert [a[:2] for a in got["Turkish and Syrian officials"]] == [("TUR", "GOV"), ("SYR", "GOV")]


def test_armed_groups_and_aliases_are_one_group(resolver):
    ids = set()
    for name in ("Daesh", "ISIL", "ISIS", "Islamic State of Iraq and the Levant"):
        (m,) = resolver.mentions(f"Fighters loyal to {name} attacked.", JUNE_2015)[-1:]
        ids.add(m.actors[0].kb_id)
    assert len(ids) == 1
    got = codes(resolver, "The minister condemned the PKK, DHKP-C and the YPG.")
    assert got["the PKK"][0][:2] == ("TUR", "REB")
    assert got["DHKP-C"][0][:2] == ("TUR", "REB")
    assert got["the YPG"][0][:2] == ("SYR", "REB")


def test_rebels_of_a_country(resolver):
    assert codes(resolver, "Syrian rebels shelled the town.")["Syrian rebels"] == [("SYR", "REB", "Syria")]


def test_international_organisations(resolver):
    got = {m.text: m.actors[0] for m in resolver.mentions("NATO and the European Union issued a statement.")}
    assert got["NATO"].cameo == "IGONAT" and got["NATO"].sector == "IGO"
    assert got["the European Union"].cameo == "IGOEUR"


def test_ministry_takes_the_article_country(resolver):
    text = "Turkey protested strongly. The Foreign Ministry summoned the ambassador of Sweden."
    got = {m.text: m for m in resolver.mentions(text, JUNE_2015)}
    assert got["The Foreign Ministry"].actors[0].cameo == "TURGOV"
    assert got["The Foreign Ministry"].via == "context"


def test_unknown_official_gets_country_from_text(resolver):
    got = codes(resolver, "Freedonian Foreign Minister Rufus Firefly resigned.")  # not a state
    assert "Rufus Firefly" in " ".join(got)
    got = codes(resolver, "Peruvian Interior Minister Jane Quispe resigned.")
    assert got["Peruvian Interior Minister Jane Quispe"] == [("PER", "GOV", "Jane Quispe")]


def test_lowercase_words_are_not_acronyms(resolver):
    assert all(a.country != "USA" for a in resolver.resolve("Let us see what is left of it."))


def test_prefilter_is_high_recall_and_cheap():
    assert may_mention_actor("Police fired tear gas.")
    assert may_mention_actor("He met Erdogan on Monday.")
    assert may_mention_actor("the rebels withdrew.")
    assert not may_mention_actor("it rained all day and then stopped.")


def test_stage_fills_mentions_with_article_offsets(resolver, nlp):
    text = ("Daesh claimed the attack on Monday. Turkish officials said the minister would "
            "meet Jane Doe, a local mayor, in Ankara.")
    article = Article(article_id="a1", text=text, published=JUNE_2015)
    cut = text.index("Turkish")
    sentences = (Sentence("a1", 0, 0, cut - 1, text[:cut - 1]), Sentence("a1", 1, cut, len(text), text[cut:]))
    docs = tuple(nlp.pipe(s.text for s in sentences))
    out = resolver(Analysis(article=article, sentences=sentences, docs=docs))
    by_text = {m.text: m for m in out.mentions}
    for m in out.mentions:
        assert text[m.start:m.end] == m.text
    assert by_text["Daesh"].sentence == 0 and by_text["Daesh"].actors[0].sector == "INS"
    assert by_text["Turkish officials"].actors[0].cameo == "TURGOV"
    assert "Jane Doe" in by_text and by_text["Jane Doe"].label == "PERSON"
    spans = sorted((m.start, m.end) for m in out.mentions)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), "mentions overlap"


def test_skipped_sentences_get_no_mentions(resolver, nlp):
    text = "NATO met. Russia objected."
    article = Article(article_id="a2", text=text, published=JUNE_2015)
    sentences = (Sentence("a2", 0, 0, 9, "NATO met."), Sentence("a2", 1, 10, len(text), "Russia objected."))
    out = resolver(Analysis(article=article, sentences=sentences, docs=(None, nlp("Russia objected."))))
    assert [m.text for m in out.mentions] == ["Russia"]


def test_a_full_name_in_a_skipped_sentence_still_binds_the_later_surname(resolver, nlp):
    # "Vieira" alone is a foreign minister in the KB; here it is the coach named in full before.
    first, second = "The club's coach, Paulo Vieira, left early.", "Vieira later criticised the referee."
    text = f"{first} {second}"
    article = Article(article_id="a3", text=text, published=JUNE_2015)
    sentences = (Sentence("a3", 0, 0, len(first), first), Sentence("a3", 1, len(first) + 1, len(text), second))
    out = resolver(Analysis(article=article, sentences=sentences, docs=(None, nlp(second))))
    assert [(m.text, m.via, m.actors[0].name, m.actors[0].country) for m in out.mentions] == [
        ("Vieira", "coref", "Paulo Vieira", None)]


def test_common_word_surnames_need_a_first_mention(resolver):
    day = dt.date(2017, 5, 1)
    assert resolver.mentions("In May the talks resumed.", day) == []
    assert [m.text for m in resolver.mentions("May said the vote would go ahead.", day)] == []
    got = codes(resolver, "Theresa May arrived late. May said the vote would go ahead.", day)
    assert got["May"] == [("GBR", "GOV", "Theresa May")]


def test_first_name_must_fit_the_known_surname(resolver):
    (actor,) = resolver.resolve("Omar Abdullah addressed the rally.", dt.date(2010, 1, 1))
    assert actor.kb_id is None and actor.name == "Omar Abdullah"


def test_government_and_people_of_a_country(resolver):
    got = codes(resolver, "Egypt thanked the government and people of Saudi Arabia.")
    assert got["the government and people of Saudi Arabia"][0][:2] == ("SAU", "GOV")


def test_abbreviation_without_final_dot(resolver):
    got = codes(resolver, "U.S President Barack Obama landed.")
    assert got["U.S President Barack Obama"] == [("USA", "GOV", "Barack Obama")]


def test_bare_sector_takes_the_country_named_before_it(resolver):
    text = "Turkey criticised the report. In Syria, the army shelled two villages."
    got = {m.text: m for m in resolver.mentions(text, JUNE_2015)}
    assert got["the army"].actors[0].cameo == "SYRMIL"


def test_agencies_and_parliaments_stand_for_their_state(resolver):
    got = codes(resolver, "The CIA official briefed the Israeli Knesset.")
    assert got["The CIA official"][0][:2] == ("USA", "GOV")
    assert got["the Israeli Knesset"] == [("ISR", "LEG", "Israel")]


def test_acronym_used_as_modifier_is_not_an_actor(resolver):
    texts = [m.text for m in resolver.mentions("The U.N.-backed talks resumed in Geneva.")]
    assert "U.N." not in texts


def test_unknown_first_name_before_known_surname_is_someone_else(resolver):
    (actor,) = resolver.resolve("Australian Attorney-General Christian Porter spoke.", dt.date(2019, 1, 1))
    assert (actor.name, actor.country, actor.sector) == ("Christian Porter", "AUS", "JUD")


def test_former_before_the_country_makes_an_elite(resolver):
    got = codes(resolver, "Former U.S. President Barack Obama spoke.", dt.date(2012, 1, 1))
    assert got["Former U.S. President Barack Obama"] == [("USA", "ELI", "Barack Obama")]


def test_honorific_before_a_surname_keeps_the_person(resolver):
    got = codes(resolver, "Mevlut Cavusoglu arrived. Mr Cavusoglu said no.")
    assert got["Mr Cavusoglu"] == [("TUR", "GOV", "Mevlüt Çavuşoğlu")]


def test_head_of_an_igo_carries_the_igo_code(resolver):
    (m,) = resolver.mentions("Dr Tedros warned of a new outbreak.", dt.date(2020, 3, 1))
    assert m.actors[0].country is None and m.actors[0].cameo == "IGOUNOWHO"


def test_kb_prefilter_passes_political_sentences_only(resolver):
    assert resolver.may_mention_actor("Turkey's foreign minister flew to Bucharest.")
    assert resolver.may_mention_actor("Police fired tear gas at the crowd.")
    assert resolver.may_mention_actor("The UN called for calm.")
    assert not resolver.may_mention_actor("The new album sold three million copies in its first week.")
    assert not resolver.may_mention_actor("Shares in the carmaker rose 4% on Monday.")


def test_uk_nations_and_their_institutions_are_british(resolver):
    day = dt.date(2005, 1, 10)
    got = {m.text: m.actors[0].cameo for m in resolver.mentions(
        "The Scottish National Party criticised the Scottish Executive, and Welsh farmers protested.", day)}
    assert got == {"The Scottish National Party": "GBRPTY", "the Scottish Executive": "GBRGOV",
                   "Welsh farmers": "GBRAGR"}


def test_a_capital_that_modifies_a_noun_is_no_government(resolver, nlp):
    text = "The London exchange held talks with a rival, and Tokyo stocks fell as Beijing protested."
    article = Article(article_id="a4", text=text, published=JUNE_2015)
    out = resolver(Analysis(article=article, sentences=(Sentence("a4", 0, 0, len(text), text),), docs=(nlp(text),)))
    assert [(m.text, m.actors[0].cameo) for m in out.mentions] == [("Beijing", "CHNGOV")]
