"""Build user KB files from other sources: PETRARCH/TABARI dictionaries and Wikidata dumps.

Importers write CSV files in the KB formats of `data/README.md`, ready for `--kb`; they never
touch the bundled KB. Both stream their input, so memory stays bounded by what is kept
(for Wikidata: the country and position items, not the people).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from dotterel.actors.kb import SECTORS
from dotterel.errors import KBError

__all__ = ["import_petrarch_actors", "import_petrarch_agents", "import_wikidata"]

_ROLE_HEADER = ["person_id", "name", "aliases", "org", "position", "title", "sector", "start", "end"]
_GROUP_HEADER = ["kb_id", "name", "aliases", "country", "sector", "cameo"]
_SECTOR_HEADER = ["term", "sector", "kind", "title"]


def _open(path: Path) -> TextIO:
    if not path.is_file():
        raise KBError(f"{path}: no such file; give the dictionary or dump to import")
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path), encoding="utf-8")
    return path.open(encoding="utf-8", errors="replace")


def _phrase(raw: str) -> str:
    return " ".join(w for w in raw.replace("_", " ").split()).title()


def _slug(text: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "-", text.upper()).strip("-")


def _petr_date(value: str, where: str) -> dt.date:
    value = value.strip()
    try:
        if len(value) == 8:
            return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
        if len(value) == 6:
            yy = int(value[:2])
            # TABARI two-digit years: 00-30 are this century, the rest the last one
            return dt.date((2000 if yy <= 30 else 1900) + yy, int(value[2:4]), int(value[4:]))
    except ValueError:
        pass
    raise KBError(f"{where}: bad date {value!r}; PETRARCH dates are YYMMDD or YYYYMMDD")


def _split_code(code: str) -> tuple[str, str]:
    """'USAGOV' -> ('USA', 'GOV'); sectors we do not know are dropped, the country kept."""
    country, sector = code[:3], code[3:6]
    return country, sector if sector in SECTORS else ""


def _petr_records(handle: TextIO, label: str) -> Iterator[tuple[int, str, str | None, list[str], list[tuple[str, str]]]]:
    """Yield (line, phrase, default code, synonyms, [(code, restriction)]) per actor record."""
    current = None
    for n, raw in enumerate(handle, 1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip() or line.lstrip().startswith(";"):
            continue
        if line[0] in " \t" and line.strip().startswith("["):
            if current is None:
                raise KBError(f"{label}, line {n}: date restriction before any actor")
            body = line.strip().strip("[]").split(None, 1)
            current[4].append((body[0], body[1] if len(body) > 1 else ""))
            continue
        if line.startswith("+"):
            if current is None:
                raise KBError(f"{label}, line {n}: synonym before any actor")
            current[3].append(_phrase(line[1:].split("[")[0].split(";")[0]))
            continue
        if current is not None:
            yield tuple(current)  # type: ignore[misc]
        text = line.split(";", 1)[0]
        m = re.match(r"^\s*([^\[]+?)\s*(?:\[([^\]]*)\])?\s*$", text)
        if not m:
            raise KBError(f"{label}, line {n}: cannot read actor line {line!r}")
        current = [n, _phrase(m.group(1)), (m.group(2) or "").strip() or None, [], []]
    if current is not None:
        yield tuple(current)  # type: ignore[misc]


def import_petrarch_actors(path: Path | str, out_dir: Path | str) -> dict[str, int]:
    """Convert a PETRARCH/TABARI actor dictionary into `roles.csv` (dated) and `groups.csv`."""
    path, out_dir = Path(path), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {"people": 0, "roles": 0, "entities": 0}
    with _open(path) as handle, (out_dir / "roles.csv").open("w", newline="", encoding="utf-8") as rf, \
            (out_dir / "groups.csv").open("w", newline="", encoding="utf-8") as gf:
        roles, groups = csv.writer(rf, lineterminator="\n"), csv.writer(gf, lineterminator="\n")
        roles.writerow(_ROLE_HEADER)
        groups.writerow(_GROUP_HEADER)
        for n, phrase, code, synonyms, restrictions in _petr_records(handle, str(path)):
            where = f"{path}, line {n}"
            kb_id = "PETR-" + _slug(phrase)
            aliases = "|".join(s for s in synonyms if s != phrase)
            if restrictions:
                counts["people"] += 1
                for rcode, rule in restrictions:
                    start = end = ""
                    rule = rule.strip()
                    if rule.startswith("<"):
                        end = _petr_date(rule[1:], where).isoformat()
                    elif rule.startswith(">"):
                        start = _petr_date(rule[1:], where).isoformat()
                    elif "-" in rule:
                        a, b = rule.split("-", 1)
                        start, end = _petr_date(a, where).isoformat(), _petr_date(b, where).isoformat()
                    country, sector = _split_code(rcode)
                    roles.writerow([kb_id, phrase, aliases, country, "", "", sector, start, end])
                    counts["roles"] += 1
            elif code:
                country, sector = _split_code(code)
                groups.writerow([kb_id, phrase, aliases, country, sector, code])
                counts["entities"] += 1
    return counts


def import_petrarch_agents(path: Path | str, out_file: Path | str) -> int:
    """Convert a PETRARCH agents dictionary ("POLICE_ {} [~COP]") into a sector lexicon CSV."""
    path, out_file = Path(path), Path(out_file)
    count = 0
    with _open(path) as handle, out_file.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(_SECTOR_HEADER)
        for n, raw in enumerate(handle, 1):
            line = raw.split("#", 1)[0].strip()
            m = re.match(r"^([^\[{]+?)\s*(\{[^}]*\})?\s*\[([^\]]+)\]", line)
            if not m:
                continue
            sector = m.group(3).strip().strip("~")[:3]
            if sector not in SECTORS:
                continue
            # "{}" marks a word without plural (police): an institution; others name one person
            kind = "body" if m.group(2) == "{}" else "role"
            writer.writerow([_phrase(m.group(1)).lower(), sector, kind, ""])
            count += 1
    return count


# ---- Wikidata -------------------------------------------------------------------------------
_TITLES = (("prime minister", "prime minister"), ("foreign affairs", "foreign minister"),
           ("foreign minister", "foreign minister"), ("secretary of state", "foreign minister"),
           ("defence", "defence minister"), ("defense", "defence minister"),
           ("chancellor", "chancellor"), ("vice president", "vice president"), ("president", "president"),
           ("monarch", "king"), ("king", "king"), ("queen", "queen"), ("emir", "emir"))


def _entities(path: Path) -> Iterator[dict]:
    """Stream the entities of a Wikidata JSON dump (one entity per line inside a JSON array)."""
    with _open(path) as handle:
        for n, raw in enumerate(handle, 1):
            line = raw.strip().rstrip(",")
            if not line or line in ("[", "]"):
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise KBError(f"{path}, line {n}: not a JSON entity ({exc.msg}); "
                              "give a Wikidata JSON dump (one entity per line)") from None


def _claim_ids(entity: dict, prop: str) -> list[tuple[str, dict]]:
    out = []
    for claim in entity.get("claims", {}).get(prop, []):
        snak = claim.get("mainsnak", {})
        value = snak.get("datavalue", {}).get("value")
        if isinstance(value, dict) and "id" in value:
            out.append((value["id"], claim.get("qualifiers", {})))
        elif isinstance(value, str):
            out.append((value, claim.get("qualifiers", {})))
    return out


def _qualifier_date(qualifiers: dict, prop: str) -> str:
    for q in qualifiers.get(prop, []):
        t = q.get("datavalue", {}).get("value", {}).get("time", "")
        m = re.match(r"^\+(\d{4})-(\d{2})-(\d{2})", t)
        if m:
            y, mo, d = m.groups()
            return y if mo == "00" else f"{y}-{mo}" if d == "00" else f"{y}-{mo}-{d}"
    return ""


def import_wikidata(path: Path | str, out_file: Path | str) -> dict[str, int]:
    """Build a `roles.csv` from a Wikidata JSON dump: people (P31=Q5) with positions held (P39).

    Two streaming passes: the first keeps countries (P298 ISO alpha-3) and positions with their
    jurisdiction (P1001), the second writes one row per position held with its start (P580) and
    end (P582); citizenship (P27) stands in for a position without a jurisdiction.
    """
    path, out_file = Path(path), Path(out_file)
    iso3: dict[str, str] = {}
    positions: dict[str, tuple[str, str | None]] = {}
    for e in _entities(path):
        codes = [v for v, _ in _claim_ids(e, "P298")]
        if codes:
            iso3[e["id"]] = codes[0]
        jurisdiction = [v for v, _ in _claim_ids(e, "P1001")]
        if jurisdiction or any(v == "Q4164871" for v, _ in _claim_ids(e, "P31")):
            label = e.get("labels", {}).get("en", {}).get("value", "")
            positions[e["id"]] = (label, jurisdiction[0] if jurisdiction else None)
    counts = {"people": 0, "roles": 0}
    with out_file.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(_ROLE_HEADER)
        for e in _entities(path):
            if not any(v == "Q5" for v, _ in _claim_ids(e, "P31")):
                continue
            name = e.get("labels", {}).get("en", {}).get("value")
            held = _claim_ids(e, "P39")
            if not name or not held:
                continue
            aliases = "|".join(a["value"] for a in e.get("aliases", {}).get("en", []) if "|" not in a["value"])
            citizenship = next((iso3[v] for v, _ in _claim_ids(e, "P27") if v in iso3), "")
            wrote = False
            for pos, qualifiers in held:
                label, where = positions.get(pos, ("", None))
                org = iso3.get(where or "", citizenship)
                if not org:
                    continue
                low = label.lower()
                title = next((t for key, t in _TITLES if key in low), low)
                writer.writerow([f"WD-{e['id']}", name, aliases, org, "", title, "GOV",
                                 _qualifier_date(qualifiers, "P580"), _qualifier_date(qualifiers, "P582")])
                counts["roles"] += 1
                wrote = True
            counts["people"] += wrote
    return counts
