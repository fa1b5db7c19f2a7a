"""Scoring gold against predictions chosen by the test: the numbers and the JSON contract."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dotterel.evaluate import evaluate
from dotterel.evaluate.gold import GoldActor, GoldEvent
from dotterel.evaluate.predict import Classified
from dotterel.evaluate.scoring import align
from evaluate_helpers import ScriptedPredictor, event, place

PLOVER_TEXT_1 = "Ruritania's army shelled two Bordurian villages on Monday."
PLOVER_TEXT_2 = "Syldavia demanded that Borduria free the detained sailors and called for talks."
PLOVER_TEXT_3 = "The weather in Klow stayed mild all week."


def plover_predictor() -> ScriptedPredictor:
    return ScriptedPredictor(
        code={
            # right type, actors, place; date a day off
            PLOVER_TEXT_1: [event("ASSAULT", 4, ["RUR"], ["BOR"], place=place("Klow", 111, "BOR", 45.0, 20.0),
                                  date=dt.date(2026, 2, 3))],
            # one of two events found, with the wrong target
            PLOVER_TEXT_2: [event("REQUEST", 1, ["SYL"], ["RUR"])],
            # a spurious event in a sentence without one
            PLOVER_TEXT_3: [event("PROTEST", 4, ["BOR"], [])],
        }
    )


def test_plover_records_end_to_end(fixtures):
    predictor = plover_predictor()
    r = evaluate(fixtures / "plover_small.json", predictor=predictor)
    assert r["format"] == "plover_json" and r["task"] == "code" and r["n"] == 3
    t = r["slots"]["type"]
    # gold ASSAULT, REQUEST, CONSULT; predicted ASSAULT, REQUEST, PROTEST (spurious)
    assert (t["micro_precision"], t["micro_recall"]) == (pytest.approx(2 / 3, abs=1e-4), pytest.approx(2 / 3, abs=1e-4))
    assert t["per_class"]["CONSULT"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert r["slots"]["source"]["accuracy"] == pytest.approx(2 / 3, abs=1e-4)  # CONSULT's source not found
    assert r["slots"]["target"]["accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    assert r["slots"]["place"]["exact"] == 1.0 and r["slots"]["place"]["within_161km"] == 1.0
    assert r["slots"]["date"] == {"n": 1, "exact": 0.0, "within_7_days": 1.0}
    e2e = r["end_to_end"]
    assert (e2e["gold_events"], e2e["predicted_events"], e2e["correct"]) == (3, 3, 1)
    assert e2e["f1"] == pytest.approx(1 / 3, abs=1e-4)
    # the pipeline is told each article's publication date
    assert dt.date(2026, 2, 3) in predictor.published_seen


def test_json_contract_shape(fixtures):
    r = json.loads(json.dumps(evaluate(fixtures / "plover_small.json", predictor=plover_predictor())))
    assert {"dataset", "format", "n", "slots", "end_to_end"} <= set(r)
    for slot in ("type", "quad", "source", "target"):
        assert {"accuracy", "macro_f1", "micro_f1", "per_class"} <= set(r["slots"][slot])
    assert set(r["slots"]["type"]["per_class"]["ASSAULT"]) == {"precision", "recall", "f1", "support"}
    assert {"exact", "country", "within_161km"} <= set(r["slots"]["place"])
    assert "date" in r["slots"]
    assert {"precision", "recall", "f1"} <= set(r["end_to_end"])


def test_slots_without_gold_are_left_out(fixtures):
    r = evaluate(fixtures / "plv_small.tsv", predictor=ScriptedPredictor())
    assert set(r["slots"]) == {"type", "quad"}
    assert "end_to_end" not in r


def test_plv_classification(fixtures):
    answers = {
        "<s>Ruritania</s> condemned <t>Borduria</t> for the border raid.": Classified("ACCUSE", 3),
        "<s>Syldavia</s> agreed to supply grain to <t>Ruritania</t>.": Classified("CONSULT", 1),
        "<s>Rebels</s> shelled <t>the Ruritanian capital</t> overnight.": Classified("ASSAULT", 4),
    }
    r = evaluate(fixtures / "plv_small.tsv", predictor=ScriptedPredictor(classify=answers))
    assert r["slots"]["type"]["accuracy"] == 0.5
    assert r["slots"]["quad"]["accuracy"] == 0.75  # CONSULT is still quad 1; the YIELD row got nothing
    assert r["slots"]["type"]["confusion"]["labels"][-1] == "NONE"


def test_predicted_retreat_counts_as_concede_against_plover_05_yield(fixtures):
    answers = {'<s>Borduria</s> lifted the curfew on <t>Syldavian traders</t>.': Classified("RETREAT", 2)}
    r = evaluate(fixtures / "plv_small.tsv", predictor=ScriptedPredictor(classify=answers))
    assert r["slots"]["type"]["per_class"]["CONCEDE"]["recall"] == 1.0


def test_aw_binary_and_overcoding(fixtures):
    answers = {
        "<s>Soldiers</s> fired on <t>protesters</t> in the square.": Classified("ASSAULT", 4),  # right
        "<s>The two ministers</s> met in <t>Vienna</t>.": Classified("ACCUSE", 3),  # wrong
        # over-coded (the ferry row is no political event), though its label 0 matches
        "<s>The ferry</s> carried <t>tourists</t> to the island.": Classified("AID", 2),
    }
    r = evaluate(fixtures / "aw_small.tsv", predictor=ScriptedPredictor(classify=answers))
    b = r["slots"]["binary"]
    assert b["accuracy"] == 0.5
    assert b["coverage"] == 0.75
    assert b["accuracy_on_coded"] == pytest.approx(2 / 3, abs=1e-4)
    assert (b["non_events"], b["overcoding_rate"]) == (2, 0.5)
    assert b["overcoding_basis"] == "classify"


def test_aw_overcoding_asks_the_event_stage_when_the_predictor_can(fixtures):
    class Detecting(ScriptedPredictor):
        def detect(self, marked):
            return "Soldiers" in marked  # the event stage codes only the shooting

    answers = {"<s>The ferry</s> carried <t>tourists</t> to the island.": Classified("AID", 2)}
    b = evaluate(fixtures / "aw_small.tsv", predictor=Detecting(classify=answers))["slots"]["binary"]
    assert b["overcoding_basis"] == "event stage"
    assert (b["non_events"], b["overcoding_rate"]) == (2, 0.0)  # classify alone would say 0.5


def test_event_location(fixtures):
    predictor = ScriptedPredictor(
        code={
            "Gunmen attacked a bus near Klow on Friday.": [
                event("ASSAULT", 4, place=place("Klow"), trigger_start=7, trigger_end=15, place_spans=((27, 31),))
            ],
            "Police arrested three men after the raid.": [
                event("COERCE", 4, place=place("Szohod"), trigger_start=7, trigger_end=15)
            ],
            "Shells hit the market in Szohod and Klow.": [
                event("ASSAULT", 4, place=place("Elsewhere"), trigger_start=30, trigger_end=31),
                event("ASSAULT", 4, place=place("Szohod"), trigger_start=7, trigger_end=10),
            ],
        }
    )
    p = evaluate(fixtures / "event_location_small.json", predictor=predictor)["slots"]["place"]
    assert p["n"] == 2 and p["exact"] == 1.0  # the event at the gold verb is the one scored
    assert p["precision"] == pytest.approx(2 / 3, abs=1e-4)  # a place for the sentence without one


def test_toponym_resolution(fixtures):
    predictor = ScriptedPredictor(places={"Paris": place("Paris", 2988507, "FRA", 48.85, 2.35)})
    p = evaluate(fixtures / "lgl_small.xml", predictor=predictor)["slots"]["place"]
    assert (p["exact"], p["country"], p["within_161km"]) == (0.0, 0.0, 0.0)
    predictor.places["Paris"] = place("Paris", 4717560, "USA", 33.66, -95.55)
    p = evaluate(fixtures / "lgl_small.xml", predictor=predictor)["slots"]["place"]
    assert (p["exact"], p["country"], p["within_161km"]) == (1.0, 1.0, 1.0)


def test_petrarch_with_record_set_codes(fixtures):
    predictor = ScriptedPredictor(
        code={
            "Ruritania's envoy visited the Bordurian government on Thursday.": [event("CONSULT", 1, ["RUR"], ["BOR"])],
            "Syldavian troops fought Ruritanian border guards.": [event("ASSAULT", 4, ["SYL"], [None])],
        }
    )
    r = evaluate(fixtures / "petrarch", predictor=predictor)
    assert r["slots"]["type"]["micro_f1"] == 1.0
    assert r["slots"]["target"]["accuracy"] == 0.5
    assert r["end_to_end"]["correct"] == 1


def test_align_prefers_same_type_and_actors():
    gold = [
        GoldEvent("ASSAULT", 4, (GoldActor("a", country="AAA"),), (GoldActor("b", country="BBB"),)),
        GoldEvent("CONSULT", 1, (GoldActor("c", country="CCC"),), ()),
    ]
    pred = [event("CONSULT", 1, ["CCC"]), event("ASSAULT", 4, ["AAA"], ["BBB"]), event("AID", 2)]
    pairs = align(gold, pred)
    assert [(g.plover_type if g else None, p.plover_type if p else None) for g, p in pairs] == [
        ("ASSAULT", "ASSAULT"),
        ("CONSULT", "CONSULT"),
        (None, "AID"),
    ]


def test_modality_slot_on_own_gold_layout(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(
        '{"text": "A will visit B.", "event": "CONSULT", "modality": "future", '
        '"source": [{"actorText": "A", "code": "AAA"}], "target": [{"actorText": "B", "code": "BBB"}]}\n'
    )
    r = evaluate(gold, predictor=ScriptedPredictor(code={"A will visit B.": [event("CONSULT", 1, ["AAA"], ["BBB"])]}))
    assert r["slots"]["modality"]["accuracy"] == 0.0
    assert r["end_to_end"]["f1"] == 1.0


def test_toponyms_of_an_article_are_resolved_together(fixtures):
    class Together(ScriptedPredictor):
        def __init__(self):
            super().__init__()
            self.calls = []

        def resolve_spans(self, text, spans):
            self.calls.append(list(spans))
            return [place("Springfield", 4409896, None, 37.2, -93.3), place("Shelbyville", 1, None, 39.4, -88.8)]

    predictor = Together()
    p = evaluate(fixtures / "gwn_small.xml", predictor=predictor)["slots"]["place"]
    assert predictor.calls == [[(12, 23), (58, 69)]]
    assert p["within_161km"] == 1.0
    assert p["exact"] == 1.0  # Springfield by GeoNames id; Shelbyville (no gold id) by name


def test_petrarch_kb_files_lose_repeated_names(tmp_path):
    from dotterel.evaluate.predict import _drop_repeated_names, _strip_xml_comments

    groups = tmp_path / "groups.csv"
    groups.write_text(
        "kb_id,name,aliases,country,sector,cameo\n"
        "PETR-A,Ruritania,Ruritanian|Strelsau,RUR,,RUR\n"
        "PETR-B,Ruritanian,,RUR,,RUR\n"
        "PETR-C,Borduria,Strelsau|Szohod,BOR,,BOR\n"
    )
    _drop_repeated_names([groups])
    assert groups.read_text().splitlines()[1:] == [
        "PETR-A,Ruritania,Ruritanian|Strelsau,RUR,,RUR",
        "PETR-C,Borduria,Szohod,BOR,,BOR",
    ]
    src = tmp_path / "a.txt"
    src.write_text("<!-- one\ntwo -->\nRURITANIA [RUR]\n")
    assert _strip_xml_comments(src, tmp_path / "b.txt").read_text() == "\n\nRURITANIA [RUR]\n"


def test_location_layout_is_scored_on_distance(fixtures):
    """The <location> layout (lat/lon and a Wikipedia page, no GeoNames id) is read and scored
    by distance: within 161 km and median error, with no exact score to report."""
    predictor = ScriptedPredictor(places={
        "Springfield": place("Springfield", 4250542, "USA", 39.80, -89.64),
        "Lake Victoria": place("Lake Victoria", None, "UGA", 0.5, 33.2),  # ~170 km off
        "Kampala": place("Kampala", 232422, "UGA", 0.32, 32.58),
    })
    p = evaluate(fixtures / "locations_small.xml", predictor=predictor)["slots"]["place"]
    assert p["n"] == 3 and p["n_ids"] == 0 and "exact" not in p
    assert p["within_161km"] == pytest.approx(2 / 3, abs=1e-4)
    assert p["median_error_km"] < 5
