"""Gold readers: every format is detected and read from a small file in its layout, and a
malformed file fails with an error naming its line."""

from __future__ import annotations

import datetime as dt

import pytest

from dotterel.errors import GoldFormatError
from dotterel.evaluate.gold import detect_format, plover_type_of, plover_type_of_cameo, read_gold


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("plv_small.tsv", "plv_tsv"),
        ("aw_small.tsv", "aw_tsv"),
        ("plover_small.json", "plover_json"),
        ("event_location_small.json", "event_location"),
        ("gwn_small.xml", "geo_xml"),
        ("lgl_small.xml", "geo_xml"),
        ("petrarch", "petrarch_xml"),
        ("petrarch/records.xml", "petrarch_xml"),
        ("conflibert", "conflibert"),
        ("conflibert/annotations/training_round_1/summary.csv", "conflibert"),
    ],
)
def test_format_is_detected(fixtures, name, fmt):
    assert detect_format(fixtures / name) == fmt


def test_plover_05_names_map_to_todays_types():
    assert plover_type_of("YIELD") == "CONCEDE"
    assert plover_type_of("DEMAND") == "REQUEST"
    assert plover_type_of("DISAPPROVE") == "ACCUSE"
    assert plover_type_of("INVESTIGATE") == "ACCUSE"
    assert plover_type_of("FIGHT") == "ASSAULT"
    assert plover_type_of("CRIME") is None
    assert plover_type_of("agree") == "AGREE"
    with pytest.raises(ValueError):
        plover_type_of("PARTY")


def test_cameo_codes_map_to_plover():
    assert plover_type_of_cameo("042") == "CONSULT"
    assert plover_type_of_cameo("0841") == "RETREAT"  # release of persons is material
    assert plover_type_of_cameo("081") == "CONCEDE"
    assert plover_type_of_cameo("190") == "ASSAULT"
    assert plover_type_of_cameo("112") == "ACCUSE"
    assert plover_type_of_cameo("010") is None  # public statements are not PLOVER events
    with pytest.raises(ValueError):
        plover_type_of_cameo("903")


def test_plv_tsv(fixtures):
    gold = read_gold(fixtures / "plv_small.tsv")
    assert [i.events[0].plover_type for i in gold.items] == ["ACCUSE", "AGREE", "CONCEDE", "ASSAULT"]
    assert [i.events[0].quad for i in gold.items] == [3, 1, 2, 4]
    assert gold.items[0].marked.startswith("<s>Ruritania</s>")
    assert gold.items[0].line == 2


def test_aw_tsv_marks_non_political_rows(fixtures):
    gold = read_gold(fixtures / "aw_small.tsv")
    assert [i.binary for i in gold.items] == [1, 0, 0, 1]
    assert [i.political for i in gold.items] == [True, True, False, False]
    assert gold.notes["non_political_rows"] == 2


def test_plover_json_groups_events_by_text(fixtures):
    gold = read_gold(fixtures / "plover_small.json")
    assert len(gold.items) == 3
    first, second, none = gold.items
    assert first.events[0].plover_type == "ASSAULT"  # FIGHT, the PLOVER 0.5 name
    assert first.events[0].source[0].country == "RUR"
    assert first.events[0].place.geonameid == 111
    assert first.events[0].date == dt.date(2026, 2, 2)
    assert first.published == dt.date(2026, 2, 3)
    assert [e.plover_type for e in second.events] == ["REQUEST", "CONSULT"]
    assert second.events[1].modality == "future"
    assert second.line == 7
    assert none.events == ()
    assert gold.slots == ("type", "quad", "source", "target", "place", "date")


def test_event_location(fixtures):
    gold = read_gold(fixtures / "event_location_small.json")
    assert [len(i.toponyms) for i in gold.items] == [1, 0, 2]
    assert gold.items[0].events[0].trigger == "attacked"
    assert gold.items[2].toponyms[1].name == "Klow"


def test_geo_xml_keeps_toponyms_with_coordinates(fixtures):
    gwn = read_gold(fixtures / "gwn_small.xml")
    assert [(t.name, t.geonameid, t.country) for t in gwn.items[0].toponyms] == [
        ("Springfield", 4409896, "USA"),  # country from the GeoNames id
        ("Shelbyville", None, None),
    ]
    lgl = read_gold(fixtures / "lgl_small.xml")
    (paris,) = lgl.items[0].toponyms
    assert (paris.geonameid, paris.country, paris.start, paris.end) == (4717560, "USA", 26, 31)


def test_petrarch_xml(fixtures):
    gold = read_gold(fixtures / "petrarch")
    assert [i.item_id for i in gold.items] == ["T-01", "T-02", "T-03"]  # the error record is left out
    consult = gold.items[0].events[0]
    assert (consult.plover_type, consult.source[0].country, consult.target[0].code) == ("CONSULT", "RUR", "BORGOV")
    assert gold.items[0].text == "Ruritania's envoy visited the Bordurian government on Thursday."
    assert gold.items[1].events == ()
    assert gold.notes["unmapped_eventcode"] == 1 and gold.notes["error_records"] == 1
    assert gold.items[2].line == 17


def test_petrarch_dictionaries_code_participants(fixtures):
    from dotterel.evaluate.xmlgold import PetrarchDictionary

    d = PetrarchDictionary.load(fixtures / "petrarch")
    assert d.code("the Bordurian government") == "BORGOV"
    assert d.code("Ruritania's envoy") == "RURGOV"
    assert d.country("Syldavian troops") == "SYL"
    assert d.code("a passing stranger") is None


def test_conflibert_majority_of_coders(fixtures):
    gold = read_gold(fixtures / "conflibert")
    ambush, statement, appeal = gold.items
    assert [(e.plover_type, e.quad) for e in ambush.events] == [("ASSAULT", 4)]
    assert statement.events == ()  # CAMEO 01 is no PLOVER event
    assert sorted(e.plover_type for e in appeal.events) == ["ACCUSE", "REQUEST"]


def test_limit(fixtures):
    assert len(read_gold(fixtures / "plv_small.tsv", limit=2).items) == 2


# --- malformed files ---------------------------------------------------------------------------


def _err(path) -> str:
    with pytest.raises(GoldFormatError) as info:
        read_gold(path)
    return str(info.value)


def test_tsv_with_a_stray_tab_names_the_line(tmp_path, fixtures):
    lines = (fixtures / "plv_small.tsv").read_text().splitlines()
    lines[3] += "\textra"
    bad = tmp_path / "bad.tsv"
    bad.write_text("\n".join(lines) + "\n")
    msg = _err(bad)
    assert "line 4" in msg and "fields" in msg and msg.startswith("[E004]")


def test_tsv_with_an_unknown_type_names_the_line(tmp_path, fixtures):
    text = (fixtures / "plv_small.tsv").read_text().replace("ASSAULT", "PARTY")
    bad = tmp_path / "bad.tsv"
    bad.write_text(text)
    assert "line 5" in _err(bad) and "PARTY" in _err(bad)


def test_tsv_with_unclosed_marker(tmp_path, fixtures):
    text = (fixtures / "plv_small.tsv").read_text().replace("<t>Borduria</t>", "<t>Borduria")
    bad = tmp_path / "bad.tsv"
    bad.write_text(text)
    assert "line 2" in _err(bad) and "<t>" in _err(bad)


def test_json_syntax_error_names_the_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "A met B.", "event": "CONSULT"}\n{"text": "C hit D.", "event": "ASSAULT",,}\n')
    assert "line 2" in _err(bad)


def test_json_record_without_text_names_the_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('[\n {"text": "A met B.", "event": "CONSULT"},\n {"event": "ASSAULT", "source": []}\n]\n')
    assert "line 3" in _err(bad) and "text" in _err(bad)


def test_json_bad_modality(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "A met B.", "event": "CONSULT", "modality": "maybe"}\n')
    assert "line 1" in _err(bad) and "modality" in _err(bad)


def test_event_location_span_outside_text(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('[{"text": "Short.", "spans": [{"start": 0, "end": 5, "label": "VERB"}]},\n'
                   '{"text": "Short.", "spans": [{"start": 2, "end": 50, "label": "LOCATION"}]}]')
    msg = _err(bad)
    assert "line 2" in msg and "record 2" in msg


def test_xml_syntax_error_names_the_line(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text('<Validation>\n<Sentences>\n<Foo id="X" date="20260101">\n<Text>Hi</Txt>\n</Foo>\n</Sentences>\n</Validation>\n')
    assert "line 4" in _err(bad)
    # A broken <Sentence> is repaired instead (PETRARCH's own reader accepts it): see test_gold_robust.py.


def test_petrarch_bad_date_names_the_line(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text('<Validation>\n<Sentences>\n\n<Sentence id="X-1" date="2026-01-01">\n'
                   '<EventCoding sourcecode="A" targetcode="B" eventcode="042"></EventCoding>\n'
                   '<Text>A met B.</Text>\n</Sentence>\n</Sentences>\n</Validation>\n')
    msg = _err(bad)
    assert "line 4" in msg and "X-1" in msg and "YYYYMMDD" in msg


def test_geo_bad_coordinate_names_the_article_line(tmp_path, fixtures):
    text = (fixtures / "lgl_small.xml").read_text().replace("<lat>33.66094</lat>", "<lat>north</lat>")
    bad = tmp_path / "bad.xml"
    bad.write_text(text)
    assert "line 3" in _err(bad)


def test_unknown_file_is_refused(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("just some notes\n")
    assert "unknown gold format" in _err(bad)
    assert "no such file" in _err(tmp_path / "missing.tsv")


def test_location_layout_reads_lat_lon_and_page(fixtures):
    gold = read_gold(fixtures / "locations_small.xml")
    assert gold.format == "geo_xml"
    item = gold.items[0]
    assert [(t.name, item.text[t.start:t.end], t.geonameid) for t in item.toponyms] == [
        ("Springfield", "Springfield", None), ("Lake Victoria", "Lake Victoria", None), ("Kampala", "Kampala", None),
    ]
    assert item.toponyms[2].page.endswith("/Kampala") and item.toponyms[2].lat == pytest.approx(0.31628)
