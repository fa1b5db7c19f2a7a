"""Bytes in: opening (plain or gzip), sniffing formats and binaries, decoding, bounded lines."""

from __future__ import annotations

import gzip
import io
import re
from collections.abc import Iterator
from typing import BinaryIO

from dotterel.errors import InputError

__all__ = [
    "MAX_RECORD_BYTES",
    "GZIP_MAGIC",
    "decode",
    "looks_binary",
    "sniff_format",
    "format_of_name",
    "iter_lines",
    "read_bounded",
    "buffered",
    "open_decompressed",
]

#: Largest article or record read, in bytes. News articles are kilobytes; anything past this
#: is a dump or a broken file, and reading it whole would break the flat-memory promise.
MAX_RECORD_BYTES = 10 * 1024 * 1024

GZIP_MAGIC = b"\x1f\x8b"
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonlines": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".warc": "warc",
}


def format_of_name(name: str) -> tuple[str | None, bool]:
    """(format, gzipped) from a file name: "a.jsonl.gz" -> ("jsonl", True); unknown -> None."""
    lower = name.lower()
    gzipped = lower.endswith(".gz")
    if gzipped:
        lower = lower[:-3]
    for suffix, fmt in _SUFFIXES.items():
        if lower.endswith(suffix):
            return fmt, gzipped
    return None, gzipped


def sniff_format(head: bytes) -> str:
    """Guess a format from the first bytes of a decompressed stream."""
    body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if body.startswith(b"WARC/"):
        return "warc"
    if body[:1] in (b"{", b"["):
        return "jsonl"
    if body[:1] == b"<":
        return "html"
    return "txt"


def looks_binary(head: bytes) -> bool:
    """True for bytes that are not text: NUL bytes, or many control characters."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text has NULs but is text
    if b"\x00" in head:
        return True
    return len(_CONTROL.findall(head)) > max(8, len(head) // 20)


def decode(data: bytes) -> str:
    """Decode a record: UTF-8 (with or without BOM), UTF-16 with BOM, or a legacy 8-bit text.

    Bytes that are valid UTF-8 nowhere are taken as Windows-1252 (a superset of Latin-1 for
    printable text, the usual legacy encoding of English news). Text that mixes valid UTF-8 with
    invalid bytes is corrupt: guessing would garble it, so it raises `InputError`.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"invalid UTF-16 at byte {exc.start}: re-save the file as UTF-8") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _UTF8_MULTIBYTE.search(data):
            raise InputError(
                f"invalid UTF-8 at byte {exc.start} (byte 0x{data[exc.start]:02x}) in text that is "
                "otherwise UTF-8: the file is corrupt or mixes encodings; re-encode it as UTF-8"
            ) from exc
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def buffered(stream: BinaryIO) -> io.BufferedReader:
    """A stream that can `peek`, for sniffing without consuming."""
    if isinstance(stream, io.BufferedReader):
        return stream
    return io.BufferedReader(stream)  # type: ignore[arg-type]


def open_decompressed(stream: BinaryIO) -> io.BufferedReader:
    """Wrap `stream` in gunzip when it starts with the gzip magic number."""
    reader = buffered(stream)
    if reader.peek(2)[:2] == GZIP_MAGIC:
        return buffered(gzip.GzipFile(fileobj=reader, mode="rb"))  # type: ignore[arg-type]
    return reader


def read_bounded(stream: BinaryIO, limit: int = MAX_RECORD_BYTES) -> bytes:
    """Read a whole (small) document, refusing one over `limit` bytes without reading it all."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(
            f"document is over {limit // (1024 * 1024)} MB: not a news article; split it or "
            "use a line-based format (.jsonl, .csv)"
        )
    return data


def iter_lines(stream: BinaryIO, limit: int = MAX_RECORD_BYTES) -> Iterator[tuple[int, bytes | None]]:
    """Yield (line number, line bytes), or (line number, None) for a line over `limit` bytes.

    An over-long line is skipped in 1 MB chunks, so memory stays bounded whatever its length.
    """
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while True:
                chunk = stream.readline(1 << 20)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield number, None
            continue
        yield number, line
