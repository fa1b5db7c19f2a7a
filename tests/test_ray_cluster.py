"""--engine ray beyond one process (issue 17): a real two-node Ray cluster on this machine (a head
and a worker node, each started by `ray start` with its own resources) codes the samples across
both nodes into the same events as --workers 1."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from dotterel.config import Config
from dotterel.runner import run
from dotterel.store import open_store

ray = pytest.importorskip("ray", reason="the ray extra is not installed (make test installs it)")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
RAY = Path(sys.executable).with_name("ray")


def _ray(*args, env):
    return subprocess.run([str(RAY), *args], env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def cluster():
    if not RAY.exists():
        pytest.skip(f"no ray command next to {sys.executable}")
    temp = tempfile.mkdtemp(prefix="rt", dir="/tmp")  # Ray's socket paths must stay short
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
               RAY_USAGE_STATS_ENABLED="0")
    port = "63791"
    head = _ray("start", "--head", "--port", port, "--num-cpus", "1", "--resources", '{"head_node": 1}',
                "--include-dashboard", "false", "--temp-dir", temp, "--disable-usage-stats", env=env)
    if head.returncode != 0:
        pytest.fail(f"ray start --head failed: {head.stderr[-1500:]}")
    address = f"127.0.0.1:{port}"
    try:
        worker = _ray("start", "--address", address, "--num-cpus", "1", "--resources", '{"worker_node": 1}',
                      "--disable-usage-stats", env=env)
        if worker.returncode != 0:
            pytest.fail(f"ray start (worker node) failed: {worker.stderr[-1500:]}")
        yield address, env
    finally:
        _ray("stop", "--force", env=env)
        shutil.rmtree(temp, ignore_errors=True)


def test_a_two_node_cluster_codes_what_one_process_codes(cluster, pipeline, tmp_path, monkeypatch):
    address, env = cluster
    with open_store(tmp_path / "one.duckdb") as store:
        run(pipeline, [SAMPLES], store)
        expected = store.query("SELECT event_id, plover_type, cameo_code FROM events ORDER BY event_id")
    monkeypatch.setenv("RAY_ADDRESS", address)
    monkeypatch.setenv("PYTHONPATH", env["PYTHONPATH"])
    with open_store(tmp_path / "ray.duckdb") as store:
        summary = run(None, [SAMPLES], store, config=Config(), workers=2, engine="ray")
        got = store.query("SELECT event_id, plover_type, cameo_code FROM events ORDER BY event_id")
    assert summary.balanced and summary.failed == 0
    assert summary.nodes == 2, "both nodes should hold one actor each (one CPU per node)"
    assert got == expected and expected
