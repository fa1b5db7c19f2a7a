"""Fine-tuning MiniLM for `dotterel train`: a tiny run that a user could repeat in seconds.

torch is a required test dependency here (the Makefile installs torch==2.13.0): if it is
missing these tests fail, they are not skipped.
"""

from __future__ import annotations

import builtins
import json

import pytest

from dotterel.errors import UserError
from dotterel.events.finetune import FineTuned, Settings, marked_text

# Our own sentences, three classes, ten each: the words that tell the classes apart differ,
# the actors are shared, so the encoder has to read the relation.
_ACTORS = [("Kenya", "Mali"), ("Peru", "Chile"), ("Ghana", "Togo"), ("Norway", "Sweden"), ("Laos", "Nepal")]
_TEMPLATES = {
    "AID": ["<s>{}</s> shipped food and medicine to <t>{}</t>.", "<s>{}</s> sent emergency relief supplies to <t>{}</t>."],
    "ASSAULT": ["<s>{}</s> bombed towns inside <t>{}</t>.", "Artillery of <s>{}</s> shelled villages in <t>{}</t>."],
    "CONSULT": ["<s>{}</s> held talks with <t>{}</t> in the capital.", "The leader of <s>{}</s> met envoys of <t>{}</t>."],
}
_ROWS = [(t.format(a, b), label) for label, temps in _TEMPLATES.items() for t in temps for a, b in _ACTORS]
_TINY = Settings(lr=3e-4, epochs=2, batch=8, max_tokens=48, seed=5)


@pytest.fixture(scope="module")
def tiny():
    classes = tuple(sorted(_TEMPLATES))
    marked = [m for m, _ in _ROWS]
    return FineTuned.fit(marked, [classes.index(label) for _, label in _ROWS], classes, _TINY), classes


def test_thirty_sentences_three_classes():
    assert len(_ROWS) == 30 and {label for _, label in _ROWS} == set(_TEMPLATES)


def test_finetuned_model_beats_the_majority_class_on_its_training_sentences(tiny):
    model, classes = tiny
    probs = model.predict_proba([m for m, _ in _ROWS])
    assert probs.shape == (30, 3)
    assert abs(float(probs.sum(axis=1).mean()) - 1.0) < 1e-4
    accuracy = sum(classes[int(p.argmax())] == label for p, (_, label) in zip(probs, _ROWS)) / len(_ROWS)
    assert accuracy > 1 / 3 + 0.2  # majority class: one in three


def test_saved_model_loads_and_predicts_the_same(tiny, tmp_path):
    model, _ = tiny
    model.save(tmp_path)
    again = FineTuned.load(tmp_path)
    marked = ["<s>Chad</s> shipped grain to <t>Niger</t>.", "<s>Chad</s> bombed towns inside <t>Niger</t>."]
    # fp16 weights on disk: probabilities move, but by little.
    assert abs(again.predict_proba(marked) - model.predict_proba(marked)).max() < 0.02
    # The word-piece embeddings are not stored (the package has them): the file stays small.
    assert (tmp_path / "finetuned.safetensors").stat().st_size < 30e6


def test_training_is_deterministic_for_a_seed():
    classes = tuple(sorted(_TEMPLATES))
    marked = [m for m, _ in _ROWS[::3]]
    labels = [classes.index(label) for _, label in _ROWS[::3]]
    settings = Settings(lr=3e-4, epochs=1, batch=8, max_tokens=48, seed=5)
    first = FineTuned.fit(marked, labels, classes, settings).predict_proba(marked)
    second = FineTuned.fit(marked, labels, classes, settings).predict_proba(marked)
    assert abs(first - second).max() < 1e-6


def test_marks_go_around_the_spans():
    assert marked_text("Peru met Chile.", (0, 4), (9, 14)) == "<s>Peru</s> met <t>Chile</t>."
    assert marked_text("Peru met Chile.", None, (9, 14)) == "Peru met <t>Chile</t>."


def _write_gold(path):
    lines = ["marked_sentence\tgold_root"] + [f"{m}\t{label}" for m, label in _ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_train_writes_a_dir_with_both_parts_that_classify_uses(tmp_path, nlp):
    from dotterel.events import EventCoder
    from dotterel.events.training import train

    gold = tmp_path / "gold.tsv"
    _write_gold(gold)
    report = train(gold, tmp_path / "model", settings=_TINY)
    assert report.examples == 30 and report.train_accuracy > 0.6
    meta = json.loads((tmp_path / "model" / "model.json").read_text(encoding="utf-8"))
    assert meta["parts"] == ["regression", "lexical_regression", "finetuned"]
    result = EventCoder(model_dir=tmp_path / "model", nlp=nlp).classify("<s>Chad</s> shipped food and medicine to <t>Niger</t>.")
    assert result.via == "model" and result.plover_type == "AID"


@pytest.fixture
def no_torch(monkeypatch):
    real = builtins.__import__

    def fake(name, *args, **kwargs):
        if name == "torch" or name.startswith("torch."):
            raise ImportError("No module named 'torch'", name="torch")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake)


def test_training_without_torch_says_what_to_install(tmp_path, no_torch):
    from dotterel.events.training import train

    gold = tmp_path / "gold.tsv"
    _write_gold(gold)
    with pytest.raises(UserError, match=r"pip install torch==2\.13\.0"):
        train(gold, tmp_path / "model")
    assert not (tmp_path / "model").exists()


def test_cli_without_torch_exits_1_with_the_pip_command(tmp_path, no_torch):
    import typer
    from typer.testing import CliRunner

    from dotterel.cli.events_cli import register

    app = typer.Typer()
    register(app)
    gold = tmp_path / "gold.tsv"
    _write_gold(gold)
    result = CliRunner().invoke(app, ["train", str(gold), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1 and "pip install torch==2.13.0" in result.output


def test_old_numpy_only_model_dirs_load_without_torch(tmp_path, no_torch):
    import numpy as np

    from dotterel.events.training import TrainedModel

    model_dir = tmp_path / "old"
    model_dir.mkdir()
    np.savez_compressed(model_dir / "weights.npz", weights=np.zeros((4, 2), dtype=np.float16), bias=np.zeros(2, dtype=np.float16))
    (model_dir / "model.json").write_text(json.dumps({"format": "2", "classes": ["AID", "ASSAULT"]}), encoding="utf-8")
    model = TrainedModel.load(model_dir)
    assert model.finetuned is None and model.classes == ("AID", "ASSAULT")
