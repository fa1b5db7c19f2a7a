from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from dotterel.cli.ingest import register

FIXTURES = Path(__file__).parent.parent / "fixtures" / "inputs"


def app() -> typer.Typer:
    application = typer.Typer()
    register(application)

    @application.command("noop")
    def noop() -> None:  # a second command keeps typer from collapsing the app into `read`
        """Nothing."""

    return application


def test_read_lists_articles_and_failures_as_json():
    result = CliRunner().invoke(
        app(), ["read", str(FIXTURES / "wire.jsonl"), str(FIXTURES / "empty.txt"), "--no-language", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    statuses = [r["status"] for r in rows]
    assert statuses.count("article") == 4 and statuses.count("failed") == 6
    empty = next(r for r in rows if r["origin"].endswith("empty.txt"))
    assert empty["reason"] == "ingest: empty file"


def test_read_with_custom_field_and_duplicates(tmp_path):
    path = tmp_path / "d.jsonl"
    story = "Vesta and Norland agreed on joint patrols of the harbour after talks in Port Selby on Monday."
    path.write_text(json.dumps({"body": story}) + "\n" + json.dumps({"body": story}) + "\n")
    result = CliRunner().invoke(app(), ["read", str(path), "--field", "text=body", "--no-language", "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.count(",article,") == 1 and result.output.count(",duplicate,") == 1


def test_missing_input_is_a_one_line_error(capsys):
    import pytest

    from dotterel.cli import main

    # Errors go through the CLI's one error path, main(), not through each command.
    with pytest.raises(SystemExit) as exc:
        main(["read", "/nonexistent/x.jsonl"])
    err = capsys.readouterr().err
    assert exc.value.code == 1
    assert "no such file" in err and len(err.strip().splitlines()) == 1
