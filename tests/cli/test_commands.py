"""The CLI end to end on the bundled samples and on bad input: exit codes, reconciliation, idempotence."""

import json
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
def coded_db(tmp_path_factory):
    """The samples coded once into a database shared by the read-only tests below."""
    db = tmp_path_factory.mktemp("db") / "events.duckdb"
    with pytest.raises(SystemExit) as exc:
        main(["code", str(SAMPLES), "--db", str(db), "--quiet"])
    assert exc.value.code == 0
    return db


def test_code_reconciles_and_is_idempotent(coded_db, capsys):
    from dotterel.store import open_store

    with open_store(coded_db, read_only=True) as store:
        before = store.counts()
        run = store.query("SELECT read, coded, stored, duplicates, skipped, failed FROM runs")[0]
    n_files = len(list(SAMPLES.glob("*.txt")))
    read, coded, stored, dups, skipped, failed = run
    assert read == n_files == coded + stored + dups + skipped + failed
    assert dups == 1  # the reprint of the sanctions story
    assert before["events"] > 0
    code, _, err = run_cli(capsys, "code", str(SAMPLES), "--db", str(coded_db), "--quiet")
    assert code == 0
    assert f"already stored {coded}" in err
    with open_store(coded_db, read_only=True) as store:
        after = store.counts()
    assert {k: v for k, v in after.items() if k != "runs"} == {k: v for k, v in before.items() if k != "runs"}


def test_events_json_follows_the_contract(coded_db, capsys):
    code, out, _ = run_cli(capsys, "events", "--db", str(coded_db), "--format", "json")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert records
    for rec in records:
        assert rec["plover"]["type"] and rec["cameo"]["code"][:2] == rec["cameo"]["root"]
        assert 1 <= rec["cameo"]["quad"] <= 4 and -10 <= rec["cameo"]["goldstein"] <= 10
        assert rec["evidence"]["sentence"] and 0 <= rec["confidence"] <= 1
        assert rec["source"] or rec["target"]


def test_events_filters_and_table(coded_db, capsys):
    code, out, _ = run_cli(capsys, "events", "--db", str(coded_db), "--type", "SANCTION", "--format", "json")
    assert code == 0
    sanctions = [json.loads(line) for line in out.splitlines()]
    assert any("RUS" in [t["country"] for t in r["target"]] for r in sanctions)
    code, out, _ = run_cli(capsys, "events", "--db", str(coded_db), "--format", "table")
    assert code == 0 and out.splitlines()[0].split()[:3] == ["date", "source", "type"]


def test_export_formats(coded_db, tmp_path, capsys):
    for fmt, name in (("polecat-jsonl", "e.jsonl"), ("gdelt-csv", "e.csv"), ("parquet", "e.parquet")):
        code, _, _ = run_cli(capsys, "export", "--db", str(coded_db), "--to", fmt, str(tmp_path / name))
        assert code == 0 and (tmp_path / name).stat().st_size > 0


@pytest.mark.parametrize(
    "argv, message",
    [
        (["events", "--db", "/nonexistent/x.duckdb"], "No database"),
        (["events", "--since", "yesterday"], "YYYY-MM-DD"),
        (["code", "/nonexistent/input.txt"], "does not exist"),
        (["export", "out.x", "--to", "xml"], "Unknown export format"),
    ],
)
def test_user_errors_are_one_line_and_exit_1(argv, message, capsys, coded_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(coded_db, tmp_path / "events.duckdb")
    code, out, err = run_cli(capsys, *argv)
    assert code == 1
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_failed_articles_give_exit_2_and_failure_rows(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "2024-03-02_sahel_attack.txt", folder / "good.txt")
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 50)
    db = tmp_path / "e.duckdb"
    code, _, err = run_cli(capsys, "code", str(folder), "--db", str(db), "--quiet")
    assert code == 2
    assert "failed 2" in err
    from dotterel.store import open_store

    with open_store(db, read_only=True) as store:
        origins = sorted(Path(r[0].split(":")[0].split("#")[0]).name for r in store.query("SELECT origin FROM failures"))
        assert origins == ["binary.txt", "empty.txt"]
        assert store.counts()["articles"] == 1


def test_dyad_series_matches_the_pairs_of_stored_events(coded_db, capsys):
    from dotterel.store import open_store

    with open_store(coded_db, read_only=True) as store:
        src, tgt, n = store.query(
            """SELECT source_country, target_country, count(*) AS n FROM event_pairs
               WHERE source_country IS NOT NULL AND target_country IS NOT NULL AND date IS NOT NULL
               GROUP BY ALL ORDER BY n DESC, source_country, target_country LIMIT 1""")[0]
    code, out, _ = run_cli(capsys, "dyad", src, tgt, "--db", str(coded_db), "--every", "year", "--format", "json")
    assert code == 0
    years = [json.loads(line) for line in out.splitlines()]
    assert sum(y["events"] for y in years) == n
    assert all(y["events"] == y["verbal_coop"] + y["material_coop"] + y["verbal_conflict"]
               + y["material_conflict"] for y in years)
    code, _, err = run_cli(capsys, "dyad", src, tgt, "--db", str(coded_db), "--every", "fortnight")
    assert code == 1 and "fortnight" in err
