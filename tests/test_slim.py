"""Coding needs neither torch nor ray: `make run` leaves them out, so coding must never import them."""

import subprocess
import sys
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

_SCRIPT = """
import sys
from dotterel.cli import main
try:
    main(["code", sys.argv[1], "--db", sys.argv[2], "--quiet"])
except SystemExit as exc:
    code = exc.code
from dotterel.events.embedding import available, encoder
if available():  # the embedding path of unknown verbs: ONNX, not torch
    encoder().encode(["The envoy lambasted the plan."])
heavy = sorted(m for m in ("torch", "ray", "safetensors") if m in sys.modules)
print("heavy:", ",".join(heavy), "exit:", code)
"""


def test_coding_never_imports_torch_or_ray(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(SAMPLES), str(tmp_path / "e.duckdb")],
        capture_output=True, text=True, timeout=600, env=None,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "heavy:  exit: 0" in done.stdout, done.stdout + done.stderr[-2000:]
