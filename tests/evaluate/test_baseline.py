"""The accuracy gate: a score below its minimum fails; lowering a minimum needs a flag."""

from __future__ import annotations

import json

import pytest

from dotterel.errors import UserError
from dotterel.evaluate.baseline import check_baseline, flatten, sha256_of, update_baseline

RESULT = {
    "dataset": "g",
    "n": 10,
    "slots": {"type": {"micro_f1": 0.61, "macro_f1": 0.5, "per_class": {"AGREE": {"f1": 0.1}}}},
    "end_to_end": {"f1": 0.3},
}


def write(path, minimums, **extra):
    path.write_text(json.dumps({"format_version": 1, "minimums": minimums, **extra}))
    return path


def test_flatten_leaves_out_per_class():
    flat = flatten(RESULT)
    assert flat["slots.type.micro_f1"] == 0.61 and flat["end_to_end.f1"] == 0.3
    assert not any("per_class" in k for k in flat)


def test_gate_passes_at_or_above_minimums(tmp_path):
    base = write(tmp_path / "b.json", {"slots.type.micro_f1": 0.61, "end_to_end.f1": 0.25})
    assert check_baseline(RESULT, base) == []


def test_gate_fails_when_a_score_drops(tmp_path):
    base = write(tmp_path / "b.json", {"slots.type.micro_f1": 0.65, "end_to_end.f1": 0.25})
    (failure,) = check_baseline(RESULT, base)
    assert "slots.type.micro_f1" in failure and "0.6100 < minimum 0.6500" in failure


def test_gate_fails_on_a_missing_score(tmp_path):
    base = write(tmp_path / "b.json", {"slots.place.exact": 0.1})
    assert "missing" in check_baseline(RESULT, base)[0]


def test_gate_fails_when_gold_changed(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("{}\n")
    base = write(tmp_path / "b.json", {}, gold_sha256=sha256_of(gold))
    assert check_baseline(RESULT, base, gold=gold) == []
    gold.write_text("{} \n")
    assert "changed" in check_baseline(RESULT, base, gold=gold)[0]


def test_update_raises_but_refuses_to_lower_without_flag(tmp_path):
    base = write(tmp_path / "b.json", {"slots.type.micro_f1": 0.5, "end_to_end.f1": 0.4})
    with pytest.raises(UserError, match="--allow-lower"):
        update_baseline(RESULT, base)
    assert json.loads(base.read_text())["minimums"]["end_to_end.f1"] == 0.4  # untouched
    data = update_baseline(RESULT, base, allow_lower=True)
    assert data["minimums"] == {"slots.type.micro_f1": 0.61, "end_to_end.f1": 0.3}


def test_update_only_raising_needs_no_flag(tmp_path):
    base = write(tmp_path / "b.json", {"slots.type.micro_f1": 0.5})
    assert update_baseline(RESULT, base)["minimums"] == {"slots.type.micro_f1": 0.61}


def test_new_baseline_takes_default_keys(tmp_path):
    data = update_baseline(RESULT, tmp_path / "new.json")
    assert set(data["minimums"]) == {"slots.type.micro_f1", "slots.type.macro_f1", "end_to_end.f1"}


def test_the_projects_baseline_is_well_formed():
    from pathlib import Path

    gold_dir = Path(__file__).parents[1] / "gold"
    data = json.loads((gold_dir / "baseline.json").read_text())
    assert data["format_version"] == 1 and data["minimums"]
    assert data["gold_sha256"] == sha256_of(gold_dir / data["gold"])
