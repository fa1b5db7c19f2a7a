"""Hand-judging sheets drawn from a real DuckDB file and counted back."""

from __future__ import annotations

import csv

import pytest

from dotterel.errors import UserError
from dotterel.evaluate.judging import count_sheet, write_sheet


@pytest.fixture(scope="module")
def coded_db(tmp_path_factory, pipeline):
    from dotterel.store import open_store

    folder = tmp_path_factory.mktemp("judge")
    (folder / "a.txt").write_text(
        "Kenya condemned Uganda over the border raid on Monday.\n\n"
        "Police in Nairobi arrested twelve opposition supporters.\n\n"
        "Ethiopia's prime minister met Somalia's president in Addis Ababa.\n",
        encoding="utf-8",
    )
    db = folder / "e.duckdb"
    with open_store(db) as store:
        pipeline.run([folder / "a.txt"], store)
    return db


def test_the_same_seed_draws_the_same_sample(coded_db, tmp_path):
    from dotterel.store import open_store

    with open_store(coded_db, read_only=True) as store:
        first, second = store.sample_events(2, 5), store.sample_events(2, 5)
        everything = store.sample_events(100, 5)
    assert [r["event_id"] for r in first] == [r["event_id"] for r in second]
    assert len(first) == 2 and len(everything) >= 2
    n = write_sheet(first, tmp_path / "sheet.csv")
    rows = list(csv.DictReader((tmp_path / "sheet.csv").open(encoding="utf-8")))
    assert n == 2 and rows[0]["verdict"] == "" and rows[0]["evidence"]


def test_a_filled_sheet_counts_verdicts_by_confidence(tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_text("n,confidence,verdict\n1,0.9,RIGHT\n2,0.1,wrong\n3,0.5,PARTLY\n4,0.5,\n", encoding="utf-8")
    r = count_sheet(sheet)
    assert (r["right"], r["partly"], r["wrong"], r["unjudged"]) == (1, 1, 1, 1)
    assert r["by_confidence"][">=0.6"]["right"] == 1 and r["right_share"] == round(1 / 3, 3)


def test_a_bad_verdict_names_its_line(tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_text("n,confidence,verdict\n1,0.9,MAYBE\n", encoding="utf-8")
    with pytest.raises(UserError, match="line 2"):
        count_sheet(sheet)
