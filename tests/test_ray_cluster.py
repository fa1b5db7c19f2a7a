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
    # Our own auth token: Ray 2.5x+ reads ~/.ray/auth_token, which another Ray user of this machine
    # may have written; a token of our own keeps this cluster independent of it.
    token = os.urandom(32).hex()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
               RAY_USAGE_STATS_ENABLED="0", RAY_AUTH_MODE="token", RAY_AUTH_TOKEN=token)
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
        _stop(temp)
        shutil.rmtree(temp, ignore_errors=True)


def _stop(temp):
    """End this cluster's processes, found by its temp dir in their command line. Not `ray stop`,
    which ends every Ray process on the machine, other people's clusters included."""
    import signal
    import time

    def ours():
        pids = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    if temp.encode() in Path(f"/proc/{entry}/cmdline").read_bytes():
                        pids.append(int(entry))
                except OSError:
                    pass
        return pids

    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in ours():
            try:
                os.kill(pid, sig)
            except OSError:
                pass
        time.sleep(2)


def test_a_two_node_cluster_codes_what_one_process_codes(cluster, pipeline, tmp_path):
    import json

    address, env = cluster
    with open_store(tmp_path / "one.duckdb") as store:
        run(pipeline, [SAMPLES], store)
        expected = store.query("SELECT event_id, plover_type, cameo_code FROM events ORDER BY event_id")
    # The driver runs as its own process: Ray reads its auth settings when it is first imported.
    summary_file = tmp_path / "summary.json"
    done = subprocess.run(
        [sys.executable, "-m", "dotterel", "code", str(SAMPLES), "--db", str(tmp_path / "ray.duckdb"),
         "--engine", "ray", "--workers", "2", "--quiet", "--summary-json", str(summary_file)],
        env=dict(env, RAY_ADDRESS=address), capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads(summary_file.read_text())
    assert summary["balanced"] and summary["failed"] == 0
    assert summary["nodes"] == 2, "both nodes should hold one actor each (one CPU per node)"
    with open_store(tmp_path / "ray.duckdb", read_only=True) as store:
        got = store.query("SELECT event_id, plover_type, cameo_code FROM events ORDER BY event_id")
    assert got == expected and expected
