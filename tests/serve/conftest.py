"""A database coded from the project's own articles (samples/ and tests/serve/fixtures/), once per session."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from dotterel.cli import main

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = [ROOT / "samples", Path(__file__).resolve().parent / "fixtures"]


@pytest.fixture(scope="session")
def served_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("serve") / "events.duckdb"
    with pytest.raises(SystemExit) as exc:
        main(["code", *map(str, ARTICLES), "--db", str(db), "--quiet"])
    assert exc.value.code == 0
    return db


@pytest.fixture(scope="session")
def client(served_db):
    from fastapi.testclient import TestClient

    from dotterel.serve.app import create_app

    with TestClient(create_app(served_db)) as c:
        yield c


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn in a thread on 127.0.0.1, as `dotterel serve` runs it."""

    def __init__(self, db: Path) -> None:
        import uvicorn

        from dotterel.serve.app import create_app

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=self.port,
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


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
