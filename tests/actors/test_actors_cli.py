"""The `actors` commands, run in-process."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from dotterel.cli.actors import register

runner = CliRunner()


def app() -> typer.Typer:
    a = typer.Typer()
    register(a)

    @a.callback()
    def main() -> None:  # a callback keeps `actors` a sub-command
        pass

    return a


def test_resolve_json_respects_date():
    out = runner.invoke(app(), ["actors", "resolve", "The U.S. president spoke.", "--date", "2010-05-01",
                                "--format", "json"])
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert rows[0]["name"] == "Barack Obama" and rows[0]["cameo"] == "USAGOV"


def test_resolve_rejects_bad_date():
    out = runner.invoke(app(), ["actors", "resolve", "NATO", "--date", "yesterday"])
    assert out.exit_code == 1
    assert "YYYY-MM-DD" in out.output


def test_search_shows_roles():
    out = runner.invoke(app(), ["actors", "search", "Cavusoglu", "--format", "json"])
    assert out.exit_code == 0, out.output
    row = json.loads(out.stdout.splitlines()[0])
    assert row["country"] == "TUR"
    assert any("foreign minister TUR 2014-08-29" in r for r in row["roles"])


def test_user_kb_file_is_used(tmp_path):
    kb = tmp_path / "mine.csv"
    kb.write_text("kb_id,name,aliases,country,sector,cameo\nX-GREENBRIGADE,Green Brigade,Greens Brigade,PER,REB,\n")
    out = runner.invoke(app(), ["actors", "resolve", "The Green Brigade attacked.", "--kb", str(kb),
                                "--format", "csv"])
    assert out.exit_code == 0, out.output
    assert "PERREB" in out.stdout


def test_import_petrarch_then_resolve(tmp_path):
    from pathlib import Path

    fixture = Path(__file__).parent / "fixtures" / "petr_actors.txt"
    out = runner.invoke(app(), ["actors", "import-petrarch", str(fixture), str(tmp_path), "--format", "json"])
    assert out.exit_code == 0, out.output
    out = runner.invoke(app(), ["actors", "resolve", "Firefly spoke.", "--date", "1933-05-05",
                                "--kb", str(tmp_path / "roles.csv"), "--format", "json"])
    assert json.loads(out.stdout.splitlines()[0])["cameo"] == "FRDGOV"
