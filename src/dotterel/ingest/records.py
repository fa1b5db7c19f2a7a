"""Record formats: JSON lines (and concatenated JSON objects) and CSV/TSV, streamed."""

from __future__ import annotations

import csv
import json
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO

from dotterel.clean.calendar import parse_date
from dotterel.errors import InputError
from dotterel.ingest.metadata import article_from
from dotterel.ingest.source import MAX_RECORD_BYTES, decode, iter_lines
from dotterel.model import Article, Failure

__all__ = ["FieldMap", "to_article", "read_jsonl", "read_csv"]


@dataclass(frozen=True)
class FieldMap:
    """Where each article field lives in a record: candidate names, first non-empty wins.

    Dotted names reach into nested objects ("citeInfo.title"); a list of strings (a story as
    paragraphs) is joined with blank lines. The defaults read common dumps as they are,
    including the PLOVER/POLECAT JSON layout.
    """

    id: tuple[str, ...] = ("id", "article_id", "doc_id", "guid")
    title: tuple[str, ...] = ("title", "headline", "citeInfo.title")
    text: tuple[str, ...] = ("text", "body", "content", "article", "story", "textInfo.textStory")
    published: tuple[str, ...] = ("published", "date", "publish_date", "published_at", "pubdate", "datetime")
    url: tuple[str, ...] = ("url", "link", "citeInfo.url")
    source: tuple[str, ...] = ("source", "publisher", "outlet", "site", "citeInfo.publisher")

    @classmethod
    def parse(cls, specs: Mapping[str, str] | None) -> FieldMap:
        """Build from {"text": "body", "published": "meta.date,date"}; unknown keys are an error."""
        if not specs:
            return cls()
        known = {f for f in cls.__dataclass_fields__}
        unknown = set(specs) - known
        if unknown:
            raise InputError(f"unknown field name(s) {sorted(unknown)}: use {sorted(known)}")
        return cls(**{k: tuple(n.strip() for n in v.split(",") if n.strip()) for k, v in specs.items()})


def _lookup(record: Mapping[str, Any], name: str) -> Any:
    value: Any = record
    for part in name.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _first(record: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = _lookup(record, name)
        if isinstance(value, list):
            value = "\n\n".join(str(v) for v in value if v is not None and not isinstance(v, (dict, list)))
        if value is None or isinstance(value, (dict, bool)):
            continue
        text = str(value).strip() if not isinstance(value, str) else value
        if text.strip():
            return text
    return None


def to_article(record: Mapping[str, Any], origin: str, fields: FieldMap) -> Article | Failure:
    """Turn one record into an `Article`, or a `Failure` when it holds no text."""
    text = _first(record, fields.text)
    if text is None:
        return Failure(
            origin=origin,
            stage="ingest",
            reason=f"no text: none of the fields {', '.join(fields.text)} holds any; name the text field",
        )
    return article_from(
        text,
        origin,
        title=_first(record, fields.title),
        published=parse_date(_first(record, fields.published)),
        source=_first(record, fields.source),
        url=_first(record, fields.url),
    )


def _records(value: Any, origin: str, fields: FieldMap) -> Iterator[Article | Failure]:
    items = value if isinstance(value, list) else [value]
    for index, item in enumerate(items):
        where = origin if len(items) == 1 else f"{origin}#{index + 1}"
        if isinstance(item, Mapping):
            yield to_article(item, where, fields)
        else:
            yield Failure(origin=where, stage="ingest", reason=f"a JSON {type(item).__name__}, not an object")


def _skip_separators(text: str) -> str:
    """Drop what sits between records of a JSON array: "[" before an object, "," and "]".

    Stripping the array's brackets lets a large array of objects stream one object at a time.
    """
    text = text.lstrip()
    while text[:1] in (",", "]") or (text[:1] == "[" and text[1:].lstrip()[:1] in ("{", "")):
        text = text[1:].lstrip()
    return text


def read_jsonl(stream: BinaryIO, name: str, fields: FieldMap, limit: int = MAX_RECORD_BYTES) -> Iterator[Article | Failure]:
    """Stream JSON lines; also pretty-printed JSON objects one after another, or in an array.

    A record may span lines: lines are gathered until they parse. A malformed record fails
    alone (origin "file:line" of its first line) and reading resumes on the next line.
    """
    decoder = json.JSONDecoder()
    pending: list[tuple[int, str]] = []  # lines of the record being gathered
    size = 0

    def fail(number: int, reason: str) -> Failure:
        return Failure(origin=f"{name}:{number}", stage="ingest", reason=reason)

    for number, raw in iter_lines(stream, limit):
        if raw is None:
            yield fail(number, f"line over {limit // (1024 * 1024)} MB: not a news record; skipped")
            pending, size = [], 0
            continue
        try:
            line = decode(raw)
        except InputError as exc:
            yield fail(number, exc.message)
            continue
        if not pending:
            line = _skip_separators(line)
            if not line:
                continue
            if line[0] not in "{[":
                yield fail(number, "malformed JSON: a record must start with '{'")
                continue
        pending.append((number, line))
        size += len(line)
        # Parse only when the record can be complete: a closing bracket ends the line.
        if not line.rstrip().rstrip(",").endswith(("}", "]")) and size <= limit:
            continue
        while pending:
            buffer = "".join(text for _, text in pending)
            first = pending[0][0]
            try:
                value, end = decoder.raw_decode(buffer.lstrip())
            except RecursionError:
                # Python's parser gives up near 1,000 levels; no news record nests like that.
                yield fail(first, "JSON nested too deep: not a news record")
                pending = pending[1:]
                while pending and not _skip_separators(pending[0][1]).startswith(("{", "[")):
                    pending = pending[1:]
                size = sum(len(t) for _, t in pending)
                continue
            except json.JSONDecodeError as exc:
                incomplete = exc.pos >= len(buffer.lstrip().rstrip()) and size <= limit
                if incomplete:
                    break  # wait for more lines
                if size > limit:
                    yield fail(first, f"JSON record over {limit // (1024 * 1024)} MB or never closed")
                else:
                    yield fail(first, f"malformed JSON: {exc.msg} (line {first + exc.lineno - 1}, column {exc.colno})")
                # Drop the bad record's first line and retry the rest: the next record may
                # already have started in the lines gathered so far.
                pending = pending[1:]
                while pending and not _skip_separators(pending[0][1]).startswith(("{", "[")):
                    pending = pending[1:]
                size = sum(len(t) for _, t in pending)
                continue
            yield from _records(value, f"{name}:{first}", fields)
            rest = _skip_separators(buffer.lstrip()[end:])
            if rest:
                # Another record starts on the last line: keep it pending.
                pending = [(pending[-1][0], rest)]
                size = len(rest)
            else:
                pending, size = [], 0
    if pending:
        yield fail(pending[0][0], "malformed JSON: the record is cut off at the end of the file")


class _Lines:
    """Decoded lines of a CSV stream for `csv.reader`, remembering each line's number and text
    until its row is done, and able to take lines back to parse them again."""

    def __init__(self, stream: BinaryIO, limit: int, bad: dict[int, str]) -> None:
        self._source = iter_lines(stream, limit)
        self._limit = limit
        self._back: deque[tuple[int, str]] = deque()
        self.bad = bad
        self.taken: list[int] = []  # line numbers in the order they were handed out
        self.text: dict[int, str] = {}

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self._back:
            number, text = self._back.popleft()
        else:
            number, raw = next(self._source)
            if raw is None:
                self.bad[number] = f"line over {self._limit // (1024 * 1024)} MB: not a news record; skipped"
                text = "\n"
            else:
                try:
                    text = decode(raw)
                except InputError as exc:
                    self.bad[number] = exc.message
                    text = raw.decode("utf-8", errors="replace")
        self.taken.append(number)
        self.text[number] = text
        return text

    def push_back(self, lines: list[tuple[int, str]]) -> None:
        self._back.extendleft(reversed(lines))

    def release(self, upto: int) -> None:
        """Forget the first `upto` lines handed out."""
        for n in self.taken[:upto]:
            self.text.pop(n, None)
        del self.taken[:upto]


def _swallowed_rows(lines: list[str], columns: int, delimiter: str) -> bool:
    """True when a quoted field spanning `lines` is a quote that never closed.

    An odd number of quote characters means the field runs to the end of the file. Otherwise
    the field closed at some stray quote later on: the continuation lines look like rows (as
    many fields as the header) where a real multi-line text holds paragraphs. Tabs are rare in
    text, so in a TSV one such line is enough; in a CSV (commas are common) most must look so.
    """
    if len(lines) < 2:
        return False
    if sum(line.count('"') for line in lines) % 2:
        return True
    inner = [line for line in lines[1:] if line.strip()]
    rowlike = sum(1 for line in inner if len(next(csv.reader([line], delimiter=delimiter), [])) == columns)
    if delimiter == "\t":
        return rowlike >= 1
    return rowlike >= 2 and rowlike * 2 >= len(inner)


def read_csv(
    stream: BinaryIO, name: str, fields: FieldMap, delimiter: str = ",", limit: int = MAX_RECORD_BYTES
) -> Iterator[Article | Failure]:
    """Stream a CSV (or TSV) file with a header row; each row is a record, origin "file:line".

    A quoted field that never closes would swallow the rows after it into one article: it is
    reported as a failure of its own line, and the lines after it are read again as rows.
    """
    bad: dict[int, str] = {}
    source = _Lines(stream, limit, bad)
    csv.field_size_limit(max(csv.field_size_limit(), limit))
    reader = csv.reader(source, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        yield Failure(origin=f"{name}:1", stage="ingest", reason=f"malformed CSV header: {exc}")
        return
    columns = [c.strip() for c in header]
    if not any(name in columns for name in fields.text):
        # One failure for the file, not one per row: the whole file needs a field mapping.
        yield Failure(
            origin=f"{name}:1",
            stage="ingest",
            reason=f"no text column: columns are {columns}; name the text column (text=COLUMN)",
        )
        return
    source.release(len(source.taken))
    base = -reader.line_num  # reader.line_num + base = lines of source.taken used so far
    while True:
        try:
            row = next(reader)
            error = None
        except StopIteration:
            return
        except csv.Error as exc:
            row, error = [], exc
        used = reader.line_num + base
        numbers = source.taken[:used]
        texts = [source.text[n] for n in numbers]
        source.release(used)
        base -= used
        if not numbers:
            continue
        origin = f"{name}:{numbers[0]}"
        if error is not None:
            yield Failure(origin=origin, stage="ingest", reason=f"malformed CSV: {error}")
            continue
        if _swallowed_rows(texts, len(columns), delimiter):
            yield Failure(
                origin=origin,
                stage="ingest",
                reason=f"a quoted field opens on line {numbers[0]} and does not close where it should "
                f"(it would take in the next {len(numbers) - 1} line(s)); fix the quote. The lines after "
                "it are read on their own",
            )
            source.push_back(list(zip(numbers[1:], texts[1:])))
            reader = csv.reader(source, delimiter=delimiter)
            base = 0
            continue
        if not row or not any(cell.strip() for cell in row):
            continue
        problems = [bad.pop(n) for n in numbers if n in bad]
        if problems:
            yield Failure(origin=origin, stage="ingest", reason=problems[0])
            continue
        if len(row) != len(columns):
            yield Failure(
                origin=origin,
                stage="ingest",
                reason=f"malformed CSV: {len(row)} fields where the header has {len(columns)}",
            )
            continue
        yield to_article(dict(zip(columns, row)), origin, fields)
