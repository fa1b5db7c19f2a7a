"""Calibrated event confidences: the evidence table, and what it does to pipeline events."""

from __future__ import annotations

import pytest

from dotterel.errors import GoldFormatError
from dotterel.events.calibration import Calibration, fit, write_table


def test_a_rare_evidence_kind_borrows_from_its_parent():
    examples = [("lexicon/verb/both/factual", True)] * 18 + [("lexicon/verb/both/factual", False)] * 2
    examples += [("lexicon/verb/both/modal", False)]  # one modal event, wrong
    table = fit(examples)
    factual = table.lookup("lexicon/verb/both/factual")
    modal = table.lookup("lexicon/verb/both/modal")
    assert 0.8 < factual < 0.95
    # One wrong event is not enough to call modal events hopeless.
    assert 0.5 < modal < factual


def test_an_unseen_key_takes_its_nearest_parent():
    table = fit([("lexicon/verb/both/factual", True)] * 5 + [("lexicon/noun/source/factual", False)] * 5)
    assert table.lookup("lexicon/verb/both/modal") == table.lookup("lexicon/verb/both")
    assert table.lookup("vector/verb/both/factual") == table.lookup("")


def test_table_round_trips_and_refuses_another_format(tmp_path):
    table = fit([("lexicon/verb/both/factual", True), ("lexicon/verb/source/factual", False)])
    path = write_table(table, source="two made-up events", path=tmp_path / "calibration.tsv")
    again = Calibration.load(path)
    assert again.lookup("lexicon/verb/both/factual") == pytest.approx(table.lookup("lexicon/verb/both/factual"), abs=1e-3)
    assert "two made-up events" in path.read_text(encoding="utf-8")
    path.write_text("# calibration table, format 0\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match="format"):
        Calibration.load(path)


def test_shipped_table_trusts_two_sided_events_more(coder, analyse):
    both = coder(analyse("Nigerian troops attacked the Northern Front.")).events
    one = coder(analyse("Kenya condemned the decision.")).events
    assert [e.plover_type for e in both] == ["ASSAULT"] and [e.plover_type for e in one] == ["ACCUSE"]
    assert both[0].confidence > 0.6 > one[0].confidence


def test_threshold_between_them_keeps_only_the_two_sided_event(analyse, nlp):
    from dotterel.events import EventCoder

    strict = EventCoder(threshold=0.5, nlp=nlp)
    assert [e.plover_type for e in strict(analyse("Nigerian troops attacked the Northern Front.")).events] == ["ASSAULT"]
    assert strict(analyse("Kenya condemned the decision.")).events == ()
