"""`read_inputs`: files, folders and stdin in, a stream of `Article` or `Failure` out."""

from __future__ import annotations

import fnmatch
import gzip
import os
import stat
import sys
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from dotterel.errors import InputError, UserError
from dotterel.ingest.documents import parse_html, parse_txt, read_warc
from dotterel.ingest.records import FieldMap, read_csv, read_jsonl
from dotterel.ingest.source import (
    GZIP_MAGIC,
    MAX_RECORD_BYTES,
    buffered,
    format_of_name,
    looks_binary,
    read_bounded,
    sniff_format,
)
from dotterel.model import Article, Duplicate, Failure

__all__ = ["read_inputs", "read", "FieldMap", "ReadProgress"]


class ReadProgress:
    """How far reading has got, in bytes of the input files (for a progress bar's total and ETA).

    `total` is the size of every input file, known before reading starts (0 when unknown, e.g.
    stdin); `position()` the bytes of the files read so far plus the offset in the current one.
    """

    def __init__(self) -> None:
        self.total = 0
        self.files = 0
        self._done = 0
        self._current: Any = None

    def position(self) -> int:
        current = 0
        if self._current is not None:
            try:
                current = self._current.tell()
            except (OSError, ValueError):
                current = 0
        return self._done + current

    def _open(self, handle: Any) -> None:
        self._current = handle

    def _close(self, size: int) -> None:
        self._current = None
        self._done += size

STDIN = "-"
_STDIN_NAME = "<stdin>"


def read_inputs(
    inputs: Sequence[str | Path],
    *,
    pattern: str | None = None,
    fields: FieldMap | None = None,
    max_record_bytes: int = MAX_RECORD_BYTES,
    progress: ReadProgress | None = None,
) -> Iterator[Article | Failure]:
    """Read articles from files, folders (recursive) and stdin ("-"), one at a time.

    Formats by suffix, any of them gzipped: .txt, .jsonl/.ndjson/.json, .csv/.tsv, .html/.htm,
    .warc (and .warc.gz); unknown suffixes are sniffed. Folders are walked in sorted order and
    yield files matching `pattern` (a glob on the name, or on the path below the folder when it
    holds a "/"), or every file of a known format when no pattern is given. Bad input (empty,
    binary, undecodable, malformed, truncated, too large) becomes a `Failure` with stage
    "ingest" and origin "file", "file:line" or "file#record"; reading goes on. A path that
    does not exist raises `UserError` before anything is read. `progress`, when given, gets the
    total size of the input files and follows the reading position.
    """
    fields = fields or FieldMap()
    for item in inputs:
        if str(item) != STDIN and not Path(item).exists():
            raise UserError(f"no such file or folder: {item}")
    if progress is not None:
        progress.total, progress.files = _sizes(inputs, pattern)
    for item in inputs:
        if str(item) == STDIN:
            yield from _read_stream(sys.stdin.buffer, _STDIN_NAME, None, fields, max_record_bytes)
            continue
        path = Path(item)
        if path.is_dir():
            for file in _walk(path, pattern):
                if isinstance(file, Failure):
                    yield file
                else:
                    yield from _read_file(file, fields, max_record_bytes, progress)
        else:
            yield from _read_file(path, fields, max_record_bytes, progress)


def _walk(folder: Path, pattern: str | None) -> Iterator[Path | Failure]:
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        while errors:  # a folder that cannot be listed is reported, not skipped silently
            exc = errors.pop()
            yield Failure(origin=_shown_name(Path(exc.filename or root))[0], stage="ingest",
                          reason=f"cannot list the folder: {exc.strerror}")
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root) / name
            if pattern is None:
                if format_of_name(name)[0] is not None:
                    yield path
            elif fnmatch.fnmatch(path.relative_to(folder).as_posix() if "/" in pattern else name, pattern):
                yield path
    for exc in errors:
        yield Failure(origin=_shown_name(Path(exc.filename or folder))[0], stage="ingest",
                      reason=f"cannot list the folder: {exc.strerror}")


def _shown_name(path: Path) -> tuple[str, bool]:
    """(the path as stored and printed, whether its name is valid UTF-8).

    A name that is not UTF-8 comes from os.walk with surrogate escapes, which neither DuckDB nor
    a terminal takes: its bad bytes are shown as \\xNN. Control characters are shown the same way.
    """
    name = str(path)
    try:
        name.encode("utf-8")
        valid = True
    except UnicodeEncodeError:
        name = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        valid = False
    if not name.isprintable():
        name = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in name)
    return name, valid


def _special(mode: int) -> str | None:
    """What a file that is not a regular file is: reading a FIFO or a device could block forever."""
    for test, kind in ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return kind
    return None if stat.S_ISREG(mode) else "not a regular file"


def _sizes(inputs: Sequence[str | Path], pattern: str | None) -> tuple[int, int]:
    """(bytes, files) of the regular files `read_inputs` will read; stdin counts as 0 bytes."""
    total = files = 0
    for item in inputs:
        if str(item) == STDIN:
            continue
        path = Path(item)
        for file in _walk(path, pattern) if path.is_dir() else [path]:
            if isinstance(file, Failure):
                continue
            try:
                st = os.stat(file)
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode):
                total += st.st_size
                files += 1
    return total, files


def _read_file(path: Path, fields: FieldMap, limit: int, progress: ReadProgress | None = None
               ) -> Iterator[Article | Failure]:
    name, valid = _shown_name(path)
    if not valid:
        yield Failure(origin=name, stage="ingest", reason="file name is not valid UTF-8: rename the file")
        return
    fmt, _ = format_of_name(path.name)
    try:
        kind = _special(os.stat(path).st_mode)
    except OSError as exc:
        yield Failure(origin=name, stage="ingest", reason=f"cannot open: {exc.strerror}")
        return
    if kind is not None:
        yield Failure(origin=name, stage="ingest", reason=f"{kind}, not a file: skipped so the run cannot hang")
        return
    try:
        # O_NONBLOCK: if the path was swapped for a FIFO after the check, open does not wait.
        handle = os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb")
    except OSError as exc:
        yield Failure(origin=name, stage="ingest", reason=f"cannot open: {exc.strerror}")
        return
    with handle:
        st = os.fstat(handle.fileno())
        if not stat.S_ISREG(st.st_mode):
            yield Failure(origin=name, stage="ingest", reason="not a regular file: skipped so the run cannot hang")
            return
        if progress is not None:
            progress._open(handle)
        try:
            yield from _read_stream(handle, name, fmt, fields, limit)
        finally:
            if progress is not None:
                progress._close(st.st_size)


def _read_stream(
    stream: BinaryIO, name: str, fmt: str | None, fields: FieldMap, limit: int
) -> Iterator[Article | Failure]:
    """Read one stream of a known (or sniffed) format, turning read errors into failures."""
    yielded = 0
    try:
        reader = buffered(stream)
        if fmt == "warc" or (fmt is None and _is_warc(reader)):
            for item in read_warc(reader, name, limit):  # warcio handles gzip members itself
                yielded += 1
                yield item
            if yielded == 0 and not reader.peek(1):
                yield Failure(origin=name, stage="ingest", reason="empty file")
            return
        if reader.peek(2)[:2] == GZIP_MAGIC:
            reader = buffered(gzip.GzipFile(fileobj=reader, mode="rb"))  # type: ignore[arg-type]
        head = reader.peek(8192)[:8192]
        if not head:
            yield Failure(origin=name, stage="ingest", reason="empty file")
            return
        if looks_binary(head):
            yield Failure(origin=name, stage="ingest", reason="binary file, not text: give text, JSON, CSV, HTML or WARC")
            return
        fmt = fmt or sniff_format(head)
        if fmt in ("jsonl", "csv", "tsv") and head.startswith((b"\xff\xfe", b"\xfe\xff")):
            yield Failure(origin=name, stage="ingest", reason="UTF-16 line-based file: re-save it as UTF-8")
            return
        if fmt == "jsonl":
            items: Iterator[Article | Failure] = read_jsonl(reader, name, fields, limit)
        elif fmt in ("csv", "tsv"):
            items = read_csv(reader, name, fields, "\t" if fmt == "tsv" else ",", limit)
        else:
            data = read_bounded(reader, limit)
            items = iter([parse_html(data, name) if fmt == "html" else parse_txt(data, name)])
        for item in items:
            yielded += 1
            yield item
        if yielded == 0:
            yield Failure(origin=name, stage="ingest", reason="no records in the file")
    except InputError as exc:
        yield Failure(origin=name, stage="ingest", reason=exc.message)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield Failure(
            origin=name,
            stage="ingest",
            reason=f"truncated or corrupt compressed file after {yielded} record(s): {exc}",
        )
    except Exception as exc:  # warcio and OS errors: one bad file must not end the run
        yield Failure(origin=name, stage="ingest", reason=f"unreadable after {yielded} record(s): {type(exc).__name__}: {exc}")


def _is_warc(reader: BinaryIO) -> bool:
    head = reader.peek(64)[:64]  # type: ignore[attr-defined]
    if head[:2] == GZIP_MAGIC:
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(reader.peek(4096)[:4096], 64)  # type: ignore[attr-defined]
        except zlib.error:
            return False
    return sniff_format(head) == "warc"


def read(
    inputs: Sequence[str | Path],
    *,
    pattern: str | None = None,
    fields: FieldMap | None = None,
    detect_language: bool = True,
    dedup: bool = True,
) -> Iterator[Article | Duplicate | Failure]:
    """Read, clean and dedup inputs without coding them: what the pipeline would see.

    Yields the cleaned `Article`, a `Duplicate` of an earlier one, or a `Failure` (stage
    "ingest", "clean" or "language") per record, in input order.
    """
    from dotterel.clean import Cleaner
    from dotterel.dedup import Deduper

    cleaner = Cleaner(detect_language=detect_language)
    deduper = Deduper() if dedup else None
    for item in read_inputs(inputs, pattern=pattern, fields=fields):
        if isinstance(item, Article):
            item = cleaner(item)
        if deduper is not None and isinstance(item, Article):
            yield deduper(item)
        else:
            yield item
