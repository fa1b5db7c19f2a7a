"""The analyst options end to end on a real DuckDB file: filters, panel, top, GeoJSON, CSV ids."""

import csv
import datetime as dt
import io
import json
from dataclasses import replace

import pytest

from factories import make_analysis
from dotterel.cli import main
from dotterel.model import Actor, Casualties, Count, Modality, Participant, Place
from dotterel.store import open_store

ALEPPO = Place("Aleppo", 170063, "SYR", "09", 36.2, 37.16, "city", "text")
DAMASCUS = Place("Damascus", 170654, "SYR", "13", 33.51, 36.29, "city", "text")
TUR = Participant("Turkey", 0, 6, Actor("Türkiye", "TUR", "MIL", "TUR", "TURMIL", "state"))


def _article(article_id, day, place, *, conf=0.8, modality=Modality(), plover="ACCUSE", source=None, killed=None,
             text=None):
    a = make_analysis(article_id)
    e = a.events[0]
    e = replace(e, event_id=f"{article_id}-e", article_id=article_id, location=place, confidence=conf,
                modality=modality, plover_type=plover, quad=4 if plover == "ASSAULT" else 3,
                date=replace(e.date, date=day), source=(source,) if source else e.source,
                evidence=text or f"Sentence {article_id} about something else entirely.",
                casualties=Casualties(killed=killed) if killed else None)
    return replace(a, article=replace(a.article, article_id=article_id), events=(e,)), ("h", b"")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("analyst") / "events.duckdb"
    rows = [
        _article("aleppo1", dt.date(2024, 3, 5), ALEPPO, plover="ASSAULT", source=TUR, killed=Count(4, 4),
                 text="Turkish shelling of Aleppo on Tuesday killed four people."),
        _article("aleppo2", dt.date(2024, 3, 5), ALEPPO, plover="ASSAULT", source=TUR, killed=Count(4, 4),
                 text="Turkish shelling of Aleppo on Tuesday killed four people, medics said."),
        _article("damascus", dt.date(2024, 3, 20), DAMASCUS, conf=0.4),
        _article("denied", dt.date(2024, 4, 2), DAMASCUS, modality=Modality(negated=True)),
        _article("past", dt.date(2023, 1, 1), ALEPPO, modality=Modality(historical=True)),
        _article("nowhere", dt.date(2024, 4, 3), None),
    ]
    with open_store(path) as store:
        store.write_analyses(rows, "r")
    return path


def run(capsys, *argv):
    with pytest.raises(SystemExit) as exc:
        main(list(argv))
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def _json_lines(out):
    return [json.loads(line) for line in out.splitlines()]


def test_events_filters(db, capsys):
    def ids(*args):
        code, out, err = run(capsys, "events", "--db", str(db), "--format", "json", *args)
        assert code == 0, err
        return sorted(r["article_id"] for r in _json_lines(out))

    assert ids("--near", "36.2,37.1,25") == ["aleppo1", "aleppo2", "past"]
    assert ids("--near", "36.2,37.1,25", "--no-historical") == ["aleppo1", "aleppo2"]
    assert ids("--country", "TUR") == ["aleppo1", "aleppo2"]
    assert ids("--min-confidence", "0.5", "--type", "ACCUSE") == ["denied", "nowhere", "past"]
    assert ids("--article", "damascus") == ["damascus"]
    assert ids("--modality", "negated") == ["denied"]
    assert ids("--modality", "historical", "--include-historical") == ["past"]
    assert ids("--type", "assault,coerce", "--since", "2024-01-01") == ["aleppo1", "aleppo2"]


def test_events_json_has_happenings_and_casualties(db, capsys):
    code, out, _ = run(capsys, "events", "--db", str(db), "--format", "json", "--type", "ASSAULT")
    recs = _json_lines(out)
    assert code == 0 and len(recs) == 2
    assert recs[0]["happening_id"] == recs[1]["happening_id"] == "aleppo1-e"
    assert recs[0]["num_articles"] == 2 and recs[0]["num_mentions"] == 2
    assert recs[0]["casualties"] == {"killed": {"low": 4, "high": 4}, "wounded": None, "arrested": None}


def test_events_csv_carries_ids(db, capsys):
    code, out, _ = run(capsys, "events", "--db", str(db), "--format", "csv", "--article", "aleppo2")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 1
    row = rows[0]
    assert (row["event_id"], row["happening_id"], row["article_id"]) == ("aleppo2-e", "aleppo1-e", "aleppo2")
    assert row["source_codes"] == "TURMIL" and row["target_codes"] == "FRE" and row["target_kb_ids"] == "kb:fre"


@pytest.mark.parametrize("argv, message", [
    (["events", "--near", "36,37"], "--near expects"),
    (["events", "--modality", "maybe"], "Unknown modality"),
    (["events", "--type", "FIGHT"], "Unknown PLOVER type"),
    (["events", "--min-confidence", "3"], "from 0 to 1"),
    (["panel", "--by", "planet"], "Cannot make a panel"),
    (["panel", "--every", "fortnight"], "Cannot bin"),
    (["panel", "--format", "parquet"], "needs --out"),
    (["top", "--by", "colour"], "Cannot rank"),
])
def test_bad_options_are_one_line_errors(db, capsys, argv, message):
    code, _, err = run(capsys, *argv, "--db", str(db))
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1


def test_dyad_takes_filters_and_leaves_history_out(db, capsys):
    code, out, _ = run(capsys, "dyad", "RUR", "FRE", "--db", str(db), "--every", "year", "--format", "json")
    assert code == 0 and [r["period"] for r in _json_lines(out)] == ["2024-01-01"]
    code, out, _ = run(capsys, "dyad", "RUR", "FRE", "--db", str(db), "--every", "year", "--format", "json",
                       "--include-historical", "--near", "36.2,37.1,25")
    assert [(r["period"], r["events"]) for r in _json_lines(out)] == [("2023-01-01", 1)]


def test_panel_is_zero_filled_per_unit_and_period(db, capsys, tmp_path):
    code, out, _ = run(capsys, "panel", "--db", str(db), "--by", "country", "--every", "month", "--format", "json")
    rows = _json_lines(out)
    assert code == 0
    # SYR from March to April 2024 (the historical 2023 event is left out), both months present.
    assert [(r["unit"], r["period"]) for r in rows] == [("SYR", "2024-03-01"), ("SYR", "2024-04-01")]
    march = rows[0]
    assert (march["events"], march["happenings"], march["assault"], march["accuse"], march["killed"]) == (3, 2, 2, 1, 8)
    assert march["material_conflict"] == 2 and rows[1]["events"] == 1
    code, out, _ = run(capsys, "panel", "--db", str(db), "--by", "admin1", "--every", "week",
                       "--since", "2024-03-01", "--until", "2024-03-31", "--format", "csv")
    table = list(csv.DictReader(io.StringIO(out)))
    assert {r["unit"] for r in table} == {"SYR.09", "SYR.13"}
    assert len(table) == 2 * 5  # weeks of 26 Feb .. 25 Mar, zero-filled for both units
    out_file = tmp_path / "panel.parquet"
    code, _, err = run(capsys, "panel", "--db", str(db), "--by", "dyad", "--every", "year", "--format", "parquet",
                       "--out", str(out_file))
    assert code == 0 and "wrote" in err
    with open_store(db, read_only=True) as store:
        got = store.query("SELECT unit, events FROM read_parquet(?) ORDER BY unit", [str(out_file)])
    assert got == [("RUR-FRE", 3), ("TUR-FRE", 2)]
    code, out, _ = run(capsys, "panel", "--db", str(db), "--by", "actor", "--every", "year", "--format", "json")
    assert {r["unit"] for r in _json_lines(out)} == {"RURGOV", "FRE", "TURMIL"}


def test_top(db, capsys):
    code, out, _ = run(capsys, "top", "--db", str(db), "--by", "dyad", "--format", "json")
    rows = _json_lines(out)
    assert code == 0 and [(r["dyad"], r["events"], r["happenings"]) for r in rows] == [
        ("RUR-FRE", 3, 3), ("TUR-FRE", 2, 1)]
    for by in ("source", "target", "type", "place"):
        code, out, _ = run(capsys, "top", "--db", str(db), "--by", by, "-n", "1", "--format", "json")
        assert code == 0 and len(_json_lines(out)) == 1
    code, out, _ = run(capsys, "top", "--db", str(db), "--by", "place", "--format", "json", "--include-historical")
    assert _json_lines(out)[0] == {**_json_lines(out)[0], "place": "Aleppo (SYR)", "events": 3}


def test_export_geojson_and_filters(db, capsys, tmp_path):
    out_file = tmp_path / "e.geojson"
    code, _, err = run(capsys, "export", str(out_file), "--db", str(db), "--to", "geojson", "--country", "SYR")
    data = json.loads(out_file.read_text())
    assert code == 0 and data["type"] == "FeatureCollection"
    assert len(data["features"]) == 5  # "nowhere" has no place
    f = next(x for x in data["features"] if x["id"] == "aleppo1-e")
    assert f["geometry"] == {"type": "Point", "coordinates": [37.16, 36.2]}
    assert f["properties"]["num_articles"] == 2 and f["properties"]["plover"]["type"] == "ASSAULT"
    gdelt = tmp_path / "e.csv"
    code, _, _ = run(capsys, "export", str(gdelt), "--db", str(db), "--to", "gdelt-csv", "--type", "ASSAULT")
    rows = list(csv.DictReader(gdelt.open()))
    assert [(r["NumMentions"], r["NumSources"], r["NumArticles"]) for r in rows] == [("2", "1", "2")] * 2
