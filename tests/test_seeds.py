"""Acceptance on the two seed articles users try first (read from ../shared/seeds, never copied).

The seeds are not part of the repository; CI has them beside the clone. Nothing in the code
knows these texts: the same checks run on the project's own articles in test_pipeline.py.
"""

import datetime as dt
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside this clone")


def code_seed(pipeline, name):
    from dotterel.ingest import read_inputs

    from dotterel.clean import Cleaner

    (article,) = [a for a in read_inputs([SEEDS / name])]
    article = Cleaner()(article)
    (analysis,) = pipeline.analyse([article])
    return analysis


def find(events, plover_type, source=None, target=None):
    out = []
    for e in events:
        if e.plover_type != plover_type:
            continue
        if source and source not in {p.actor.country for p in e.source}:
            continue
        if target and target not in {p.actor.country for p in e.target}:
            continue
        out.append(e)
    return out


@pytest.fixture(scope="module")
def seed000(pipeline):
    return code_seed(pipeline, "000_3414a428b7e2833b.txt")


@pytest.fixture(scope="module")
def seed003(pipeline):
    return code_seed(pipeline, "003_006de0ecaa41b193.txt")


def test_obama_calls_on_turkey(seed000):
    (e, *_) = find(seed000.events, "REQUEST", source="USA", target="TUR")
    assert "Obama" in " ".join(p.text for p in e.source)
    assert e.evidence == seed000.article.text[
        next(s for s in seed000.sentences if s.index == e.sentence).start :
        next(s for s in seed000.sentences if s.index == e.sentence).end
    ]
    assert seed000.article.text[e.trigger_start : e.trigger_end] == e.trigger


def test_cavusoglu_visits_romania(seed000):
    (e, *_) = find(seed000.events, "CONSULT", source="TUR", target="ROU")
    assert any(p.actor.sector == "GOV" for p in e.source)


def test_turkey_deports_fighters(seed000):
    assert find(seed000.events, "COERCE", source="TUR")


def test_not_enough_cooperation_is_no_cooperation_event(seed000):
    first = seed000.article.text.index("There has not yet been enough cooperation")
    factual = [e for e in seed000.events if e.trigger_start >= first and e.trigger_end <= first + 80
               and e.plover_type == "COOPERATE" and not e.modality.negated]
    assert factual == []


def test_seed000_dateline(seed000):
    assert seed000.article.published == dt.date(2015, 6, 11)
    assert "Bucharest" in (seed000.article.dateline_place or "")
    assert "Also Read" not in seed000.article.text and "(Photo: AA)" not in seed000.article.text
    assert "T/P001/R04" not in seed000.article.text


def test_ankara_and_washington_agree(seed003):
    agree = find(seed003.events, "AGREE", source="TUR") + find(seed003.events, "AGREE", source="USA")
    assert any({"TUR", "USA"} <= {p.actor.country for p in e.source + e.target} for e in agree)


def test_blinken_condemns_groups(seed003):
    (e, *_) = find(seed003.events, "ACCUSE", source="USA")
    assert any(p.actor.sector == "GOV" for p in e.source)
    targets = " ".join(p.text for p in e.target)
    assert "PKK" in targets and "Daesh" in targets


def test_repeated_paragraph_coded_once(seed003):
    ids = [e.event_id for e in seed003.events]
    assert len(ids) == len(set(ids))
    assert seed003.article.text.count("capitalize on opportunities") == 1


def test_syria_operations_are_historical_assaults(seed003):
    assaults = find(seed003.events, "ASSAULT", source="TUR")
    assert assaults and all(e.modality.historical for e in assaults)
