"""`dotterel serve` as a user runs it, and what the API does while another process writes the file."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request

import pytest

from serve_helpers import free_port
from dotterel.cli import main


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_serve_runs_on_a_real_file_and_binds_localhost(served_db, tmp_path):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "dotterel", "serve", "--db", str(served_db), "--port", str(port)],
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, body = get(f"http://127.0.0.1:{port}/api/stats")
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        assert status == 200 and body["counts"]["events"] > 0
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as r:
            assert b"/static/plotly.min.js" in r.read()
    finally:
        proc.terminate()
        proc.wait(20)
    assert f"http://127.0.0.1:{port}/" in proc.stderr.read()


def test_serve_without_a_database_is_a_one_line_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["serve", "--db", str(tmp_path / "none.duckdb")])
    err = capsys.readouterr().err
    assert exc.value.code == 1 and "No database" in err and err.count("\n") == 1


WRITER = textwrap.dedent("""
    import sys
    from dotterel.store import open_store
    sys.path.insert(0, sys.argv[2])
    from factories import make_analysis
    with open_store(sys.argv[1]) as store:
        print("holding", flush=True)
        sys.stdin.readline()
        store.write_analyses([(make_analysis("late-article", n_events=2), ("late", b""))], "late-run")
""")


def test_while_dotterel_code_writes_the_api_says_so_then_shows_new_events(served_db, tmp_path):
    from fastapi.testclient import TestClient

    from dotterel.serve.app import create_app

    db = tmp_path / "copy.duckdb"
    shutil.copy(served_db, db)
    client = TestClient(create_app(db))
    before = client.get("/api/stats").json()["counts"]["events"]
    tests_dir = str(__import__("pathlib").Path(__file__).resolve().parents[1])
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db), tests_dir], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "holding"
        busy = client.get("/api/events")
        assert busy.status_code == 503 and busy.headers["retry-after"]
        assert "being written by another process" in busy.json()["error"]
        writer.stdin.write("go\n")
        writer.stdin.flush()
        assert writer.wait(60) == 0
    finally:
        if writer.poll() is None:
            writer.kill()
    assert client.get("/api/stats").json()["counts"]["events"] == before + 2
    assert client.get("/api/events", params={"article": "late-article"}).json()["total"] == 2
