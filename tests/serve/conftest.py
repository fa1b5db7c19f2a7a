"""A database coded from the project's own articles (samples/ and tests/serve/fixtures/), once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from dotterel.cli import main
from serve_helpers import LiveServer

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = [ROOT / "samples", Path(__file__).resolve().parent / "fixtures"]


@pytest.fixture(scope="session")
def served_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("serve") / "events.duckdb"
    with pytest.raises(SystemExit) as exc:
        main(["code", *map(str, ARTICLES), "--db", str(db), "--quiet"])
    assert exc.value.code == 0
    # One hand-built article whose events are modal (future) and historical, as `--keep-modal` stores them.
    from dataclasses import replace

    from dotterel.model import Modality
    from dotterel.store import open_store
    from factories import make_analysis

    a = make_analysis("modal-article", n_events=2)
    future, past = (replace(e, modality=m) for e, m in zip(a.events, (Modality(future=True), Modality(historical=True))))
    with open_store(db) as store:
        store.write_analyses([(replace(a, events=(future, past)), ("modal", b""))], "fixture")
    return db


@pytest.fixture(scope="session")
def client(served_db):
    from fastapi.testclient import TestClient

    from dotterel.serve.app import create_app

    with TestClient(create_app(served_db)) as c:
        yield c


@pytest.fixture(scope="session")
def live_server(served_db):
    with LiveServer(served_db) as server:
        yield server


def pytest_terminal_summary(terminalreporter):
    """Say loudly when the browser test did not run."""
    skipped = terminalreporter.stats.get("skipped", [])
    if any("BROWSER TEST SKIPPED" in str(getattr(r, "longrepr", "")) for r in skipped):
        terminalreporter.write_sep("!", "BROWSER TEST SKIPPED: the dashboard was not tested in Chromium", red=True)
        terminalreporter.write_line("install it with `apt-get install -y chromium` (.ci/run does this) and rerun")
