"""Gold data: the typed form every gold reader produces, and format detection.

A gold file is read into a `GoldSet` of `GoldItem`s (one text each) holding zero or more
`GoldEvent`s. Readers live in `readers.py` (TSV, JSON, CSV) and `xmlgold.py` (XML); this
module knows how to tell the formats apart and how older ontology names map to today's.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dotterel.errors import GoldFormatError
from dotterel.model import PLOVER_TYPES, QUAD_OF_PLOVER

__all__ = [
    "GoldActor",
    "GoldPlace",
    "GoldEvent",
    "GoldItem",
    "GoldSet",
    "FORMATS",
    "MODALITIES",
    "PLOVER_RENAMES",
    "detect_format",
    "read_gold",
    "plover_type_of",
    "plover_type_of_cameo",
    "iter_json_records",
    "is_document_record",
]

#: Gold formats `read_gold` understands, and the task each one measures.
FORMATS: dict[str, str] = {
    "plv_tsv": "classify",  # <s>/<t> marked sentence -> PLOVER type and quad
    "aw_tsv": "classify",  # <s>/<t> marked sentence -> conflict/cooperation
    "plover_json": "code",  # text -> events (type, source, target, place, date)
    "petrarch_xml": "code",
    "conflibert": "code",
    "geo_xml": "resolve",  # toponym span -> GeoNames place (GeoWebNews, LGL) or lat/lon (<location> layout)
    "event_location": "locate",  # sentence -> the place of its event
}

MODALITIES = ("negated", "future", "hypothetical", "historical")

#: PLOVER 0.5 (and the PLOVER summary's) names for today's types. CRIME is no longer an
#: event type (it became a context), so it maps to None: such records hold no event.
#: INVESTIGATE became a mode of ACCUSE in PLOVER 2; DEMAND was merged into REQUEST.
PLOVER_RENAMES: dict[str, str | None] = {
    "YIELD": "CONCEDE",
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
    "CRIME": None,
}

#: CAMEO root -> PLOVER type. Root 01 (make public statement) has no PLOVER type; root 08
#: (yield) is split by its sub-codes in `plover_type_of_cameo`.
_CAMEO_ROOT_TO_PLOVER: dict[str, str | None] = {
    "01": None,
    "02": "REQUEST",
    "03": "AGREE",
    "04": "CONSULT",
    "05": "SUPPORT",
    "06": "COOPERATE",
    "07": "AID",
    "08": "CONCEDE",
    "09": "ACCUSE",
    "10": "REQUEST",
    "11": "ACCUSE",
    "12": "REJECT",
    "13": "THREATEN",
    "14": "PROTEST",
    "15": "MOBILIZE",
    "16": "SANCTION",
    "17": "COERCE",
    "18": "ASSAULT",
    "19": "ASSAULT",
    "20": "ASSAULT",
}
#: CAMEO 084 (return, release), 086 (allow international involvement) and 087
#: (de-escalate military engagement) have material consequences: PLOVER RETREAT.
_CAMEO_RETREAT = ("084", "086", "087")


@dataclass(frozen=True)
class GoldActor:
    """A gold source or target: its text and code as written, and the country it implies."""

    text: str
    code: str | None = None
    #: ISO 3166 alpha-3 (or, for a record set with its own dictionaries, its country code).
    country: str | None = None
    sector: str | None = None  # GOV, MIL, REB, ... where the gold gives one


@dataclass(frozen=True)
class GoldPlace:
    """A gold place: a span of the text and/or a gazetteer entry."""

    name: str
    start: int | None = None
    end: int | None = None
    geonameid: int | None = None
    country: str | None = None  # ISO3
    lat: float | None = None
    lon: float | None = None
    page: str | None = None  # a Wikipedia page naming the place, where the gold gives one


@dataclass(frozen=True)
class GoldEvent:
    """One coded event in a gold record. `plover_type` None means "no PLOVER type known"."""

    plover_type: str | None
    quad: int | None = None
    source: tuple[GoldActor, ...] = ()
    target: tuple[GoldActor, ...] = ()
    cameo_code: str | None = None
    place: GoldPlace | None = None
    date: dt.date | None = None
    modality: str | None = None  # one of MODALITIES, None for a plain factual event
    trigger: str | None = None
    trigger_start: int | None = None
    trigger_end: int | None = None
    #: How exact `date` is: "day", "week", "month" or "year" (None: day).
    date_precision: str | None = None
    mode: str | None = None


@dataclass(frozen=True)
class GoldItem:
    """One gold text. No events means the text holds no event a coder should report."""

    item_id: str
    line: int  # line of the gold file the item starts on
    text: str
    marked: str | None = None  # the text with <s>source</s> and <t>target</t> marked
    published: dt.date | None = None
    events: tuple[GoldEvent, ...] = ()
    #: aw_train: 1 conflict, 0 cooperation (as labelled by the data set's authors).
    binary: int | None = None
    #: aw_train: whether the row's event type is one PLOVER codes at all.
    political: bool = True
    toponyms: tuple[GoldPlace, ...] = ()
    #: Real-news gold: the article the sentence comes from, its index there, and the corpus.
    #: Items of one article are coded together, as the consecutive sentences they are.
    article_id: str | None = None
    sentence: int | None = None
    corpus: str | None = None


@dataclass(frozen=True)
class GoldSet:
    """Everything read from one gold file or folder."""

    name: str
    format: str
    path: str
    items: tuple[GoldItem, ...]
    #: Slots this format has gold for (type, quad, source, target, place, date, binary).
    slots: tuple[str, ...]
    #: Things the reader dropped or mapped, as counts (e.g. {"unmapped_cameo": 8}).
    notes: dict[str, int] = field(default_factory=dict)

    @property
    def task(self) -> str:
        return FORMATS[self.format]


def plover_type_of(name: str | None) -> str | None:
    """Today's PLOVER type for a name from any PLOVER version; None for no event.

    Raises ValueError for a name that is no PLOVER type at all.
    """
    if name is None:
        return None
    key = name.strip().upper()
    if key in ("", "NONE", "NULL", "NO_EVENT", "-"):
        return None
    if key in PLOVER_TYPES:
        return key
    if key in PLOVER_RENAMES:
        return PLOVER_RENAMES[key]
    raise ValueError(f"{name!r} is not a PLOVER event type")


def plover_type_of_cameo(code: str) -> str | None:
    """PLOVER type of a CAMEO event code ("064", "0874", "18"); None if PLOVER has none.

    Raises ValueError for codes outside CAMEO's 20 roots.
    """
    code = code.strip()
    root = code[:2]
    if not (code.isdigit() and root in _CAMEO_ROOT_TO_PLOVER and 2 <= len(code) <= 4):
        raise ValueError(f"{code!r} is not a CAMEO event code")
    if root == "08" and code[:3] in _CAMEO_RETREAT:
        return "RETREAT"
    return _CAMEO_ROOT_TO_PLOVER[root]


def quad_of(plover_type: str | None) -> int | None:
    """QuadClass of a PLOVER type (None for None)."""
    return QUAD_OF_PLOVER.get(plover_type) if plover_type else None


def iter_json_records(text: str, path: str) -> Iterator[tuple[int, object]]:
    """Yield (line, value) for each record of a JSON array, JSON Lines or concatenated JSON.

    Raises GoldFormatError naming the line of the first malformed record.
    """
    decoder = json.JSONDecoder()
    n = len(text)
    line, seen = 1, 0  # line number of offset `seen`, advanced incrementally (files can be one huge line)

    def line_at(pos: int) -> int:
        nonlocal line, seen
        line += text.count("\n", seen, pos)
        seen = pos
        return line

    pos = _skip_ws(text, 0)
    in_array = pos < n and text[pos] == "["
    if in_array:
        pos = _skip_ws(text, pos + 1)
        if pos < n and text[pos] == "]":
            return
    while pos < n:
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise GoldFormatError(
                f"{path}: line {exc.lineno}: not valid JSON ({exc.msg}); fix the record or remove it"
            ) from None
        yield line_at(pos), value
        pos = _skip_ws(text, end)
        if in_array:
            if pos < n and text[pos] == ",":
                pos = _skip_ws(text, pos + 1)
            elif pos < n and text[pos] == "]":
                return
            else:
                raise GoldFormatError(f"{path}: line {line_at(pos)}: expected ',' or ']' between records")
    if in_array:
        raise GoldFormatError(f"{path}: line {line_at(n)}: the JSON array is not closed")


def is_document_record(rec: dict[str, Any]) -> bool:
    """The header record of PLOVER's gold-standard arrays: marked DOCUMENT, with no sentence."""
    marks = (rec.get("event"), rec.get("type"), rec.get("id"), rec.get("record"), rec.get("recordType"))
    if any(isinstance(m, str) and m.strip().upper() == "DOCUMENT" for m in marks):
        return True
    text = rec.get("text")
    return (not isinstance(text, str) or not text.strip()) and any(
        isinstance(v, str) and v.strip().upper() == "DOCUMENT" for v in rec.values()
    )



def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n\ufeff":
        pos += 1
    return pos


def detect_format(path: str | Path) -> str:
    """Name the gold format of a file or folder (a key of FORMATS)."""
    p = Path(path)
    if not p.exists():
        raise GoldFormatError(f"{p}: no such file or folder; give the path of a gold file")
    if p.is_dir():
        if any(p.glob("annotations/*/summary*.csv")) or any(p.glob("*/summary*.csv")):
            return "conflibert"
        xml = sorted(p.glob("*.records.xml")) or sorted(p.glob("*.xml"))
        if xml:
            return detect_format(xml[0])
        raise GoldFormatError(f"{p}: folder holds no gold file dotterel knows (CAMEO_ConfliBERT or PETRARCH XML)")
    head = p.read_bytes()[:8192].decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    first_line = head.split("\n", 1)[0]
    suffix = p.suffix.lower()
    if suffix in (".tsv", ".txt") and "\t" in first_line:
        cols = {c.strip() for c in first_line.split("\t")}
        if "gold_root" in cols:
            return "plv_tsv"
        if "gold_binary" in cols:
            return "aw_tsv"
        raise GoldFormatError(
            f"{p}: line 1: a TSV gold file needs a 'gold_root' (plv) or 'gold_binary' (aw) column"
        )
    if suffix == ".csv" and "plain_text" in first_line and "entities_" in first_line:
        return "conflibert"
    if head.startswith("<"):
        if "<Validation" in head or "<Sentences" in head or "<Sentence " in head:
            return "petrarch_xml"
        if "<articles" in head:
            return "geo_xml"
        raise GoldFormatError(f"{p}: line 1: XML that is neither PETRARCH validation nor <articles> of toponyms")
    if head.startswith(("[", "{")):
        return _detect_json(p)
    raise GoldFormatError(f"{p}: line 1: unknown gold format (expected TSV, JSON, XML or a ConfliBERT folder)")


def _detect_json(p: Path) -> str:
    for line, record in iter_json_records(p.read_text(encoding="utf-8-sig"), str(p)):
        if not isinstance(record, dict):
            raise GoldFormatError(f"{p}: line {line}: each JSON record must be an object")
        if is_document_record(record):
            continue  # the header record of PLOVER's gold-standard arrays
        if "spans" in record:
            return "event_location"
        if "text" in record and ("event" in record or "source" in record or "target" in record):
            return "plover_json"
        raise GoldFormatError(
            f"{p}: line {line}: a JSON gold record needs 'spans' (event location) "
            "or 'event'/'source'/'target' (PLOVER records)"
        )
    raise GoldFormatError(f"{p}: the JSON gold file holds no records")


def read_gold(path: str | Path, fmt: str | None = None, limit: int | None = None) -> GoldSet:
    """Read a gold file or folder in any known format (detected unless `fmt` is given)."""
    from dotterel.evaluate import readers, xmlgold

    fmt = fmt or detect_format(path)
    read = {
        "plv_tsv": readers.read_plv_tsv,
        "aw_tsv": readers.read_aw_tsv,
        "plover_json": readers.read_plover_json,
        "event_location": readers.read_event_location,
        "conflibert": readers.read_conflibert,
        "petrarch_xml": xmlgold.read_petrarch_xml,
        "geo_xml": xmlgold.read_geo_xml,
    }.get(fmt)
    if read is None:
        raise GoldFormatError(f"unknown gold format {fmt!r}; use one of {', '.join(FORMATS)}")
    gold = read(Path(path))
    if limit is not None:
        gold = GoldSet(gold.name, gold.format, gold.path, gold.items[:limit], gold.slots, gold.notes)
    return gold
