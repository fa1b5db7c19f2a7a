"""Helpers for the evaluate tests: a predictor whose answers the tests choose."""

from __future__ import annotations

from pathlib import Path

from dotterel.evaluate.predict import Classified, PredictedEvent
from dotterel.model import Place

FIXTURES = Path(__file__).parent / "fixtures"


class ScriptedPredictor:
    """Answers from dicts keyed by input text; anything unknown gets "no event"/no place."""

    def __init__(self, classify=None, code=None, places=None):
        self.classify_answers = classify or {}
        self.code_answers = code or {}
        self.places = places or {}
        self.published_seen = []

    def classify(self, marked: str) -> Classified:
        return self.classify_answers.get(marked, Classified(None))

    def code(self, texts, published):
        self.published_seen.extend(published)
        return [tuple(self.code_answers.get(t, ())) for t in texts]

    def resolve(self, name, text, start, end):
        return self.places.get(name)


def event(ptype, quad, source=(), target=(), **kw) -> PredictedEvent:
    return PredictedEvent(ptype, quad, tuple(source), tuple(target), **kw)


def place(name, gid=None, country=None, lat=None, lon=None) -> Place:
    return Place(name, geonameid=gid, country=country, lat=lat, lon=lon)
