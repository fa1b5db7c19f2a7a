"""Progress (issue 17): total, percentage and time left from the input size; a plain line every
N seconds when stderr is not a terminal."""

import io
import json
from pathlib import Path

import pytest

from dotterel.cli import main
from dotterel.cli.progress import RunProgress
from dotterel.pipeline import RunSummary


def test_a_plain_line_says_how_far_and_how_long():
    s = RunSummary(read=400, coded=390, failed=2, events=120, bytes_total=4_000_000, bytes_read=1_000_000)
    line = RunProgress.line(s, 30.0)
    assert "1.0 MB of 4.0 MB (25%)" in line and "about 90 s left" in line and "read 400" in line


def test_not_a_terminal_gets_a_line_every_n_seconds():
    out = io.StringIO()
    progress = RunProgress(stream=out, every=0.0)
    progress(RunSummary(read=10, bytes_total=100, bytes_read=50))
    progress.close()
    assert out.getvalue().startswith("dotterel: ") and "(50%)" in out.getvalue()


def test_the_run_feeds_bytes_read_and_the_summary_prints(tmp_path, capsys):
    data = tmp_path / "in.jsonl"
    data.write_text("".join(json.dumps({"text": f"Item {i}: the council met on day {i}."}) + "\n" for i in range(300)))
    seen = []

    import dotterel.cli.progress as progress_module

    class Recording(RunProgress):
        def __call__(self, summary):
            seen.append((summary.bytes_read, summary.bytes_total))

    real = progress_module.RunProgress
    progress_module.RunProgress = Recording
    try:
        with pytest.raises(SystemExit):
            main(["code", str(data), "--db", str(tmp_path / "e.duckdb"), "--no-language-check"])
    finally:
        progress_module.RunProgress = real
    err = capsys.readouterr().err
    assert "read 300 = coded" in err and "records/s" in err
    assert seen and seen[-1] == (data.stat().st_size, data.stat().st_size)


def test_log_every_must_be_positive(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["code", str(Path(__file__)), "--log-every", "0"])
    assert exc.value.code == 1 and "--log-every" in capsys.readouterr().err
