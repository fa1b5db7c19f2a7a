"""Inter-annotator agreement figures."""

from __future__ import annotations

import json

from dotterel.evaluate.agreement import agreement, agreement_report, cohen_kappa


def ev(kind, src, tgt):
    return {"event": kind, "source": [{"actorText": "s", "code": src}], "target": [{"actorText": "t", "code": tgt}]}


def test_kappa_is_one_for_identical_labels_and_zero_for_chance():
    assert cohen_kappa([True, False, True, False], [True, False, True, False]) == 1.0
    assert cohen_kappa([True, True, False, False], [True, False, True, False]) == 0.0


def test_agreement_counts_types_and_sides():
    a = {"1": [ev("ACCUSE", "KEN", "UGA")], "2": [], "3": [ev("ASSAULT", "SYR", "TUR")]}
    b = {"1": [ev("ACCUSE", "KEN", "TZA")], "2": [ev("CONSULT", "FRA", "DEU")], "3": [ev("ASSAULT", "SYR", "TUR")]}
    r = agreement(a, b)
    assert r["n"] == 3 and r["events_a"] == 2 and r["events_b"] == 3
    assert r["type_f1"] == round(2 * 2 / 5, 4)
    assert r["source_agreement"] == 1.0 and r["target_agreement"] == 0.5
    assert r["full_f1"] == round(2 * 1 / 5, 4)


def test_report_reads_annotator_files(tmp_path):
    for who, events in (("A", [ev("AID", "USA", "UKR")]), ("B", [ev("AID", "USA", "UKR")])):
        (tmp_path / f"annotator-{who}.jsonl").write_text(json.dumps({"sid": "x-000", "events": events}) + "\n")
    report = agreement_report(tmp_path, pairs=(("A", "B"),))
    assert report["A-B"]["full_f1"] == 1.0 and report["pooled"]["n"] == 1
