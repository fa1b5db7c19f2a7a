"""Document formats: one article per .txt or .html file, and web archives (.warc, .warc.gz)."""

from __future__ import annotations

import contextlib
import io
import logging
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from dotterel.clean.calendar import parse_date
from dotterel.clean.rules import parse_dateline
from dotterel.errors import InputError
from dotterel.ingest.metadata import article_from
from dotterel.ingest.source import MAX_RECORD_BYTES, decode, looks_binary, read_bounded
from dotterel.model import Article, Failure

__all__ = ["parse_txt", "parse_html", "read_warc"]

log = logging.getLogger(__name__)

# Header lines a .txt file may open with ("published: 2015-06-11"). Only these keys, so a
# story opening "Washington: ..." is not mistaken for a header.
_HEADER = re.compile(r"^(title|published|date|source|url|id)[ \t]*:[ \t]*(\S.*?)\s*$", re.I)


# A first line longer than this is a paragraph of the story, not a headline.
_MAX_TITLE_CHARS = 250


def _looks_like_title(line: str) -> bool:
    return len(line.strip()) <= _MAX_TITLE_CHARS and parse_dateline(line.strip()) is None


def parse_txt(data: bytes, origin: str) -> Article | Failure:
    """A plain-text article: optional `key: value` header lines, then title line, then body.

    The title line is kept out of `text` (headlines restate the story and would code it twice);
    a file with a single line, or opening with a long paragraph or a dateline, has no title.
    """
    try:
        content = decode(data)
    except InputError as exc:
        return Failure(origin=origin, stage="ingest", reason=exc.message)
    meta: dict[str, str] = {}
    lines = content.splitlines(keepends=True)

    def read_headers(index: int) -> int:
        while index < len(lines):
            match = _HEADER.match(lines[index].strip("\ufeff"))
            if not match:
                break
            meta[match.group(1).lower()] = match.group(2)
            index += 1
        return index

    index = read_headers(0)
    title = meta.get("title")
    if title is None:
        while index < len(lines) and not lines[index].strip():
            index += 1
        if index < len(lines) and _looks_like_title(lines[index]):
            rest = "".join(lines[index + 1 :])
            if rest.strip():
                title = " ".join(lines[index].split())
                # Header lines may also follow the title ("Title\npublished: 2015-06-11\n\nText").
                index = read_headers(index + 1)
    text = "".join(lines[index:])
    if not text.strip():
        return Failure(origin=origin, stage="ingest", reason="no text in the file")
    published = parse_date(meta.get("published") or meta.get("date"))
    return article_from(text, origin, title=title, published=published, source=meta.get("source"), url=meta.get("url"))


def parse_html(data: bytes, origin: str, url: str | None = None) -> Article | Failure:
    """An HTML page: main text and metadata (title, date, site, url) extracted by trafilatura."""
    import trafilatura  # heavy: import when an HTML page is actually read

    try:
        document: Any = trafilatura.bare_extraction(
            data, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # trafilatura raises assorted lxml and value errors on junk
        return Failure(origin=origin, stage="ingest", reason=f"HTML could not be parsed: {exc}")
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        return Failure(origin=origin, stage="ingest", reason="HTML has no main text (no body, or only navigation)")
    return article_from(
        text,
        origin,
        title=getattr(document, "title", None),
        published=parse_date(getattr(document, "date", None)),
        source=getattr(document, "sitename", None),
        url=getattr(document, "url", None) or url,
    )


def read_warc(stream: BinaryIO, name: str, limit: int = MAX_RECORD_BYTES) -> Iterator[Article | Failure]:
    """Stream the HTML and plain-text responses of a WARC file (gzipped or not) as articles.

    Origin is "file#N", N the record's number in the file (1-based, all record types counted).
    """
    from warcio.archiveiterator import ArchiveIterator

    counted = _CountingReader(stream)
    archive = ArchiveIterator(counted)
    number = 0
    end = 0  # where the last whole record ends in the file
    records = iter(archive)
    while True:
        try:
            with contextlib.redirect_stderr(io.StringIO()) as warned:  # warcio prints its warnings
                record = next(records)
        except StopIteration:
            break
        except Exception as exc:  # warcio: a cut or garbled header, a bad length
            yield Failure(origin=f"{name}#{number + 1}", stage="ingest",
                          reason=f"truncated or malformed WARC record: {type(exc).__name__}: {exc}")
            return
        number += 1
        if warned.getvalue().strip():
            log.info("%s#%d: %s", name, number, " ".join(warned.getvalue().split())[:200])
        length = (record.rec_headers.get_header("Content-Length") or "").strip()
        if not length.isdigit() or record.rec_type not in _WARC_TYPES:
            yield Failure(origin=f"{name}#{number}", stage="ingest",
                          reason="truncated or malformed WARC record: its header is cut off "
                          f"(WARC-Type {record.rec_type!r}, Content-Length {length!r})")
            return
        yield from _warc_record(record, name, number, limit)
        with contextlib.redirect_stderr(io.StringIO()) as warned:  # "Record not followed by newline"
            archive.read_to_end(record)
        if warned.getvalue().strip():
            log.info("%s#%d: %s", name, number, " ".join(warned.getvalue().split())[:200])
        end = archive.get_record_offset() + archive.get_record_length()
    while counted.read(1 << 16):
        pass
    if counted.total - end > 4 and number > 0 or (number == 0 and counted.total > 4 and counted.meaningful):
        # warcio stops quietly at a record cut inside its headers: the bytes it left say so.
        yield Failure(origin=f"{name}#{number + 1}", stage="ingest",
                      reason=f"truncated WARC record: the last {counted.total - end} bytes do not form a whole record")


_WARC_TYPES = frozenset(
    ("warcinfo", "response", "resource", "request", "metadata", "revisit", "conversion", "continuation", "arcrecord")
)


class _CountingReader:
    """A byte stream that counts what is read from it (to find the bytes warcio left unread)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self.total = 0
        self.meaningful = False

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self.total += len(data)
        if data.strip():
            self.meaningful = True
        return data


def _warc_record(record: Any, name: str, number: int, limit: int) -> Iterator[Article | Failure]:
    """The article (or failure) of one WARC record, if it is a text or HTML response."""
    if record.rec_type not in ("response", "resource"):
        return
    origin = f"{name}#{number}"
    url = record.rec_headers.get_header("WARC-Target-URI")
    http = record.http_headers
    content_type = (http.get_header("Content-Type") if http else None) or record.rec_headers.get_header(
        "Content-Type"
    ) or ""
    content_type = content_type.lower()
    wanted = ("html" in content_type or "text/plain" in content_type) and (
        http is None or (http.get_statuscode() or "").startswith("2")
    )  # not images, scripts, redirects or errors
    payload = b""
    try:
        if wanted:
            payload = read_bounded(record.content_stream(), limit)
        else:
            while record.raw_stream.read(1 << 16):
                pass
    except InputError as exc:
        yield Failure(origin=origin, stage="ingest", reason=exc.message)
        return
    missing = getattr(record.raw_stream, "limit", 0) or 0
    if missing > 0:
        # warcio reads a cut-off record as a short one; its declared length tells.
        yield Failure(origin=origin, stage="ingest", reason=f"truncated WARC record: {missing} bytes missing")
        return
    if not wanted:
        return
    if not payload.strip():
        yield Failure(origin=origin, stage="ingest", reason="empty response")
        return
    if looks_binary(payload[:8192]):
        yield Failure(origin=origin, stage="ingest", reason="binary content labelled as text")
        return
    if "html" in content_type:
        yield parse_html(payload, origin, url=url)
    else:
        article = parse_txt(payload, origin)
        yield article if isinstance(article, Failure) or article.url else _with_url(article, url)


def _with_url(article: Article, url: str | None) -> Article:
    import dataclasses

    return dataclasses.replace(article, url=url)
