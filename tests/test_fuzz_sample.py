"""A small seeded sample of bench/fuzz.py (issue 17): damaged real articles through read and code,
no traceback, no hang. The full run (2,000+ cases) is `python bench/fuzz.py`."""

import importlib.util
from pathlib import Path

FUZZ = Path(__file__).resolve().parents[1] / "bench" / "fuzz.py"


def test_a_seeded_fuzz_sample_has_no_traceback_and_no_hang(pipeline, tmp_path):
    spec = importlib.util.spec_from_file_location("dotterel_bench_fuzz", FUZZ)
    fuzz = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fuzz)
    result = fuzz.fuzz(60, seed=17, out=tmp_path, case_seconds=60, pipeline=pipeline)
    assert result["cases"] == 60
    assert result["tracebacks"] == 0 and result["hangs"] == 0, result["bad"]
    assert result["unbalanced"] == 0
    assert set(result["read_exit"]) <= {"0"}
