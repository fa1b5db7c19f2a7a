"""Gold files in the shapes the public sets really have (issue 17): PLOVER's gold-standard JSON
arrays (a DOCUMENT header record, placeholder dates) and PETRARCH XML with broken markup.
The fixtures are written here, in those shapes; the public files stay held out."""

import json

import pytest

from dotterel.errors import GoldFormatError
from dotterel.evaluate.gold import detect_format, read_gold

SENTENCES = [
    ("Ruritania's president accused Freedonia of shelling border villages.", "ACCUSE"),
    ("Syldavian troops attacked a Bordurian border post on Monday.", "ASSAULT"),
    ("The foreign ministers of Vesta and Norland met in Port Selby.", "CONSULT"),
    ("Freedonia imposed sanctions on Ruritanian banks.", "SANCTION"),
    ("Norland's prime minister praised Vesta's mediation.", "SUPPORT"),
    ("The river Klow froze early this year.", None),
]


def _records(date="2019-01-01"):
    out = [{"id": "DOCUMENT", "event": "DOCUMENT", "text": "", "date": date,
            "comment": "PLOVER gold standard, coded by hand"}]
    for i, (text, event) in enumerate(SENTENCES):
        out.append({"id": f"G{i}", "date": date, "text": text, "event": event, "mode": "",
                    "source": [{"actorText": text.split()[0], "code": "RUR"}],
                    "target": [{"actorText": "Freedonia", "code": "FRE"}], "eventText": ""})
    return out


def test_a_plover_gold_array_with_a_document_header_and_placeholder_dates(tmp_path):
    path = tmp_path / "PLOVER_gold_standard.json"
    path.write_text(json.dumps(_records(), indent=2))
    assert detect_format(path) == "plover_json"
    gold = read_gold(path)
    assert len(gold.items) == len(SENTENCES)
    assert gold.notes["document_records"] == 1
    assert gold.notes["placeholder_dates"] == len(SENTENCES)
    assert "date" not in gold.slots
    assert all(e.date is None for item in gold.items for e in item.events)


def test_real_dates_stay_and_a_flagged_placeholder_is_ignored(tmp_path):
    records = _records()[1:]
    for i, rec in enumerate(records):
        rec["date"] = f"2019-01-{i + 1:02d}"
    records[0]["date_placeholder"] = True
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(records))
    gold = read_gold(path)
    assert "date" in gold.slots and gold.notes == {"placeholder_dates": 1}
    first = next(item for item in gold.items if item.item_id == "G0")
    assert first.events[0].date is None


PETRARCH = """<Validation>
<Sentences>
<Sentence date="20260101" id="T-01" category="TEST" sentence="true">
<EventCoding sourcecode="RUR" targetcode="BORGOV" eventcode="042"></EventCoding>
<Text>Ruritania's envoy visited the Bordurian government on Thursday.</Text>
</Sentence>
<Sentence date="20260102" id="T-02" category="TEST" sentence="true">
<EventCoding sourcecode="SYLMIL" targetcode="RUR" eventcode="190"></EventCode>
<Text>Syldavian troops fought Ruritanian border guards.</Text>
</Sentence>
<Sentence date="20260103" id="T-03" category="TEST" sentence="true">
<EventCoding sourcecode="FRE" targetcode="RUR" eventcode="163"></EventCoding>
<Text>Freedonia imposed an embargo on Ruritania.</Txt>
</Sentence>
<Sentence date="20260104" id="T-04" category="TEST" sentence="true">
<EventCoding noevents="True"></EventCoding>
<Text>The river Klow froze early this year.</Text>
</Sentence>
</Sentences>
</Validation>
"""


def test_petrarch_xml_with_mismatched_tags_is_repaired_and_counted(tmp_path):
    path = tmp_path / "validation.records.xml"
    path.write_text(PETRARCH)
    assert detect_format(path) == "petrarch_xml"
    gold = read_gold(path)
    assert [i.item_id for i in gold.items] == ["T-01", "T-02", "T-03", "T-04"]
    assert gold.notes["repaired_records"] == 2 and gold.notes["unrepairable_records"] == 0
    by_id = {i.item_id: i for i in gold.items}
    assert by_id["T-02"].events[0].plover_type == "ASSAULT"
    assert "embargo" in by_id["T-03"].text


def test_well_formed_petrarch_xml_reports_no_repairs(tmp_path):
    path = tmp_path / "ok.records.xml"
    path.write_text(PETRARCH.replace("</EventCode>", "</EventCoding>").replace("</Txt>", "</Text>"))
    gold = read_gold(path)
    assert len(gold.items) == 4 and "repaired_records" not in gold.notes


def test_xml_that_holds_no_sentence_at_all_is_still_an_error(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text("<Validation><Sentences><Foo></Sentences>")
    with pytest.raises(GoldFormatError):
        read_gold(path)
