"""The learned layer: trained on annotated sentences, it codes events and picks their parties."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dotterel.errors import UserError

GOLD = Path(__file__).parents[1] / "gold"


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    from dotterel.decide.training import train_decider
    from dotterel.evaluate import read_gold

    out = tmp_path_factory.mktemp("decider")
    gold = read_gold(GOLD / "plover_gold.jsonl")
    report = train_decider([gold], gold, out)
    return out, report


def test_training_writes_a_model_that_loads(trained):
    from dotterel.decide.model import Decider

    out, report = trained
    assert report["positive_candidates"] > 50 and report["role_counts"]["source"] > 30
    decider = Decider.load(out)
    assert 0.0 < decider.threshold < 1.0 and decider.calibration
    assert decider.type_w.shape[1] == 17 and decider.role_w.shape[1] == 3


def test_the_trained_layer_codes_who_did_what_to_whom(trained):
    from dotterel.config import Config
    from dotterel.pipeline import Pipeline

    out, _ = trained
    pipeline = Pipeline(Config(decider=str(out)))
    events = pipeline.code(["Kenya sharply condemned Uganda on Tuesday over the arrest of its diplomats."])
    accuse = [e for e in events if e.plover_type == "ACCUSE"]
    assert accuse, [e.plover_type for e in events]
    assert {p.actor.country for p in accuse[0].source} == {"KEN"}
    assert "UGA" in {p.actor.country for p in accuse[0].target}


def test_a_folder_without_a_model_is_a_clear_error(tmp_path):
    from dotterel.decide.model import Decider

    with pytest.raises(UserError, match="train-decider"):
        Decider.load(tmp_path)
    (tmp_path / "decider.json").write_text(json.dumps({"format": "0"}))
    (tmp_path / "decider.npz").write_bytes(b"")
    with pytest.raises(UserError, match="retrain"):
        Decider.load(tmp_path)


def test_the_shipped_model_is_the_default_and_rules_alone_stay_available():
    from dotterel.config import Config
    from dotterel.pipeline import Pipeline

    assert Pipeline(Config(decider="off")).decider is None
    shipped = Pipeline().decider
    assert shipped is not None and shipped.info["trained_on"] == ["tests/gold/realnews/train.jsonl"]
