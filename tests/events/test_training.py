"""`train`: a model from a user's annotations, used by `classify --model`."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("onnxruntime")

from dotterel.errors import GoldFormatError
from dotterel.events.training import read_gold, train

# Our own toy annotations: "backed" is used for material aid here, which the lexicon alone
# reads as political SUPPORT; the trained model has to learn that.
_AID = [
    "<s>Kenya</s> backed <t>Mali</t> with {} tonnes of grain.",
    "<s>Peru</s> backed <t>Chile</t> with {} million dollars in loans.",
    "<s>France</s> backed <t>Niger</t> with {} armoured vehicles.",
]
_ASSAULT = [
    "<s>Rebels</s> shelled <t>the village</t> for {} hours.",
    "<s>Troops</s> attacked <t>the camp</t> with {} drones.",
    "<s>Gunmen</s> shot <t>{} villagers</t> near the market.",
]


def _write_tsv(path):
    lines = ["\tsentence_id\tmarked_sentence\tgold_root"]
    n = 0
    for number in range(2, 8):
        for template, label in [(t, "AID") for t in _AID] + [(t, "ASSAULT") for t in _ASSAULT]:
            n += 1
            lines.append(f"{n}\t{n}\t{template.format(number)}\t{label}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_train_writes_a_model_that_classify_uses(tmp_path, nlp):
    from dotterel.events import EventCoder

    gold = tmp_path / "gold.tsv"
    _write_tsv(gold)
    report = train(gold, tmp_path / "model", finetune=False)  # the numpy-only model; test_finetune covers the rest
    assert report.examples == 36 and set(report.classes) == {"AID", "ASSAULT"}
    assert report.train_accuracy == 1.0
    coder = EventCoder(model_dir=tmp_path / "model", nlp=nlp)
    result = coder.classify("<s>Ghana</s> backed <t>Togo</t> with 9 tonnes of rice.")
    assert result.plover_type == "AID" and result.via == "model"


def test_plover_jsonl_is_read_and_old_names_are_mapped(tmp_path):
    gold = tmp_path / "gold.jsonl"
    rows = [
        {"text": "Peru gave in to Chile.", "source": "Peru", "target": "Chile", "event_type": "YIELD"},
        {"text": "<s>Peru</s> slammed <t>Chile</t>.", "event_type": "DISAPPROVE"},
    ]
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert read_gold(gold) == [
        ("<s>Peru</s> gave in to <t>Chile</t>.", "CONCEDE"),
        ("<s>Peru</s> slammed <t>Chile</t>.", "ACCUSE"),
    ]


def test_unknown_label_names_the_line(tmp_path):
    gold = tmp_path / "gold.tsv"
    gold.write_text("marked_sentence\tgold_root\n<s>A</s> hit <t>B</t>\tSMASH\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match="gold.tsv:2"):
        read_gold(gold)


def test_trained_model_retypes_pipeline_events(tmp_path, nlp, analyse):
    from dotterel.events import EventCoder

    gold = tmp_path / "gold.tsv"
    _write_tsv(gold)
    train(gold, tmp_path / "model", finetune=False)
    text = "Kenya backed Mali with 9 tonnes of grain."
    plain = EventCoder(nlp=nlp)(analyse(text)).events
    trained = EventCoder(model_dir=tmp_path / "model", nlp=nlp)(analyse(text)).events
    assert [e.plover_type for e in plain] == ["SUPPORT"]
    assert [e.plover_type for e in trained] == ["AID"]


def test_cross_validation_folds_are_stratified_and_fixed():
    from collections import Counter

    from dotterel.events.training import stratified_folds

    labels = ["AID"] * 10 + ["ASSAULT"] * 23 + ["PROTEST"] * 7
    folds = stratified_folds(labels, 5)
    assert folds == stratified_folds(labels, 5)  # the same split every run
    for label in set(labels):
        per_fold = Counter(f for f, l in zip(folds, labels) if l == label)
        assert max(per_fold.values()) - min(per_fold.get(k, 0) for k in range(5)) <= 1
    # Sizes of whole folds stay within one of each other too.
    sizes = Counter(folds)
    assert max(sizes.values()) - min(sizes.values()) <= 1


def test_relation_text_cuts_the_relation_out_of_the_sentence(nlp):
    from dotterel.events.classification import ZeroShot, parse_marked
    from dotterel.events.training import _relation_text
    from dotterel.model import Modality

    text, s, t = parse_marked("After a long night of talks, <s>Peru</s> backed <t>Chile</t> with grain and fuel on Monday, officials said.")
    shot = ZeroShot(text, {}, None, "lexicon", Modality(), nlp(text), s, t)
    assert _relation_text(shot, words_after=4) == "X backed Y with grain and fuel"
