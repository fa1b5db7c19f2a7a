"""Whole-event scoring: fully right, partly right, wrong, recall, and the modality rules."""

from __future__ import annotations

import datetime as dt

from dotterel.evaluate.fullevent import date_matches, full_event_scores, side_matches
from dotterel.evaluate.gold import GoldActor, GoldEvent, GoldItem
from dotterel.evaluate.predict import PredictedEvent


def actor(code, text="x"):
    return GoldActor(text, code, code[:3] if code and not code.startswith(("IGO", "IMG")) else None)


def item(*events, text="s"):
    return GoldItem(item_id=text, line=1, text=text, events=tuple(events))


def test_fully_partly_and_wrong_are_counted_per_coded_event():
    gold = [
        item(GoldEvent("ACCUSE", source=(actor("KEN"),), target=(actor("UGA"),)), text="a"),
        item(GoldEvent("ASSAULT", source=(actor("SYR"),), target=(actor("TUR"),)), text="b"),
        item(text="c"),
    ]
    preds = [
        (PredictedEvent("ACCUSE", source=("KEN",), target=("UGA",)),),
        (PredictedEvent("ASSAULT", source=("TUR",), target=("SYR",)),),  # roles reversed: partly
        (PredictedEvent("CONSULT", source=("FRA",), target=("DEU",)),),  # no event in gold: wrong
    ]
    r = full_event_scores(gold, preds)
    assert (r["fully_right"], r["partly_right"], r["wrong"]) == (1, 1, 1)
    assert r["precision_full"] == round(1 / 3, 4)
    assert r["recall_full"] == 0.5 and r["recall_found"] == 1.0
    assert r["slots"]["type"]["precision"] == round(2 / 3, 4)
    assert r["sentences"]["quiet_on_no_event"] == 0.0


def test_igo_parties_match_on_their_code_not_a_country():
    gold = (actor("IGOUNO"),)
    assert side_matches(gold, (None,), ("IGOUNOSEC",))
    assert not side_matches(gold, (None,), ("IGONAT",))
    assert side_matches((), (), ())
    assert not side_matches((), ("USA",), ("USAGOV",))


def test_a_hypothetical_gold_event_is_not_owed_and_coding_it_as_fact_is_wrong():
    gold = [item(GoldEvent("SANCTION", source=(actor("USA"),), target=(actor("IRN"),), modality="hypothetical"))]
    r = full_event_scores(gold, [(PredictedEvent("SANCTION", source=("USA",), target=("IRN",)),)])
    assert r["gold_events"] == 0 and r["wrong"] == 1
    r = full_event_scores(gold, [(PredictedEvent("SANCTION", source=("USA",), target=("IRN",), modality="hypothetical"),)])
    assert r["wrong"] == 0 and r["fully_right"] == 1


def test_dates_match_to_the_gold_precision():
    assert date_matches(dt.date(2019, 3, 1), "month", dt.date(2019, 3, 17))
    assert not date_matches(dt.date(2019, 3, 1), "day", dt.date(2019, 3, 17))
    assert date_matches(dt.date(2014, 1, 1), "year", dt.date(2014, 9, 2))
    assert not date_matches(dt.date(2014, 1, 1), "year", None)
