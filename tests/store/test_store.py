import datetime as dt
import json

import pytest

from factories import make_analysis
from dotterel.errors import StoreError, UserError
from dotterel.model import Duplicate, Failure
from dotterel.store import export, open_store
from dotterel.store.database import EventFilter
from dotterel.store.export import event_json, event_row_json
from dotterel.store.migrations import LATEST


def test_new_store_is_migrated_to_latest(tmp_path):
    with open_store(tmp_path / "e.duckdb") as store:
        assert store.schema_version() == LATEST
        assert store.counts()["events"] == 0


def test_writing_twice_is_idempotent(tmp_path):
    with open_store(tmp_path / "e.duckdb") as store:
        a = make_analysis("a1", n_events=2)
        assert store.write_analyses([(a, ("h1", b"sig"))], "r1") == 2
        first = store.counts()
        store.write_analyses([(a, ("h1", b"sig"))], "r2")
        store.write_failures([Failure("bad.txt", "ingest", "empty file")] * 2, "r2")
        store.write_failures([Failure("bad.txt", "ingest", "empty file")], "r3")
        assert store.counts()["events"] == first["events"] == 2
        assert store.counts()["articles"] == 1
        assert store.counts()["failures"] == 1


def test_event_filters(tmp_path):
    with open_store(tmp_path / "e.duckdb") as store:
        store.write_analyses([(make_analysis("a1"), ("h", b""))], "r")
        assert len(store.events(EventFilter(source="rur"))) == 1
        assert store.events(EventFilter(source="FRE")) == []
        assert len(store.events(EventFilter(target="FRE", plover_type="accuse"))) == 1
        assert store.events(EventFilter(since=dt.date(2024, 3, 6))) == []
        assert len(store.events(EventFilter(until=dt.date(2024, 3, 5)))) == 1


def test_json_contract_same_from_store_and_from_event(tmp_path):
    a = make_analysis("a1")
    with open_store(tmp_path / "e.duckdb") as store:
        store.write_analyses([(a, ("h", b""))], "r")
        from_store = event_row_json(store.events()[0])
    from_event = event_json(a.events[0])
    happening_keys = {"happening_id", "num_mentions", "num_articles", "num_sources", "first_seen"}
    # An event not yet stored belongs to no happening yet: only the store links and counts.
    assert all(from_event[k] is None for k in happening_keys)
    assert {k: v for k, v in from_store.items() if k not in happening_keys} == {
        k: v for k, v in from_event.items() if k not in happening_keys}
    assert {k: from_store[k] for k in happening_keys} == {
        "happening_id": a.events[0].event_id, "num_mentions": 1, "num_articles": 1, "num_sources": 1,
        "first_seen": "2024-03-07"}
    assert set(from_store) == {"event_id", "article_id", "date", "date_precision", "source", "target", "plover",
                               "cameo", "modality", "location", "evidence", "confidence", "casualties",
                               "place_basis", "date_basis"} | happening_keys
    assert from_store["source"][0] == {"text": "Ruritania's president", "country": "RUR", "sector": "GOV",
                                       "name": "Ruritania", "kb_id": "kb:rur"}
    assert from_store["cameo"] == {"code": "112", "root": "11", "goldstein": -2.0, "quad": 3}
    assert from_store["date"] == "2024-03-05"


def test_exports(tmp_path):
    a = make_analysis("a1")
    with open_store(tmp_path / "e.duckdb") as store:
        store.write_analyses([(a, ("h", b""))], "r")
        store.write_duplicates([Duplicate(a.article.__class__(article_id="a1", text="x", origin="copy.txt"),
                                          "a1", "exact")], "r")
        assert export(store, "polecat-jsonl", tmp_path / "e.jsonl") == 1
        rec = json.loads((tmp_path / "e.jsonl").read_text().splitlines()[0])
        assert rec["event_type"] == "ACCUSE" and rec["actors"][0]["country"] == "RUR"
        assert rec["num_articles"] == 2
        assert export(store, "gdelt-csv", tmp_path / "e.csv") == 1
        header, row = (tmp_path / "e.csv").read_text().splitlines()[:2]
        assert header.startswith("GLOBALEVENTID,SQLDATE,Actor1Code")
        assert ",20240305,RURGOV," in row
        assert export(store, "parquet", tmp_path / "e.parquet") == 1
        n = store.query("SELECT count(*) FROM read_parquet(?)", [str(tmp_path / "e.parquet")])[0][0]
        assert n == 1
        with pytest.raises(UserError):
            export(store, "xml", tmp_path / "x")


def test_pairs_view_has_one_row_per_pair(tmp_path):
    a = make_analysis("a1")
    e = a.events[0]
    from dataclasses import replace

    two_sources = replace(a, events=(replace(e, source=e.source * 2),))
    with open_store(tmp_path / "e.duckdb") as store:
        store.write_analyses([(two_sources, ("h", b""))], "r")
        assert store.query("SELECT count(*) FROM event_pairs")[0][0] == 2


def test_read_only_open_of_missing_db_is_a_user_error(tmp_path):
    with pytest.raises(UserError):
        open_store(tmp_path / "missing.duckdb", read_only=True)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "e.duckdb"
    with open_store(path) as store:
        store.con.execute("INSERT INTO schema_version VALUES (?, now())", [LATEST + 1])
    with pytest.raises(StoreError):
        open_store(path)


def _dated(a, article_id, day, quad=3):
    from dataclasses import replace

    e = a.events[0]
    art = replace(a.article, article_id=article_id)
    event = replace(e, event_id=f"{article_id}-e", article_id=article_id, quad=quad,
                    date=replace(e.date, date=day))
    return replace(a, article=art, events=(event,))


def test_dyad_series_bins_events_by_week_and_quad(tmp_path):
    a = make_analysis("a1")
    days = [dt.date(2024, 3, 4), dt.date(2024, 3, 6), dt.date(2024, 3, 13)]
    analyses = [(_dated(a, f"x{i}", d, quad=4 if i == 2 else 3), ("h", b"")) for i, d in enumerate(days)]
    with open_store(tmp_path / "e.duckdb") as store:
        store.write_analyses(analyses[:2] + analyses[:1], "r")  # a second copy in one batch adds nothing
        store.write_analyses(analyses, "r2")  # nor does an article stored before  # stored articles add no dyad rows
        weeks = store.dyad_series("rur", "fre")
        assert [(w["period"], w["events"], w["verbal_conflict"], w["material_conflict"]) for w in weeks] == [
            (dt.date(2024, 3, 4), 2, 2, 0), (dt.date(2024, 3, 11), 1, 0, 1)]
        assert store.dyad_series("FRE", "RUR") == []
        assert len(store.dyad_series("FRE", "RUR", both_ways=True)) == 2
        assert store.dyad_series("RUR", "FRE", every="month")[0]["events"] == 3
        assert store.dyad_series("RUR", "FRE", since=dt.date(2024, 3, 10))[0]["events"] == 1
        assert store.dyad_series("RUR", "FRE", min_confidence=0.9) == []
        with pytest.raises(UserError):
            store.dyad_series("RUR", "FRE", every="fortnight")


def test_migration_fills_dyads_from_events_stored_before(tmp_path):
    path = tmp_path / "e.duckdb"
    with open_store(path) as store:
        store.write_analyses([(make_analysis("a1"), ("h", b""))], "r")
        # Take the store back to schema 1, as a database written by an older dotterel.
        _back_to_schema_2(store)
        store.con.execute("DROP TABLE dyads")
        store.con.execute("DELETE FROM schema_version WHERE version > 1")
    with open_store(path) as store:
        assert store.schema_version() == LATEST
        assert store.dyad_series("RUR", "FRE")[0]["events"] == 1


def _back_to_schema_2(store):
    """Undo migration 3, as in a database written before happenings and casualties."""
    for col in ["happening_id"] + [f"{k}_{e}" for k in ("killed", "wounded", "arrested") for e in ("low", "high")]:
        store.con.execute(f"ALTER TABLE events DROP COLUMN {col}")
    store.con.execute("ALTER TABLE dyads DROP COLUMN happening_id")
    store.con.execute("ALTER TABLE articles DROP COLUMN outlet")
    store.con.execute("DROP TABLE happenings")
    store.con.execute("DELETE FROM schema_version WHERE version > 2")


def test_migration_links_events_stored_before_happenings(tmp_path):
    path = tmp_path / "e.duckdb"
    with open_store(path) as store:
        store.write_analyses([(_dated(make_analysis("a1"), f"x{i}", dt.date(2024, 3, 5)), ("h", b""))
                              for i in range(3)], "r")
        _back_to_schema_2(store)
    with open_store(path) as store:
        assert store.schema_version() == LATEST
        rows = store.events()
        assert len({r["happening_id"] for r in rows}) == 1
        assert [r["num_articles"] for r in rows] == [3, 3, 3]
        assert rows[0]["num_sources"] == 1  # one outlet, "Fixture Wire"


def test_place_and_date_basis_in_the_contract_and_migrated(tmp_path):
    """place_basis (clause | article | dateline) and date_basis (sentence | article | published |
    dateline) are in the JSON; a store of schema 3 gains place_basis from location_basis."""
    import dataclasses

    from dotterel.model import EventDate, Place

    a = make_analysis("a1")
    event = dataclasses.replace(a.events[0], location=Place("Klow", country="RUR", basis="article"),
                                date=EventDate(dt.date(2024, 3, 4), "day", "article", None))
    rec = event_json(event)
    assert (rec["place_basis"], rec["date_basis"]) == ("article", "article")
    path = tmp_path / "e.duckdb"
    with open_store(path) as store:
        store.write_analyses([(dataclasses.replace(a, events=(event,)), ("h", b""))], "r")
        assert event_row_json(store.events()[0])["place_basis"] == "article"
        store.con.execute("ALTER TABLE events DROP COLUMN place_basis")
        store.con.execute("DELETE FROM schema_version WHERE version > 3")
    with open_store(path) as store:
        assert store.schema_version() == LATEST
        assert store.events()[0]["place_basis"] == "article"
