"""Readers for the tabular and JSON gold formats: plv/aw TSV, PLOVER JSON records, the
event-location JSON and the CAMEO_ConfliBERT coder files. Each returns a `GoldSet` and raises
`GoldFormatError` naming the line of the first record it cannot read.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dotterel.errors import GoldFormatError
from dotterel.evaluate.gold import (
    MODALITIES,
    GoldActor,
    GoldEvent,
    GoldItem,
    GoldPlace,
    GoldSet,
    is_document_record,
    iter_json_records,
    plover_type_of,
    plover_type_of_cameo,
    quad_of,
)

__all__ = [
    "read_plv_tsv",
    "read_aw_tsv",
    "read_plover_json",
    "read_event_location",
    "read_conflibert",
    "NON_POLITICAL_EVENT_TYPES",
]

# Long sentences and the coders' Python-literal columns exceed csv's default field limit.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

#: aw_train event types (ACE / WikiEvents) that PLOVER does not code: outcomes without a
#: source acting on a target (deaths, injuries), business, travel, medical and cognitive
#: events, appointments and ordinary crime. Rows of these types are "not an event" for
#: the over-coding rate. Matched as prefixes of the type with '.' and ':' both accepted.
NON_POLITICAL_EVENT_TYPES: tuple[str, ...] = (
    "Business",
    "Life",
    "Movement",
    "Medical",
    "Cognitive",
    "GenericCrime",
    "Personnel:Nominate",
    "Personnel:Elect",
    "Personnel:Start-Position",
    "Transaction:Transfer-Ownership",
)


def _tsv_rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        try:
            header = next(reader)
        except StopIteration:
            raise GoldFormatError(f"{path}: line 1: the file is empty") from None
        missing = [c for c in required if c not in header]
        if missing:
            raise GoldFormatError(f"{path}: line 1: missing column(s) {', '.join(missing)}")
        prev_line = reader.line_num
        for row in reader:
            line = prev_line + 1
            prev_line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise GoldFormatError(
                    f"{path}: line {line}: {len(row)} fields where the header has {len(header)}; "
                    "check for a stray tab or an unclosed quote"
                )
            yield line, dict(zip(header, row))


def _check_marked(path: Path, line: int, marked: str) -> None:
    # Real data sets leave a role unmarked or mark it twice now and then; what we cannot
    # use is no marking at all, or a span that is opened and never closed.
    if "<s>" not in marked and "<t>" not in marked:
        raise GoldFormatError(f"{path}: line {line}: marked_sentence has no <s>...</s> or <t>...</t> span")
    for tag in ("s", "t"):
        if marked.count(f"<{tag}>") != marked.count(f"</{tag}>"):
            raise GoldFormatError(f"{path}: line {line}: marked_sentence has an unclosed <{tag}> span")


def read_plv_tsv(path: Path) -> GoldSet:
    """Read a plv_train-style TSV: marked sentences with a gold PLOVER root and quad."""
    items = []
    for line, row in _tsv_rows(path, ("marked_sentence", "gold_root", "gold_penta")):
        marked = row["marked_sentence"]
        _check_marked(path, line, marked)
        try:
            ptype = plover_type_of(row["gold_root"])
        except ValueError as exc:
            raise GoldFormatError(f"{path}: line {line}: gold_root: {exc}") from None
        quad = _int(row["gold_penta"], path, line, "gold_penta", allowed=(1, 2, 3, 4))
        event = GoldEvent(
            plover_type=ptype,
            quad=quad,
            source=(GoldActor(row.get("source", "")),),
            target=(GoldActor(row.get("target", "")),),
        )
        items.append(
            GoldItem(
                item_id=row.get("sentence_id") or str(line),
                line=line,
                text=row.get("sentence") or _unmark(marked),
                marked=marked,
                events=(event,) if ptype else (),
            )
        )
    return GoldSet(path.stem, "plv_tsv", str(path), tuple(items), ("type", "quad"))


def read_aw_tsv(path: Path) -> GoldSet:
    """Read an aw_train-style TSV: marked sentences labelled 1 conflict / 0 cooperation."""
    items = []
    political = 0
    for line, row in _tsv_rows(path, ("marked_sentence", "gold_binary", "event_type")):
        marked = row["marked_sentence"]
        _check_marked(path, line, marked)
        binary = _int(row["gold_binary"], path, line, "gold_binary", allowed=(0, 1))
        is_political = not _is_non_political(row["event_type"])
        political += is_political
        items.append(
            GoldItem(
                item_id=row.get("uid") or str(line),
                line=line,
                text=row.get("sentence") or _unmark(marked),
                marked=marked,
                binary=binary,
                political=is_political,
            )
        )
    notes = {"political_rows": political, "non_political_rows": len(items) - political}
    return GoldSet(path.stem, "aw_tsv", str(path), tuple(items), ("binary",), notes)


def _is_non_political(event_type: str) -> bool:
    norm = event_type.replace(".", ":")
    return any(norm.startswith(p.replace(".", ":")) for p in NON_POLITICAL_EVENT_TYPES)


def _unmark(marked: str) -> str:
    return re.sub(r"</?[st]>", "", marked)


def _int(value: str, path: Path, line: int, column: str, allowed: tuple[int, ...]) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        number = None
    if number not in allowed:
        raise GoldFormatError(
            f"{path}: line {line}: {column} is {value!r}; expected one of {', '.join(map(str, allowed))}"
        )
    return number


# --- PLOVER JSON records ---------------------------------------------------------------------


def read_plover_json(path: Path) -> GoldSet:
    """Read PLOVER gold-standard records (JSON array or JSON Lines).

    Each record: `text`, `event` (a PLOVER type, old names mapped; null for "no event"),
    `source`/`target` lists of {"actorText", "code"[, "country"]}, `eventText`, and optionally
    `id`, `modality` (negated|future|hypothetical|historical), `published`, `date` (with
    `date_precision` day|week|month|year: a month-precision date is right in any day of its month), `quad`,
    `location` {"name", "geonameid", "country", "lat", "lon"}. Records with the same text are
    the events of one item.
    """
    by_text: dict[tuple[Any, Any, str], dict[str, Any]] = {}
    slots = {"type", "quad", "source", "target"}
    notes = {"document_records": 0, "placeholder_dates": 0}
    dates: list[dt.date] = []
    for line, rec in iter_json_records(path.read_text(encoding="utf-8-sig"), str(path)):
        if not isinstance(rec, dict):
            raise GoldFormatError(f"{path}: line {line}: a PLOVER record must be a JSON object")
        if is_document_record(rec):
            notes["document_records"] += 1  # the file's header: no sentence, nothing to score
            continue
        placeholder = _placeholder_date(rec)
        if placeholder:
            notes["placeholder_dates"] += 1
            rec = {k: v for k, v in rec.items() if k != "date"}
        elif rec.get("date") not in (None, ""):
            dates.append(_date(rec.get("date"), path, line, "date"))
        text = rec.get("text")
        if not isinstance(text, str) or not text.strip():
            raise GoldFormatError(f"{path}: line {line}: the record has no 'text'")
        try:
            ptype = plover_type_of(rec.get("event"))
        except ValueError as exc:
            raise GoldFormatError(f"{path}: line {line}: event: {exc}") from None
        published = _date(rec.get("published"), path, line, "published")
        key = (rec.get("article_id"), rec.get("sentence"), text)
        entry = by_text.setdefault(
            key,
            {"line": line, "id": str(rec.get("id", line)), "published": published, "events": [],
             "article_id": rec.get("article_id"), "sentence": rec.get("sentence"), "corpus": rec.get("corpus")},
        )
        if ptype is None:
            continue
        modality = rec.get("modality") or None
        if modality is not None and modality not in MODALITIES:
            raise GoldFormatError(
                f"{path}: line {line}: modality {modality!r}; use one of {', '.join(MODALITIES)} or null"
            )
        place = _place(rec.get("location"), path, line)
        date = _date(rec.get("date"), path, line, "date")
        slots.update(["place"] if place else [])
        slots.update(["date"] if date else [])
        quad = rec.get("quad", quad_of(ptype))
        entry["events"].append(
            GoldEvent(
                plover_type=ptype,
                quad=int(quad) if quad is not None else None,
                source=_actors(rec.get("source"), path, line, "source"),
                target=_actors(rec.get("target"), path, line, "target"),
                place=place,
                date=date,
                modality=modality,
                trigger=rec.get("eventText") or None,
                date_precision=_precision(rec.get("date_precision"), path, line) if date else None,
                mode=rec.get("mode") or None,
            )
        )
    if len(dates) >= 5 and len(set(dates)) == 1:
        # Every record carries the same date: a placeholder the annotators left, not gold.
        notes["placeholder_dates"] += len(dates)
        slots.discard("date")
        for entry in by_text.values():
            entry["events"] = [dataclasses.replace(e, date=None) for e in entry["events"]]
    items = tuple(
        GoldItem(item_id=e["id"], line=e["line"], text=key[2], published=e["published"], events=tuple(e["events"]),
                 article_id=e["article_id"], sentence=e["sentence"], corpus=e["corpus"])
        for key, e in by_text.items()
    )
    if not items:
        raise GoldFormatError(f"{path}: the file holds no PLOVER records")
    order = ("type", "quad", "source", "target", "place", "date")
    return GoldSet(path.stem, "plover_json", str(path), items, tuple(s for s in order if s in slots),
                   {k: v for k, v in notes.items() if v})


_PLACEHOLDER = re.compile(r"placeholder|dummy|unknown|yyyy|xxxx|tbd|n/?a", re.I)


def _placeholder_date(rec: dict[str, Any]) -> bool:
    """True when the record says its `date` is a placeholder: a flag (`date_placeholder`,
    `placeholder_date`, ...), a note on the date, or a date value that is a placeholder word."""
    for key, value in rec.items():
        lowered = key.lower()
        if "placeholder" in lowered and value not in (None, False, "", 0, "false", "False"):
            if "date" in lowered or isinstance(value, bool) or (isinstance(value, str) and "date" in value.lower()):
                return True
        if lowered in ("date_note", "datenote", "date_comment", "note", "notes", "comment") and isinstance(value, str):
            if "date" in value.lower() and _PLACEHOLDER.search(value):
                return True
    value = rec.get("date")
    return isinstance(value, str) and bool(value.strip()) and bool(_PLACEHOLDER.search(value)) \
        and not re.match(r"\d{4}-\d{2}-\d{2}", value.strip())


_PRECISIONS = ("day", "week", "month", "year")


def _precision(value: Any, path: Path, line: int) -> str | None:
    if value is None:
        return None
    if value not in _PRECISIONS:
        raise GoldFormatError(f"{path}: line {line}: date_precision {value!r}; use one of {', '.join(_PRECISIONS)}")
    return value


def _actors(value: Any, path: Path, line: int, key: str) -> tuple[GoldActor, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, dict)):
        value = [value]
    if not isinstance(value, list):
        raise GoldFormatError(f"{path}: line {line}: '{key}' must be a list of {{actorText, code}}")
    out = []
    for actor in value:
        if isinstance(actor, str):
            out.append(GoldActor(actor))
            continue
        if not isinstance(actor, dict) or "actorText" not in actor:
            raise GoldFormatError(f"{path}: line {line}: each '{key}' entry needs 'actorText'")
        code = actor.get("code") or None
        country = actor.get("country") or _country_of_code(code)
        out.append(GoldActor(str(actor["actorText"]), code, country, actor.get("sector") or None))
    return tuple(out)


def _country_of_code(code: str | None) -> str | None:
    """The country part of a CAMEO/PLOVER actor code ("USAGOV" -> "USA")."""
    if code and len(code) >= 3 and code[:3].isalpha() and code[:3].isupper():
        return code[:3]
    return None


def _place(value: Any, path: Path, line: int) -> GoldPlace | None:
    if value is None:
        return None
    if isinstance(value, str):
        return GoldPlace(value)
    if not isinstance(value, dict) or "name" not in value:
        raise GoldFormatError(f"{path}: line {line}: 'location' must be a name or {{name, geonameid, ...}}")
    try:
        return GoldPlace(
            name=str(value["name"]),
            geonameid=int(value["geonameid"]) if value.get("geonameid") is not None else None,
            country=value.get("country"),
            lat=float(value["lat"]) if value.get("lat") is not None else None,
            lon=float(value["lon"]) if value.get("lon") is not None else None,
        )
    except (TypeError, ValueError):
        raise GoldFormatError(f"{path}: line {line}: 'location' has a non-numeric geonameid/lat/lon") from None


def _date(value: Any, path: Path, line: int, key: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise GoldFormatError(f"{path}: line {line}: '{key}' is {value!r}, not a YYYY-MM-DD date") from None


# --- event-location JSON -----------------------------------------------------------------------


def read_event_location(path: Path) -> GoldSet:
    """Read event-location records: `text` and `spans` with a VERB and 0+ LOCATION spans."""
    items = []
    located = empty = relocated = 0
    for line, rec in iter_json_records(path.read_text(encoding="utf-8-sig"), str(path)):
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or not isinstance(rec.get("spans"), list):
            raise GoldFormatError(
                f"{path}: line {line} (record {len(items) + 1}): a record needs 'text' and a 'spans' list"
            )
        text = rec["text"]
        verbs, places = [], []
        for span in rec["spans"]:
            try:
                start, end, label = int(span["start"]), int(span["end"]), span["label"]
            except (KeyError, TypeError, ValueError):
                raise GoldFormatError(
                    f"{path}: line {line} (record {len(items) + 1}): each span needs start, end and label"
                ) from None
            if start == end:
                empty += 1  # an empty span marks nothing; the data set has a few
                continue
            marked = span.get("text")
            if label == "LOCATION" and isinstance(marked, str) and marked and text[start:end] != marked:
                # Some records give token offsets (start == token_start): the marked words, found by
                # their text, are what the record means (about 4% of the LOCATION spans).
                at = text.find(marked)
                if at >= 0:
                    start, end = at, at + len(marked)
                    relocated += 1
            if not 0 <= start < end <= len(text):
                raise GoldFormatError(
                    f"{path}: line {line} (record {len(items) + 1}): span {start}-{end} lies outside the text"
                )
            if label == "VERB":
                verbs.append((start, end))
            elif label == "LOCATION":
                places.append(GoldPlace(text[start:end], start, end))
        # A few records mark two verbs (or none): the first verb names the event.
        located += bool(places)
        vs, ve = verbs[0] if verbs else (None, None)
        event = GoldEvent(
            plover_type=None,
            place=places[0] if places else None,
            trigger=text[vs:ve] if verbs else None,
            trigger_start=vs,
            trigger_end=ve,
        )
        items.append(GoldItem(str(len(items) + 1), line, text, events=(event,), toponyms=tuple(places)))
    notes = {"with_location": located, "without_location": len(items) - located, "empty_spans": empty,
             "relocated_spans": relocated}
    return GoldSet(path.stem, "event_location", str(path), tuple(items), ("place",), notes)


# --- CAMEO_ConfliBERT coder files ----------------------------------------------------------------

_COL = re.compile(r"^(?:Action(\d+)[-_](PentaClass|CAMEO)|(1_Relevant|anncomplete))_(\d+)$")
_CAMEO_CELL = re.compile(r"^\s*(\d)\s*-\s*(\d{1,2})\b")
_PENTA_CELL = re.compile(r"^\s*(\d)\s*-")


def read_conflibert(path: Path) -> GoldSet:
    """Read the CAMEO_ConfliBERT coder files (a folder of rounds or one summary CSV).

    Several coders coded each sentence, some in several rounds. An item's gold events are
    the PLOVER types (mapped from CAMEO roots) that a strict majority of the coders who
    completed the sentence chose; each event's quad is the coders' majority PentaClass.
    CAMEO 01 (make a public statement) has no PLOVER type and is not an event here.
    """
    files = [path] if path.is_file() else sorted(path.glob("annotations/*/summary*.csv")) or sorted(
        path.glob("*/summary*.csv")
    )
    if not files:
        raise GoldFormatError(f"{path}: no summary*.csv coder files found")
    # sentence -> [first (file, line), coders completed, Counter(type), {type: Counter(quad)}]
    sentences: dict[str, list[Any]] = {}
    for file in files:
        with file.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or "sentences" not in reader.fieldnames:
                raise GoldFormatError(f"{file}: line 1: a ConfliBERT summary file needs a 'sentences' column")
            prev = reader.line_num
            for row in reader:
                line, prev = prev + 1, reader.line_num
                text = (row.get("sentences") or "").strip()
                if not text:
                    raise GoldFormatError(f"{file}: line {line}: the row has no sentence")
                entry = sentences.setdefault(text, [(file, line), 0, Counter(), {}])
                for coder in _coders(row, file, line):
                    entry[1] += 1
                    for ptype in {t for t, _ in coder}:
                        entry[2][ptype] += 1
                    for ptype, quad in coder:
                        entry[3].setdefault(ptype, Counter())[quad] += 1
    items = []
    for text, (origin, coders, votes, quads) in sentences.items():
        events = tuple(
            GoldEvent(plover_type=t, quad=quads[t].most_common(1)[0][0])
            for t, v in sorted(votes.items())
            if coders and 2 * v > coders
        )
        items.append(GoldItem(f"{origin[0].parent.name}:{origin[1]}", origin[1], text, events=events))
    notes = {"files": len(files), "sentences": len(items), "with_event": sum(bool(i.events) for i in items)}
    return GoldSet(path.name, "conflibert", str(path), tuple(items), ("type", "quad"), notes)


def _coders(row: dict[str, str], file: Path, line: int) -> Iterator[list[tuple[str, int]]]:
    """Yield, per coder who completed the row, their (PLOVER type, quad) actions."""
    by_coder: dict[str, dict[str, dict[str, str]]] = {}
    for key, value in row.items():
        m = _COL.match(key or "")
        if not m:
            continue
        action, kind, flag, coder = m.groups()
        slot = by_coder.setdefault(coder, {"flags": {}, "actions": {}})
        if flag:
            slot["flags"][flag.lower()] = (value or "").strip().lower()
        else:
            slot["actions"].setdefault(action, {})[kind] = (value or "").strip()
    for coder, slot in by_coder.items():
        if slot["flags"].get("anncomplete") != "true":
            continue
        actions = []
        if slot["flags"].get("1_relevant") == "true":
            for action in slot["actions"].values():
                cell = action.get("CAMEO", "")
                if not cell:
                    continue
                m = _CAMEO_CELL.match(cell)
                if not m:
                    raise GoldFormatError(f"{file}: line {line}: coder {coder}: CAMEO cell {cell!r} is not 'P-NN Name'")
                ptype = plover_type_of_cameo(f"{int(m.group(2)):02d}")
                if ptype is None:
                    continue
                penta = _PENTA_CELL.match(action.get("PentaClass", ""))
                quad = int(penta.group(1)) if penta else int(m.group(1))
                actions.append((ptype, quad if quad in (1, 2, 3, 4) else quad_of(ptype)))
        yield actions
