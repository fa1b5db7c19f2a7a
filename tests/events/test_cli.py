"""The `classify` and `train` commands, run in-process."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from dotterel.cli.events_cli import register


def _app():
    app = typer.Typer()
    register(app)
    return app


def test_classify_prints_the_type_as_json():
    result = CliRunner().invoke(_app(), ["classify", "<s>Chile</s> condemned <t>Peru</t>.", "--format", "json"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout.splitlines()[0])
    assert row["plover_type"] == "ACCUSE" and row["quad"] == 3


def test_classify_without_markup_exits_1_with_a_message():
    result = CliRunner().invoke(_app(), ["classify", "Chile condemned Peru."])
    assert result.exit_code == 1
    assert "<s>" in result.output


def test_train_on_a_missing_file_exits_1(tmp_path):
    result = CliRunner().invoke(_app(), ["train", str(tmp_path / "nope.tsv"), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert "no such gold file" in result.output
