"""Shared fixtures: the gazetteer is built once per session (spaCy comes from tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def gaz():
    from dotterel.where import Gazetteer, geocoder

    if geocoder._GAZ is None:
        geocoder._GAZ = Gazetteer.load()
    return geocoder._GAZ
