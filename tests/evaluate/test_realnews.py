"""The real-news gold: splits by article, records per event, and eval coding article windows together."""

from __future__ import annotations

import json

from dotterel.evaluate.gold import read_gold
from dotterel.evaluate.realnews import Window, gold_records, split_of


def test_the_split_depends_on_the_article_alone_and_is_about_60_20_20():
    assert split_of("abc") == split_of("abc")
    splits = [split_of(f"article-{i}") for i in range(2000)]
    assert 0.55 < splits.count("train") / 2000 < 0.65
    assert 0.15 < splits.count("test") / 2000 < 0.25


def test_gold_records_write_one_record_per_event_and_one_for_a_quiet_sentence():
    text = "Police arrested ten protesters. It rained. Kenya and Uganda met."
    w = Window("a1", "own", "2026-03-10", None, ((0, 0, 31), (1, 32, 42), (2, 43, 64)), text)
    notes = {"a1-000": [{"event": "COERCE"}], "a1-001": [], "a1-002": [{"event": "CONSULT"}, {"event": "AGREE"}]}
    records = list(gold_records([w], notes))
    assert [r["event"] for r in records] == ["COERCE", None, "CONSULT", "AGREE"]
    assert records[0]["text"] == "Police arrested ten protesters."
    assert records[2]["id"] == "a1-002-0" and records[2]["sentence"] == 2


def test_eval_codes_the_sentences_of_one_article_together(tmp_path):
    rows = [
        {"id": "k-000", "article_id": "k", "sentence": 0, "published": "2026-03-10",
         "text": "Kenyan police arrested twelve opposition supporters in Nairobi on Monday.", "event": "COERCE",
         "eventText": "arrested", "source": [{"actorText": "Kenyan police", "code": "KEN", "sector": "COP"}],
         "target": [{"actorText": "twelve opposition supporters", "code": "KEN", "sector": "OPP"}],
         "date": "2026-03-09", "date_precision": "day", "location": {"name": "Nairobi", "geonameid": 184745, "country": "KEN"}},
        {"id": "k-001", "article_id": "k", "sentence": 1, "published": "2026-03-10",
         "text": "Shares in the brewer rose slightly.", "event": None},
    ]
    path = tmp_path / "rn.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    gold = read_gold(path)
    assert [i.article_id for i in gold.items] == ["k", "k"] and gold.items[0].events[0].date_precision == "day"
    from dotterel.evaluate import evaluate

    full = evaluate(path, decider="off")["full_events"]
    assert full["gold_events"] == 1 and full["sentences"]["n"] == 2
    assert full["fully_right"] + full["partly_right"] >= 1  # the arrest is found
    assert full["sentences"]["quiet_on_no_event"] == 1.0
