"""The eval, bench and report commands as a user runs them."""

from __future__ import annotations

import json
import sys

import pytest
import typer
from typer.testing import CliRunner

from dotterel.cli.evaluate import register
from dotterel.evaluate import benchmark
from dotterel.evaluate.report import MARK_END, MARK_START
from evaluate_helpers import ScriptedPredictor, event

runner = CliRunner()


@pytest.fixture
def app(monkeypatch):
    answers = {"Ruritania's army shelled two Bordurian villages on Monday.": [event("ASSAULT", 4, ["RUR"], ["BOR"])]}
    monkeypatch.setattr(
        "dotterel.evaluate.predict.SystemPredictor", lambda **kw: ScriptedPredictor(code=answers)
    )
    app = typer.Typer()
    register(app)
    return app


def test_eval_json_is_the_contract(app, fixtures, tmp_path):
    out = tmp_path / "r.json"
    res = runner.invoke(app, ["eval", str(fixtures / "plover_small.json"), "--format", "json", "--output", str(out)])
    assert res.exit_code == 0, res.output
    result = json.loads(res.stdout)
    assert result["dataset"] == "plover_small" and result["slots"]["type"]["per_class"]["ASSAULT"]["recall"] == 1.0
    assert json.loads(out.read_text()) == result


@pytest.mark.parametrize("fmt, marker", [("table", "slot"), ("markdown", "| slot |"), ("csv", "slot,n,")])
def test_eval_human_formats(app, fixtures, fmt, marker):
    res = runner.invoke(app, ["eval", str(fixtures / "plover_small.json"), "--format", fmt])
    assert res.exit_code == 0, res.output
    assert marker in res.stdout
    if fmt != "csv":
        assert "confusion" in res.stdout and "ASSAULT" in res.stdout


def test_eval_malformed_gold_exits_1_with_the_line(app, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "A met B.", "event": "CONSULT"}\n{"text": 5}\n')
    res = runner.invoke(app, ["eval", str(bad)])
    assert res.exit_code == 1
    assert "line 2" in res.output and "E004" in res.output


def test_gate_fails_and_lowering_needs_a_flag(app, fixtures, tmp_path):
    gold = fixtures / "plover_small.json"
    base = tmp_path / "baseline.json"
    res = runner.invoke(app, ["eval", str(gold), "--baseline", str(base), "--update-baseline"])
    assert res.exit_code == 0, res.output
    assert runner.invoke(app, ["eval", str(gold), "--baseline", str(base)]).exit_code == 0
    data = json.loads(base.read_text())
    data["minimums"]["end_to_end.f1"] = 0.99
    base.write_text(json.dumps(data))
    res = runner.invoke(app, ["eval", str(gold), "--baseline", str(base)])
    assert res.exit_code == 1 and "end_to_end.f1" in res.output
    res = runner.invoke(app, ["eval", str(gold), "--baseline", str(base), "--update-baseline"])
    assert res.exit_code == 1 and "--allow-lower" in res.output
    res = runner.invoke(app, ["eval", str(gold), "--baseline", str(base), "--update-baseline", "--allow-lower"])
    assert res.exit_code == 0
    assert json.loads(base.read_text())["minimums"]["end_to_end.f1"] < 0.99


def test_bench_and_report(app, fixtures, tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(4):
        (corpus / f"a{i}.txt").write_text(f"Title {i}\nRuritania met Borduria on day {i}.\n")
    monkeypatch.setattr(benchmark, "_CODE_CMD", (sys.executable, str(fixtures / "fake_dotterel.py")))
    results = tmp_path / "results"
    res = runner.invoke(app, ["bench", str(corpus), "--workers", "1,2", "--limit", "3",
                              "--output", str(results / "bench.json")])  # fmt: skip
    assert res.exit_code == 0, res.output
    bench = json.loads((results / "bench.json").read_text())
    assert [r["workers"] for r in bench["runs"]] == [1, 2]
    run = bench["runs"][0]
    assert run["articles"] == 3 and run["events"] == 6 and run["words"] == bench["words"] > 0
    assert run["articles_per_s"] > 0 and run["peak_rss_mb"] > 10
    assert run["stage_seconds"]["nlp"] == 0.05
    assert bench["machine"]["cores"] >= 1 and bench["machine"]["python"]

    res = runner.invoke(app, ["eval", str(fixtures / "plover_small.json"), "--output", str(results / "eval.json")])
    assert res.exit_code == 0
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\nintro\n\n{MARK_START}\nold\n{MARK_END}\n\n## Licence\n")
    res = runner.invoke(app, ["report", "--results", str(results), "--readme", str(readme)])
    assert res.exit_code == 0, res.output
    text = readme.read_text()
    assert "old" not in text and text.startswith("# x") and text.rstrip().endswith("## Licence")
    assert "Accuracy and speed" in text and "plover_small" in text and "words_per_s" in text
    assert "cores" in text and "Python" in text


def test_bench_reports_a_failing_child(app, tmp_path, monkeypatch):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("x\n")
    monkeypatch.setattr(benchmark, "_CODE_CMD", (sys.executable, "-c", "import sys; sys.exit('boom')"))
    res = runner.invoke(app, ["bench", str(corpus), "--workers", "1"])
    assert res.exit_code == 1 and "boom" in res.output


def test_report_without_results(app, tmp_path):
    res = runner.invoke(app, ["report", "--results", str(tmp_path), "--readme", str(tmp_path / "R.md")])
    assert res.exit_code == 1 and "no *.json results" in res.output


def test_eval_lists_errors(app, fixtures):
    res = runner.invoke(app, ["eval", str(fixtures / "plover_small.json"), "--errors", "5", "--format", "json"])
    assert res.exit_code == 0, res.output
    errors = json.loads(res.stdout)["errors"]
    # p1 is coded right; p2 (two events) is missed entirely
    assert [e["line"] for e in errors] == [7]
    assert errors[0]["gold"] == ["REQUEST SYL>BOR", "CONSULT SYL>BOR (future)"] and errors[0]["predicted"] == []
    res = runner.invoke(app, ["eval", str(fixtures / "plover_small.json"), "--errors", "5"])
    assert "line 7: Syldavia demanded" in res.stdout
