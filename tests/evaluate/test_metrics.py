"""Metrics on cases small enough to compute by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from evaluate_helpers import place
from dotterel.evaluate.gold import GoldPlace
from dotterel.evaluate.metrics import classification, date_scores, haversine_km, place_scores, prf


def test_prf_counts():
    assert prf(3, 1, 2) == {"precision": 0.75, "recall": 0.6, "f1": 0.6667}
    assert prf(0, 0, 0) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_classification_by_hand():
    pairs = [("A", "A"), ("A", "B"), ("B", "B"), ("B", None), (None, "A"), ("C", "C")]
    r = classification(pairs, labels=["C", "B", "A"])
    assert r["n"] == 6
    assert r["accuracy"] == 0.5
    assert r["per_class"]["A"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    assert r["per_class"]["B"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    assert r["per_class"]["C"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
    assert list(r["per_class"]) == ["C", "B", "A"]  # the order asked for
    assert (r["micro_precision"], r["micro_recall"], r["micro_f1"]) == (0.6, 0.6, 0.6)
    assert r["macro_f1"] == pytest.approx(0.6667)
    assert r["confusion"]["labels"] == ["C", "B", "A", "NONE"]
    assert r["confusion"]["matrix"] == [[1, 0, 0, 0], [0, 1, 0, 1], [0, 1, 1, 0], [0, 0, 1, 0]]


def test_confusion_rows_are_gold_columns_predicted():
    r = classification([("A", "B"), ("A", "A"), ("B", None)])
    labels, m = r["confusion"]["labels"], r["confusion"]["matrix"]
    assert labels == ["A", "B", "NONE"]
    assert m[labels.index("A")][labels.index("B")] == 1
    assert m[labels.index("B")][labels.index("NONE")] == 1
    assert m[labels.index("NONE")] == [0, 0, 0]


def test_macro_ignores_classes_only_predicted():
    r = classification([("A", "A"), ("A", "Z")])
    assert r["macro_f1"] == r["per_class"]["A"]["f1"] == pytest.approx(0.6667)
    assert r["per_class"]["Z"]["support"] == 0


def test_haversine_one_degree_at_equator():
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.19, abs=0.05)


def test_place_scores_by_hand():
    pairs = [
        (GoldPlace("Aa", geonameid=1, country="AAA", lat=0.0, lon=0.0), place("Aa", 1, "AAA", 0.0, 0.0)),
        (GoldPlace("Bb", geonameid=2, country="BBB", lat=0.0, lon=0.0), place("Bc", 3, "BBB", 1.0, 0.0)),
        (GoldPlace("Cc", geonameid=4, lat=0.0, lon=0.0), None),
        (None, place("Dd", 5)),
    ]
    r = place_scores(pairs)
    assert r["n"] == 3
    assert r["exact"] == pytest.approx(1 / 3, abs=1e-4)
    assert r["country"] == 1.0
    assert r["within_161km"] == pytest.approx(2 / 3, abs=1e-4)
    assert r["coverage"] == pytest.approx(2 / 3, abs=1e-4)
    assert r["precision"] == pytest.approx(1 / 3, abs=1e-4)  # one wrong, one spurious
    assert r["recall"] == pytest.approx(1 / 3, abs=1e-4)


def test_place_without_gold_id_matches_by_name():
    r = place_scores([(GoldPlace("The Hague"), place("the hague"))])
    assert r["exact"] == 1.0


def test_toponym_exact_counts_only_gold_with_an_id():
    pairs = [
        (GoldPlace("Main Street", country="AAA", lat=0.0, lon=0.0), place("Main Street", None, "AAA", 0.0, 0.0)),
        (GoldPlace("Aa", geonameid=1, country="AAA", lat=0.0, lon=0.0), place("Ab", 2, "AAA", 0.5, 0.0)),
    ]
    r = place_scores(pairs, ids_only=True)
    assert (r["n"], r["n_ids"], r["exact"]) == (1, 1, 0.0)
    assert r["country"] == 1.0 and r["within_161km"] == 1.0  # both gold places have a country and a point
    assert place_scores(pairs)["exact"] == 0.5  # by name, the street would count


def test_date_scores():
    d = dt.date(2026, 3, 1)
    r = date_scores([(d, d), (d, d + dt.timedelta(days=3)), (d, None), (None, d)])
    assert r == {"n": 3, "exact": pytest.approx(1 / 3, abs=1e-4), "within_7_days": pytest.approx(2 / 3, abs=1e-4)}


def test_same_geonames_id_is_zero_km_whatever_the_centroids():
    gold = GoldPlace("Russia", geonameid=2017370, lat=60.0, lon=100.0)
    r = place_scores([(gold, place("Russia", 2017370, "RUS", 53.7, 55.6))])
    assert r["within_161km"] == 1.0 and r["median_error_km"] == 0.0


def test_date_scores_compare_to_the_gold_precision():
    gold = dt.date(2019, 3, 1)
    r = date_scores([(gold, dt.date(2019, 3, 20), "month"), (gold, dt.date(2019, 11, 2), "year"),
                     (gold, dt.date(2019, 3, 20), "day"), (gold, dt.date(2019, 3, 2), None)])
    assert r["exact"] == 0.5
