"""The CLI's one error path (issue 17): every user error is one line on stderr and exit 1,
argument parsing included, whichever click copy typer uses; --debug shows the traceback."""

import json
import math
import shutil
from pathlib import Path

import pytest

from dotterel.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def run_cli(capsys, *argv):
    with pytest.raises(SystemExit) as exc:
        main(list(argv))
    out, err = capsys.readouterr()
    return exc.value.code, out, err


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "events.duckdb"
    with pytest.raises(SystemExit) as exc:
        main(["code", str(SAMPLES), "--db", str(path), "--quiet"])
    assert exc.value.code == 0
    return path


@pytest.mark.parametrize(
    "argv, message",
    [
        (["events", "--format", "bogus"], "'bogus' is not one of"),
        (["bogus-command"], "No such command"),
        (["export"], "Missing argument"),
        (["events", "--nope"], "No such option"),
        (["dyad", "USA"], "Missing argument"),
        (["events", "--limit", "many"], "--limit"),
    ],
)
def test_argument_errors_are_one_line_and_exit_1(argv, message, capsys):
    code, _, err = run_cli(capsys, *argv)
    assert code == 1
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_debug_shows_the_traceback(capsys):
    code, _, err = run_cli(capsys, "--debug", "events", "--format", "bogus")
    assert code == 1 and "Traceback" in err and err.strip().splitlines()[-1].startswith("dotterel: error:")


@pytest.mark.parametrize(
    "argv, message",
    [
        (["code", "IN", "--threshold", "5"], "--threshold must be a number from 0 to 1"),
        (["code", "IN", "--threshold", "nan"], "--threshold must be a number from 0 to 1"),
        (["code", "IN", "--workers", "0"], "--workers must be 1 or more"),
        (["dyad", "USA", "TUR", "--min-confidence", "nan"], "--min-confidence must be a number from 0 to 1"),
        (["dyad", "USA", "TUR", "--min-confidence", "-1"], "--min-confidence must be a number from 0 to 1"),
        (["events", "--since", "2020-02-01", "--until", "2020-01-01"], "is after --until"),
        (["dyad", "USA", "TUR", "--since", "2020-02-01", "--until", "2020-01-01"], "is after --until"),
        (["events", "--since", "0001-01-01"], "outside 1800-2199"),
        (["events", "--until", "9999-12-31"], "outside 1800-2199"),
        (["events", "--limit", "0"], "--limit must be 1 or more"),
        (["code", "IN", "--field", "textbody"], "--field takes NAME=FIELD"),
        (["code", "IN", "--field", "tex=body"], "unknown field name"),
    ],
)
def test_impossible_option_values_are_user_errors(argv, message, capsys, db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(db, tmp_path / "events.duckdb")
    argv = [str(SAMPLES) if a == "IN" else a for a in argv]
    code, _, err = run_cli(capsys, *argv)
    assert code == 1, err
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_export_refuses_to_overwrite_the_database(db, tmp_path, capsys):
    copy = tmp_path / "events.duckdb"
    shutil.copy(db, copy)
    size = copy.stat().st_size
    for force in ([], ["--force"]):
        code, _, err = run_cli(capsys, "export", str(copy), "--db", str(copy), "--to", "gdelt-csv", *force)
        assert code == 1 and "is the database itself" in err
    # The same file under another name (a symlink) is the database too.
    link = tmp_path / "link.csv"
    link.symlink_to(copy)
    code, _, err = run_cli(capsys, "export", str(link), "--db", str(copy), "--force")
    assert code == 1 and "is the database itself" in err
    assert copy.stat().st_size == size


def test_export_keeps_an_existing_file_unless_forced(db, tmp_path, capsys):
    out = tmp_path / "events.jsonl"
    out.write_text("precious\n")
    code, _, err = run_cli(capsys, "export", str(out), "--db", str(db))
    assert code == 1 and "--force" in err and out.read_text() == "precious\n"
    code, _, _ = run_cli(capsys, "export", str(out), "--db", str(db), "--force")
    assert code == 0 and json.loads(out.read_text().splitlines()[0])["event_id"]
    assert not list(tmp_path.glob(".*.part"))  # the temporary file is gone


def test_code_takes_field_like_read(tmp_path, capsys):
    data = tmp_path / "in.tsv"
    data.write_text("ident\tbody\n1\tKenyan President William Ruto met Ethiopian Prime Minister Abiy Ahmed "
                    "in Nairobi on Tuesday.\n")
    db = tmp_path / "e.duckdb"
    code, _, err = run_cli(capsys, "code", str(data), "--field", "text=body", "--db", str(db), "--quiet")
    assert code == 0, err
    assert "coded 1" in err


def test_a_full_disk_is_one_line_with_the_cause(tmp_path, capsys, monkeypatch):
    import duckdb

    from dotterel.store.database import Store

    def full(self, table, rows, or_ignore=True):
        raise duckdb.IOException("Could not write file: No space left on device")

    monkeypatch.setattr(Store, "_insert", full)
    db = tmp_path / "e.duckdb"
    code, _, err = run_cli(capsys, "code", str(SAMPLES), "--db", str(db), "--quiet")
    assert code == 1, err
    assert "disk is full" in err and "Traceback" not in err and "rollback" not in err.lower()
    assert len(err.strip().splitlines()) == 1


def test_control_characters_are_never_printed_raw(tmp_path, capsys):
    data = tmp_path / "in.jsonl"
    data.write_text(json.dumps({
        "title": "Clear \u001b[2J\u001b[Hscreen \u009b31m red",
        "source": "Wire\u0007\u202e",
        "text": "Kenyan President William Ruto met Ethiopian Prime Minister Abiy Ahmed in Nairobi on Tuesday.",
    }) + "\n")
    for fmt in ("table", "csv", "json"):
        code, out, _ = run_cli(capsys, "read", str(data), "--format", fmt)
        assert code == 0
        assert not any(ord(c) < 32 and c not in "\n\t" or 0x7f <= ord(c) <= 0x9f for c in out), repr(out)
        assert "Clear screen red" in out or "Clear screen  red" in out
    db = tmp_path / "e.duckdb"
    run_cli(capsys, "code", str(data), "--db", str(db), "--quiet")
    from dotterel.store import open_store

    with open_store(db, read_only=True) as store:
        title, source = store.query("SELECT title, source FROM articles")[0]
    assert title == "Clear screen red" and source == "Wire"


def test_nan_never_slips_through_fraction_checks():
    from dotterel.cli.common import check_fraction
    from dotterel.errors import UserError

    for bad in (math.nan, math.inf, -0.1, 1.5):
        with pytest.raises(UserError):
            check_fraction(bad, "--x")
    check_fraction(0.0, "--x")
    check_fraction(1.0, "--x")


def test_odd_file_names_code_with_the_progress_bar_on(tmp_path, capsys):
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    story = "Kenyan President William Ruto met Ethiopian Prime Minister Abiy Ahmed in Nairobi on Tuesday."
    (folder / "[bold]wé ird[red] ñ (1).txt").write_text(story)
    with open(os.path.join(os.fsencode(folder), b"bad\xffname.txt"), "w") as fh:
        fh.write(story.replace("Tuesday", "Friday"))
    db = tmp_path / "e.duckdb"
    code, _, err = run_cli(capsys, "code", str(folder), "--db", str(db))
    assert code == 2 and "Traceback" not in err  # 2: the undecodable name is a failure row
    from dotterel.store import open_store

    with open_store(db, read_only=True) as store:
        assert store.counts()["articles"] == 1
        (origin, reason), = store.query("SELECT origin, reason FROM failures")
    assert "\\xff" in origin and "not valid UTF-8" in reason


def test_tables_never_cut_a_long_cell(capsys):
    from dotterel.cli.common import render

    long = "word " * 60 + "THE-END"
    out = render([{"a": long, "b": "x"}], "table")
    assert "THE-END" in out and "…" not in out
    assert out.splitlines()[0].split() == ["a", "b"]
