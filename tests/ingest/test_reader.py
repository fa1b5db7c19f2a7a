"""Reading every supported format and every kind of bad input, from the project's own fixtures."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import shutil
import sys
from pathlib import Path

import pytest

from dotterel.errors import UserError
from dotterel.ingest import FieldMap, read_inputs
from dotterel.model import Article, Failure

FIXTURES = Path(__file__).parent.parent / "fixtures" / "inputs"


def read(*paths, **kwargs) -> list[Article | Failure]:
    return list(read_inputs([str(p) for p in paths], **kwargs))


def articles(items):
    return [i for i in items if isinstance(i, Article)]


def failures(items):
    return [i for i in items if isinstance(i, Failure)]


def test_txt_reads_header_lines_title_and_body():
    [article] = read(FIXTURES / "article.txt")
    assert article.title == "Norland and Vesta open harbour talks"
    assert article.published == dt.date(2024, 3, 5)
    assert article.published_basis == "metadata"
    assert article.source == "Harbour Wire"
    assert article.url == "https://example.org/news/harbour-talks"
    assert article.origin.endswith("article.txt")
    # Raw text: the title line is metadata, the body is kept as read for the cleaner.
    assert "open harbour talks" not in article.text
    assert article.text.lstrip().startswith("Norland's foreign minister Ada Lind")
    assert "(N/H012/K07)" in article.text


def test_txt_header_lines_may_follow_the_title(tmp_path):
    path = tmp_path / "after.txt"
    path.write_text("Vesta recalls envoy\npublished: 2024-04-02\nsource: Harbour Wire\n\n"
                    "Vesta recalled its envoy from Norland on Monday.\n", encoding="utf-8")
    [article] = read(path)
    assert article.title == "Vesta recalls envoy"
    assert article.published == dt.date(2024, 4, 2) and article.source == "Harbour Wire"
    assert article.text.strip() == "Vesta recalled its envoy from Norland on Monday."


def test_txt_with_a_single_line_is_all_text(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("Vesta closed its border with Norland on Sunday.\n", encoding="utf-8")
    [article] = read(path)
    assert article.title is None
    assert article.text.strip() == "Vesta closed its border with Norland on Sunday."


def test_jsonl_reads_good_records_and_fails_bad_lines_alone():
    items = read(FIXTURES / "wire.jsonl")
    good = {a.text.split()[0] + " " + a.origin.rsplit(":", 1)[1] for a in articles(items)}
    assert good == {"Vesta 1", "Norland 3", "Delegations 8", "The 8"}
    by_origin = {f.origin.rsplit("/", 1)[1]: f.reason for f in failures(items)}
    assert by_origin["wire.jsonl:2"].startswith("malformed JSON")
    assert by_origin["wire.jsonl:4"].startswith("malformed JSON")
    assert "not an object" in by_origin["wire.jsonl:5#1"]
    assert by_origin["wire.jsonl:6"].startswith("no text")


def test_jsonl_default_fields_and_dates():
    items = articles(read(FIXTURES / "wire.jsonl"))
    first = next(a for a in items if a.origin.endswith(":1"))
    assert (first.title, first.published, first.url, first.source) == (
        "Vesta recalls envoy",
        dt.date(2024, 3, 12),
        "https://example.org/w-1",
        "Harbour Wire",
    )
    third = next(a for a in items if a.origin.endswith(":3"))
    assert third.title == "Norland protests"  # "headline" and "body" are default names too
    assert third.published == dt.date(2024, 3, 13)  # RFC 2822 date


def test_concatenated_pretty_printed_json_objects_with_nested_fields():
    items = read(FIXTURES / "pretty.json")
    assert [a.origin.rsplit(":", 1)[1] for a in items] == ["1", "16"]
    first = items[0]
    assert first.title == "Vesta and Norland sign fishing accord"
    assert first.source == "Harbour Wire"
    assert first.text.count("\n\n") == 1  # story paragraphs joined with a blank line
    assert first.published == dt.date(2024, 4, 2)


def test_custom_field_names():
    fields = FieldMap.parse({"text": "title", "title": "id"})
    [first, *_] = articles(read(FIXTURES / "wire.jsonl", fields=fields))
    assert first.text == "Vesta recalls envoy"
    assert first.title == "w-1"


def test_unknown_field_name_is_an_error():
    with pytest.raises(Exception, match="unknown field"):
        FieldMap.parse({"body_text": "x"})


def test_csv_with_multiline_cells_and_a_short_row():
    items = read(FIXTURES / "stories.csv")
    good = articles(items)
    assert [a.origin.rsplit(":", 1)[1] for a in good] == ["2", "6"]
    assert "\n\nOfficials said" in good[0].text
    assert good[1].published == dt.date(2024, 5, 3)
    [bad] = failures(items)
    assert bad.origin.endswith("stories.csv:5")
    assert "4 fields" in bad.reason


def test_tsv(tmp_path):
    path = tmp_path / "s.tsv"
    path.write_text("title\ttext\nPatrol\tThe coast guard began joint patrols.\n", encoding="utf-8")
    [article] = read(path)
    assert article.title == "Patrol" and article.text == "The coast guard began joint patrols."


def test_html_main_text_and_metadata():
    [article] = read(FIXTURES / "page.html")
    assert "career diplomat" in article.text
    assert "Home" not in article.text and "All rights reserved" not in article.text
    assert article.title == "Vesta names new envoy to Norland"
    assert article.published == dt.date(2024, 6, 10)
    assert article.source == "Harbour Wire"


def test_html_with_no_body_fails():
    [failure] = read(FIXTURES / "nobody.html")
    assert failure.stage == "ingest" and "no main text" in failure.reason


def _write_warc(path: Path, gz: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gz)
        pages = [
            ("https://example.org/envoy", "text/html; charset=utf-8", (FIXTURES / "page.html").read_bytes()),
            ("https://example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
            ("https://example.org/empty", "text/html", b"<html><head></head></html>"),
        ]
        for url, content_type, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(record)


@pytest.mark.parametrize("name,gz", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_yields_html_responses_only(tmp_path, name, gz):
    path = tmp_path / name
    _write_warc(path, gz)
    items = read(path)
    [article] = articles(items)
    assert article.url == "https://example.org/envoy"
    assert "career diplomat" in article.text
    assert article.origin == f"{path}#1"
    [failure] = failures(items)  # the empty page; the image is not an article and is passed over
    assert failure.origin == f"{path}#3"


def test_truncated_warc_gz_fails_after_good_records(tmp_path):
    path = tmp_path / "cut.warc.gz"
    _write_warc(path, gz=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])
    items = read(path)
    assert len(articles(items)) == 1
    [failure] = failures(items)
    assert failure.origin == f"{path}#3" and "truncated" in failure.reason


@pytest.mark.parametrize("fixture", ["article.txt", "wire.jsonl", "stories.csv", "page.html", "pretty.json"])
def test_gzipped_files_read_like_plain_ones(tmp_path, fixture):
    plain = read(FIXTURES / fixture)
    packed = tmp_path / (fixture + ".gz")
    packed.write_bytes(gzip.compress((FIXTURES / fixture).read_bytes()))
    zipped = read(packed)
    assert [getattr(i, "text", None) for i in zipped] == [getattr(i, "text", None) for i in plain]


def test_truncated_gzip_keeps_records_before_the_cut(tmp_path):
    lines = "".join(
        f'{{"id": {n}, "text": "Record number {n} says the harbour stayed open on day {n}."}}\n' for n in range(2000)
    )
    data = gzip.compress(lines.encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = read(path)
    assert 0 < len(articles(items)) < 2000
    [failure] = failures(items)
    assert "truncated" in failure.reason and failure.origin == str(path)


def test_empty_file_fails():
    [failure] = read(FIXTURES / "empty.txt")
    assert failure.reason == "empty file"


def test_binary_file_fails(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    [failure] = read(path)
    assert "binary" in failure.reason


def test_invalid_utf8_fails_with_the_byte():
    [failure] = read(FIXTURES / "invalid_utf8.txt")
    assert "invalid UTF-8" in failure.reason and "0xff" in failure.reason


def test_windows_1252_text_is_decoded():
    [article] = read(FIXTURES / "cp1252.txt")
    assert "“within reach”" in article.text and "café" in article.text
    assert article.title == "Harbour deal “within reach”, says minister"


def test_utf16_with_bom_is_decoded(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes("Title\n\nNorland and Vesta resumed talks in Port Selby.\n".encode("utf-16"))
    [article] = read(path)
    assert "resumed talks" in article.text


def test_invalid_utf8_line_fails_alone_in_jsonl(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        '{"text": "Caf\u00e9 owners in Port Selby protested."}\n'.encode()
        + b'{"text": "broken \xc3\xa9 and \xff byte"}\n'
        + b'{"text": "The third record is fine."}\n'
    )
    items = read(path)
    assert len(articles(items)) == 2
    [failure] = failures(items)
    assert failure.origin.endswith(":2") and "UTF-8" in failure.reason


def test_fifty_megabyte_single_line_fails_without_stopping_the_file(tmp_path):
    path = tmp_path / "huge.jsonl"
    with open(path, "wb") as out:
        out.write(b'{"text": "A normal first record about the harbour."}\n')
        out.write(b'{"text": "' + b"x" * (50 * 1024 * 1024) + b'"}\n')
        out.write(b'{"text": "A normal third record about the harbour."}\n')
    items = read(path)
    assert [a.origin.rsplit(":", 1)[1] for a in articles(items)] == ["1", "3"]
    [failure] = failures(items)
    assert failure.origin.endswith(":2") and "MB" in failure.reason


def test_fifty_megabyte_txt_fails_clearly(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as out:
        out.write(b"word " * (10 * 1024 * 1024))
    [failure] = read(path)
    assert "over 10 MB" in failure.reason


def test_folder_walk_is_recursive_sorted_and_filtered(tmp_path):
    (tmp_path / "b" / "deep").mkdir(parents=True)
    shutil.copy(FIXTURES / "article.txt", tmp_path / "b" / "deep" / "z.txt")
    shutil.copy(FIXTURES / "cp1252.txt", tmp_path / "a.txt")
    shutil.copy(FIXTURES / "wire.jsonl", tmp_path / "b" / "w.jsonl")
    shutil.copy(FIXTURES / "notes.md", tmp_path / "notes.md")
    origins = [i.origin for i in read(tmp_path)]
    assert origins[0].endswith("a.txt") and origins[-1].endswith("z.txt")
    assert not any(o.endswith("notes.md") for o in origins)  # unknown formats are not articles
    only_txt = read(tmp_path, pattern="*.txt")
    assert [Path(i.origin).name for i in only_txt] == ["a.txt", "z.txt"]
    deep = read(tmp_path, pattern="b/deep/*")
    assert [Path(i.origin).name for i in deep] == ["z.txt"]


def test_missing_path_is_a_user_error():
    with pytest.raises(UserError, match="no such file"):
        read("/nonexistent/input.jsonl")


def test_stdin_is_sniffed(monkeypatch):
    data = b'{"text": "Read from a pipe: Vesta reopened its embassy."}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
    [article] = read("-")
    assert article.text.startswith("Read from a pipe") and article.origin == "<stdin>:1"


def test_stdin_gzip_text(monkeypatch):
    data = gzip.compress(b"Pipe title\n\nVesta and Norland agreed to meet again.\n")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
    [article] = read("-")
    assert article.title == "Pipe title"


def test_reading_is_lazy(tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text("".join(f'{{"text": "Story {n} about the harbour."}}\n' for n in range(10000)))
    stream = read_inputs([path])
    first = next(stream)
    assert first.text == "Story 0 about the harbour."


def test_json_array_of_objects_streams_one_object_at_a_time(tmp_path):
    import json

    records = [{"title": f"T{n}", "text": f"Story {n}: the harbour council met again."} for n in range(3)]
    pretty = tmp_path / "array.json"
    pretty.write_text(json.dumps(records, indent=2))
    items = read(pretty)
    assert [a.title for a in items] == ["T0", "T1", "T2"]
    compact = tmp_path / "array1.json"
    compact.write_text(json.dumps(records))
    assert [a.title for a in read(compact)] == ["T0", "T1", "T2"]


def test_txt_opening_with_a_dateline_paragraph_has_no_title(tmp_path):
    path = tmp_path / "wire.txt"
    path.write_text(
        "PORT SELBY (Harbour Wire) - Norland and Vesta agreed on Monday to reopen the harbour.\n\n"
        "The deal ends a three-month dispute.\n",
        encoding="utf-8",
    )
    [article] = read(path)
    assert article.title is None and article.text.startswith("PORT SELBY")


def test_csv_without_a_text_column_fails_once_with_the_columns(tmp_path):
    path = tmp_path / "meta.csv"
    path.write_text("id,headline\n1,Harbour reopens\n2,Talks resume\n", encoding="utf-8")
    [failure] = read(path)
    assert failure.origin.endswith("meta.csv:1") and "['id', 'headline']" in failure.reason
    [article, _] = read(path, fields=FieldMap.parse({"text": "headline"}))
    assert article.text == "Harbour reopens"


def test_utf8_bom_is_ignored(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufefftitle,text\nT,The council met on Monday.\n".encode("utf-8"))
    [article] = read(path)
    assert article.title == "T"
