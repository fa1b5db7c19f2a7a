"""Hostile and broken inputs (issue 17): each becomes a failure row of its own, never a traceback,
a hang, a silent drop or a merge of several records into one."""

import io
import json
import os
import socket
from pathlib import Path

import pytest

from dotterel.ingest import read_inputs
from dotterel.model import Article, Failure

STORY = "Kenyan President William Ruto met Ethiopian Prime Minister Abiy Ahmed in Nairobi on Tuesday."


def items(*paths, **kw):
    return list(read_inputs([str(p) for p in paths], **kw))


def failures(result):
    return [i for i in result if isinstance(i, Failure)]


def articles(result):
    return [i for i in result if isinstance(i, Article)]


def test_a_tsv_quote_that_never_closes_does_not_swallow_the_rows_after_it(tmp_path):
    rows = ["id\ttext"] + [f"{i}\t{STORY} Row {i}." for i in range(100)]
    rows[3] = '2\t"Opening a quote that never closes. ' + STORY
    path = tmp_path / "q.tsv"
    path.write_text("\n".join(rows) + "\n")
    result = items(path)
    fails = failures(result)
    assert len(fails) == 1 and fails[0].origin.endswith("q.tsv:4") and "quoted field" in fails[0].reason
    got = articles(result)
    assert len(got) == 99 and all(len(a.text) < 200 for a in got)


def test_a_csv_quote_closed_by_a_stray_quote_later_is_reported(tmp_path):
    lines = ["id,text", f"1,{STORY}", f'2,"Unclosed quote {STORY}'] + [f"{i},Row {i} says hello" for i in range(3, 8)]
    lines.append('8,Someone said "hello" here')
    path = tmp_path / "q.csv"
    path.write_text("\n".join(lines) + "\n")
    result = items(path)
    assert [f.origin.rsplit(":", 1)[1] for f in failures(result)][:1] == ["3"]
    assert len(articles(result)) >= 6


def test_multi_line_quoted_text_is_still_one_record(tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text(f'id,text\n1,"{STORY}\n\nA second paragraph, with a comma, and ""quotes""."\n2,{STORY} Again.\n')
    result = items(path)
    assert not failures(result) and len(articles(result)) == 2
    assert "second paragraph" in articles(result)[0].text


def _warc(records=3):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for i in range(records):
        body = f"<html><body><p>{STORY} Report {i}.</p></body></html>".encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"http://example.org/{i}", "response",
                                                      payload=io.BytesIO(body), http_headers=http))
    return buf.getvalue()


@pytest.mark.parametrize("into_last_record", [8, 20, 60, 115, 342, 400])
def test_a_warc_cut_inside_the_last_records_headers_is_reported(tmp_path, into_last_record):
    data = _warc()
    last = data.rfind(b"WARC/1.")
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: last + into_last_record])
    result = items(path)
    assert len(articles(result)) == 2
    fails = failures(result)
    assert len(fails) == 1 and fails[0].origin.endswith("#3") and "WARC record" in fails[0].reason


def test_a_whole_warc_has_no_failure(tmp_path):
    path = tmp_path / "ok.warc"
    path.write_bytes(_warc())
    result = items(path)
    assert len(articles(result)) == 3 and not failures(result)


def test_json_nested_too_deep_fails_alone_and_the_rest_is_read(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text("\n".join([
        json.dumps({"text": STORY}),
        "[" * 2000 + "]" * 2000,
        '{"a": ' * 3000 + "1" + "}" * 3000,
        json.dumps({"text": STORY + " Later."}),
    ]) + "\n")
    result = items(path)
    assert len(articles(result)) == 2
    assert [f.reason for f in failures(result)] == ["JSON nested too deep: not a news record"] * 2


def test_special_files_fail_and_never_hang(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(STORY)
    os.mkfifo(folder / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "sock.txt"))
    try:
        result = items(folder)
        direct = items(folder / "pipe.txt")
    finally:
        sock.close()
    reasons = {Path(f.origin).name: f.reason for f in failures(result)}
    assert "named pipe" in reasons["pipe.txt"] and "socket" in reasons["sock.txt"]
    assert len(articles(result)) == 1
    assert "named pipe" in failures(direct)[0].reason
    dev = items("/dev/null")
    assert "character device" in failures(dev)[0].reason


def test_a_file_name_that_is_not_utf8_is_a_failure_row_that_can_be_stored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(STORY)
    with open(os.path.join(os.fsencode(folder), b"bad\xff\xfename.txt"), "w") as fh:
        fh.write(STORY + " Elsewhere.")
    result = items(folder)
    fails = failures(result)
    assert len(fails) == 1 and "not valid UTF-8" in fails[0].reason
    assert "\\xff\\xfe" in fails[0].origin
    fails[0].origin.encode("utf-8")  # storable
    assert len(articles(result)) == 1


def test_odd_names_are_read(tmp_path):
    path = tmp_path / "[red]wé ird[bold] (1) ñ *?.txt"
    path.write_text(STORY)
    result = items(tmp_path)
    assert len(articles(result)) == 1 and articles(result)[0].origin == str(path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_a_failure(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(STORY)
    path.chmod(0)
    result = items(path)
    assert "cannot open" in failures(result)[0].reason


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "-5000", "5000", 253402300799])
def test_impossible_published_dates_are_unknown_not_fatal(tmp_path, value):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"published": value, "text": STORY}) + "\n")
    (article,) = articles(items(path))
    assert article.published is None


def test_impossible_dates_code_without_overflow(pipeline, tmp_path):
    from dotterel.runner import run
    from dotterel.store import open_store

    path = tmp_path / "d.jsonl"
    path.write_text("".join(json.dumps({"published": d, "text": f"{STORY} Case {d}."}) + "\n"
                            for d in ("9999-12-31", "0001-01-01", "-5000")))
    with open_store(tmp_path / "e.duckdb") as store:
        summary = run(pipeline, [path], store)
        assert summary.failed == 0 and summary.coded == 3
        years = [r[0] for r in store.query("SELECT year(date) FROM events WHERE date IS NOT NULL")]
    assert all(1800 <= y <= 2199 for y in years)


def test_escape_sequences_are_removed_from_metadata(tmp_path):
    path = tmp_path / "e.jsonl"
    path.write_text(json.dumps({"title": "A\u001b[2J\u001b]0;pwned\u0007 title\u202e", "source": "\u009b31mWire",
                                "url": "http://x/\u0000y", "text": STORY}) + "\n")
    (article,) = articles(items(path))
    assert (article.title, article.source, article.url) == ("A title", "Wire", "http://x/y")
