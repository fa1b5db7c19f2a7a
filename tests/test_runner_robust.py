"""A run survives what issue 17 threw at it: one bad record fails alone, a dead worker or a killed
parent ends cleanly, and no worker outlives its parent."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dotterel.errors import RecordError, RunError
from dotterel.runner import run
from dotterel.store import open_store
from dotterel.store.database import Store

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def test_a_value_the_store_refuses_fails_that_article_alone(pipeline, tmp_path, monkeypatch):
    real = Store.write_analyses

    def picky(self, analyses, run_id):
        analyses = list(analyses)
        if any("sahel" in a.article.origin for a, _ in analyses):
            raise RecordError("a value cannot be stored: UnicodeEncodeError: surrogates not allowed")
        return real(self, analyses, run_id)

    monkeypatch.setattr(Store, "write_analyses", picky)
    with open_store(tmp_path / "e.duckdb") as store:
        summary = run(pipeline, [SAMPLES], store)
        assert summary.balanced
        assert summary.failed == 1 and summary.coded == 3
        stages = store.query("SELECT stage, origin FROM failures")
        assert len(stages) == 1 and stages[0][0] == "store" and "sahel" in stages[0][1]


def test_a_lone_surrogate_in_metadata_is_stored_clean(pipeline, tmp_path):
    data = tmp_path / "in.jsonl"
    story = "Kenyan President William Ruto met Ethiopian Prime Minister Abiy Ahmed in Nairobi on Tuesday."
    lines = [
        '{"title": "bad \\ud800 title", "source": "\\udc80wire", "url": "http://x/\\ud83d", "text": "%s"}' % story,
        json.dumps({"title": "good", "text": story.replace("Tuesday", "Friday and signed a trade deal")}),
    ]
    data.write_text("\n".join(lines) + "\n")
    with open_store(tmp_path / "e.duckdb") as store:
        summary = run(pipeline, [data], store)
        assert summary.coded == 2 and summary.failed == 0
        rows = sorted(store.query("SELECT title, source, url FROM articles"))
    assert rows[0] == ("bad title", "wire", "http://x/")


def test_a_store_write_error_rolls_back_and_names_the_cause(tmp_path):
    import duckdb

    from dotterel.errors import StoreError
    from factories import make_analysis

    with open_store(tmp_path / "e.duckdb") as store:
        real = store._insert

        def fail(table, rows, or_ignore=True):
            if table == "events":
                raise duckdb.IOException("No space left on device")
            return real(table, rows, or_ignore)

        store._insert = fail
        with pytest.raises(StoreError, match="disk is full"):
            store.write_analyses([(make_analysis("a1"), ("h", b""))], "r1")
        store._insert = real
        assert store.counts()["articles"] == 0  # rolled back, and the store is still usable
        assert store.write_analyses([(make_analysis("a2"), ("h", b""))], "r1") == 1


def test_a_dead_worker_is_a_run_error_and_keeps_what_was_written(pipeline, tmp_path, monkeypatch):
    import dotterel.runner as runner

    parent = os.getpid()
    real = runner._analyse_batch

    def dying(pipe, articles):
        if os.getpid() != parent and any("sanctions" in a.origin for a in articles):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(pipe, articles)

    monkeypatch.setattr(runner, "_analyse_batch", dying)
    with open_store(tmp_path / "e.duckdb") as store:
        with pytest.raises(RunError, match="a worker process died"):
            run(pipeline, [SAMPLES], store, workers=2)


def _children(pid):
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _alive(pid):
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.split(") ", 1)[1][:1] != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_killing_the_parent_stops_its_workers(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    stories = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    with corpus.open("w") as fh:
        for i in range(400):
            fh.write(json.dumps({"text": f"{stories[i % len(stories)]}\nStory number {i} of the corpus."}) + "\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "dotterel", "code", str(corpus), "--db", str(tmp_path / "e.duckdb"),
         "--workers", "2", "--quiet"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    workers = []
    try:
        deadline = time.time() + 240
        while time.time() < deadline and len(workers) < 2 and proc.poll() is None:
            time.sleep(0.2)
            workers = _children(proc.pid)
        assert len(workers) >= 2, "the workers never started"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.time() + 15
        while time.time() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.2)
        assert not any(_alive(w) for w in workers), "a worker outlived its killed parent"
    finally:
        if proc.poll() is None:
            proc.kill()
        for w in set(workers) | set(_children(proc.pid)):  # never leave an orphan behind
            try:
                os.kill(w, signal.SIGKILL)
            except OSError:
                pass


class _SlowPipeline:
    """Analyses instantly, except an article whose text says 'hang', which never finishes."""

    def __init__(self, seconds):
        from dotterel.config import Config

        self.config = Config(record_seconds=seconds)
        self.stage_seconds = {}

    def analyse(self, articles):
        from dotterel.model import Analysis

        for a in articles:
            while "hang" in a.text:
                pass  # a busy loop, as a pathological regex or parse would be
        return [Analysis(article=a) for a in articles]


def test_an_article_over_its_time_budget_fails_alone():
    from dotterel.ingest.metadata import article_from
    from dotterel.runner import _analyse_batch

    batch = [article_from(t, f"o{i}") for i, t in enumerate(["fine one", "hang here", "fine two"])]
    started = time.perf_counter()
    analyses, fails, _ = _analyse_batch(_SlowPipeline(0.3), batch)
    assert time.perf_counter() - started < 10
    assert [a.article.origin for a in analyses] == ["o0", "o2"]
    assert [f.origin for f in fails] == ["o1"] and "time budget" in fails[0].reason


def test_time_budget_option_is_checked(capsys):
    from dotterel.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["code", str(SAMPLES), "--time-budget", "nan"])
    assert exc.value.code == 1 and "--time-budget" in capsys.readouterr().err
