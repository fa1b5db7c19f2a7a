"""One distance function for the whole project (issue 17): where/distance.py."""

import pytest

from dotterel.where.distance import haversine_km


def test_known_distances():
    assert haversine_km(0, 0, 0, 0) == 0
    assert haversine_km(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(343.5, abs=1.0)  # London-Paris
    assert haversine_km(0, 0, 0, 180) == pytest.approx(20015.1, abs=1.0)  # half the equator


def test_every_caller_uses_the_one_function():
    from dotterel.evaluate import metrics
    from dotterel.where import gazetteer

    assert metrics.haversine_km is haversine_km
    assert gazetteer.distance_km is haversine_km
