"""Parallel engines code exactly what the single-process run codes."""

from pathlib import Path

import pytest

from dotterel.config import Config
from dotterel.runner import run
from dotterel.store import open_store

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def coded(store):
    events = store.query("SELECT event_id, plover_type, cameo_code FROM events ORDER BY event_id")
    articles = store.query("SELECT article_id FROM articles ORDER BY article_id")
    return events, articles


@pytest.fixture(scope="module")
def single(pipeline, tmp_path_factory):
    with open_store(tmp_path_factory.mktemp("one") / "e.duckdb") as store:
        summary = run(pipeline, [SAMPLES], store)
        assert summary.balanced and summary.failed == 0
        return coded(store)


def test_two_spawned_workers_match_one(single, tmp_path):
    with open_store(tmp_path / "e.duckdb") as store:
        summary = run(None, [SAMPLES], store, config=Config(), workers=2)
        assert summary.balanced
        assert coded(store) == single


def test_two_forked_workers_sharing_the_pipeline_match_one(single, pipeline, tmp_path):
    with open_store(tmp_path / "e.duckdb") as store:
        summary = run(pipeline, [SAMPLES], store, workers=2)
        assert summary.balanced
        assert coded(store) == single


def test_ray_engine_matches_local(single, tmp_path):
    pytest.importorskip("ray", reason="the ray extra is not installed")
    with open_store(tmp_path / "e.duckdb") as store:
        summary = run(None, [SAMPLES], store, config=Config(), workers=1, engine="ray")
        assert summary.balanced
        assert coded(store) == single
