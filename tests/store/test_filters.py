"""EventFilter on a real DuckDB file: every filter field, on events, dyads and Parquet."""

import datetime as dt
from dataclasses import replace

import pytest

from factories import make_analysis
from dotterel.errors import UserError
from dotterel.model import Actor, Modality, Participant, Place
from dotterel.store import open_store
from dotterel.store.filters import EventFilter, parse_near

ALEPPO = Place("Aleppo", 170063, "SYR", "09", 36.2, 37.16, "city", "text")
DAMASCUS = Place("Damascus", 170654, "SYR", "13", 33.51, 36.29, "city", "text")
FIJI = Place("Suva", 2198148, "FJI", None, -18.14, 178.44, "city", "text")  # near the antimeridian
TUR = Participant("Turkey", 0, 6, Actor("Türkiye", "TUR", None, "kb:tur", "TUR", "state"))


def _article(article_id, day, place, conf=0.8, modality=Modality(), plover="ACCUSE", source=None):
    a = make_analysis(article_id)
    e = a.events[0]
    e = replace(e, event_id=f"{article_id}-e", article_id=article_id, location=place, confidence=conf,
                modality=modality, plover_type=plover, date=replace(e.date, date=day),
                source=(source,) if source else e.source)
    return (replace(a, article=replace(a.article, article_id=article_id), events=(e,)), ("h", b""))


@pytest.fixture()
def store(tmp_path):
    rows = [
        _article("aleppo", dt.date(2024, 3, 5), ALEPPO),
        _article("damascus", dt.date(2024, 3, 6), DAMASCUS, conf=0.4),
        _article("fiji", dt.date(2024, 3, 7), FIJI, modality=Modality(negated=True), plover="COERCE"),
        _article("past", dt.date(2023, 1, 1), ALEPPO, modality=Modality(historical=True), source=TUR),
    ]
    with open_store(tmp_path / "f.duckdb") as s:
        s.write_analyses(rows, "r")
        yield s


def _ids(rows):
    return sorted(r["article_id"] for r in rows)


def test_near_keeps_events_within_the_radius(store):
    assert _ids(store.events(EventFilter(near=(36.2, 37.1, 50)))) == ["aleppo", "past"]
    # Aleppo-Damascus is about 310 km.
    assert _ids(store.events(EventFilter(near=(36.2, 37.1, 350)))) == ["aleppo", "damascus", "past"]
    # A radius across the antimeridian still finds Suva from the other side.
    assert _ids(store.events(EventFilter(near=(-18.0, -179.9, 200)))) == ["fiji"]


def test_country_matches_either_side_or_the_place(store):
    assert _ids(store.events(EventFilter(country="tur"))) == ["past"]
    assert _ids(store.events(EventFilter(country="FJI"))) == ["fiji"]
    assert len(store.events(EventFilter(country="FRE"))) == 4  # every target


def test_confidence_modality_article_type_and_dates(store):
    assert "damascus" not in _ids(store.events(EventFilter(min_confidence=0.5)))
    assert _ids(store.events(EventFilter(modality="negated"))) == ["fiji"]
    assert _ids(store.events(EventFilter(modality="factual"))) == ["aleppo", "damascus", "past"]
    assert _ids(store.events(EventFilter(article_id="fiji"))) == ["fiji"]
    assert _ids(store.events(EventFilter(plover_type="coerce,accuse", since=dt.date(2024, 3, 6)))) == [
        "damascus", "fiji"]


def test_historical_is_kept_in_listings_and_dropped_from_series(store):
    assert "past" in _ids(store.events())
    assert "past" not in _ids(store.events(EventFilter(include_historical=False)))
    assert _ids(store.events(EventFilter(modality="historical"))) == ["past"]
    assert store.dyad_series("TUR", "FRE", every="year") == []
    years = store.dyad_series("TUR", "FRE", every="year", flt=EventFilter(include_historical=True))
    assert [r["period"].year for r in years] == [2023]


def test_dyad_series_takes_the_filter(store):
    weeks = store.dyad_series("RUR", "FRE", every="year", flt=EventFilter(near=(36.2, 37.1, 50)))
    assert weeks[0]["events"] == 1
    weeks = store.dyad_series("RUR", "FRE", every="year", flt=EventFilter(country="FJI"))
    assert weeks[0]["events"] == 1


def test_parquet_export_takes_the_filter(store, tmp_path):
    assert store.write_parquet(tmp_path / "e.parquet", EventFilter(country="SYR")) == 3


@pytest.mark.parametrize("kwargs", [
    {"plover_type": "FIGHTING"}, {"modality": "maybe"}, {"min_confidence": 2.0},
    {"since": dt.date(2024, 2, 1), "until": dt.date(2024, 1, 1)}, {"limit": 0},
])
def test_bad_filters_are_user_errors(kwargs):
    with pytest.raises(UserError):
        EventFilter(**kwargs)


@pytest.mark.parametrize("value", ["1,2", "a,b,c", "95,0,10", "10,10,-1"])
def test_bad_near_is_a_user_error(value):
    with pytest.raises(UserError):
        parse_near(value)
