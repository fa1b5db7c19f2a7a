"""The actor knowledge base: states, organisations, armed groups, people with dated roles, sectors.

The bundled KB is CSV package data (format in `data/README.md`); user files in the same formats
are merged over it. Which table a file holds is read from its header, so a user file may hold
any of them. Entries are keyed by `kb_id`; a user entry with a bundled `kb_id` replaces the
bundled one (listed in `KnowledgeBase.overrides`). Two entries of one layer with the same id, or
one alias claimed by two entries of different countries in one layer, raise `KBError` naming
file, line and reason: conflicts are never merged silently.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from dotterel.errors import KBError

__all__ = [
    "FORMAT_VERSION",
    "SECTORS",
    "Entry",
    "Role",
    "SectorTerm",
    "KnowledgeBase",
    "fold",
    "tokenize",
    "key_of",
]

#: Version of the CSV formats read here; every bundled file states it in `data/VERSION`.
FORMAT_VERSION = "1"

#: Sector codes (PLOVER/CAMEO style) an actor may carry, with what they mean.
SECTORS: dict[str, str] = {
    "GOV": "government, executive, ministries, diplomats",
    "MIL": "armed forces of a state",
    "COP": "police and internal security forces",
    "SPY": "intelligence services",
    "JUD": "courts, judges, prosecutors",
    "LEG": "parliaments and legislators",
    "PTY": "political parties",
    "OPP": "political opposition",
    "REB": "rebels, armed opposition, armed non-state groups",
    "INS": "insurgents and militants (used by the lexicon for 'militants', 'insurgents')",
    "SEP": "separatists",
    "IGO": "intergovernmental organisations",
    "NGO": "non-governmental organisations",
    "BUS": "businesses and companies",
    "MED": "media and journalists",
    "CVL": "civilians, residents, people",
    "REF": "refugees and displaced people",
    "LAB": "labour unions and workers",
    "EDU": "education: students, universities",
    "REL": "religious leaders and bodies",
    "HLH": "health workers and bodies",
    "ELI": "elites: former officials and prominent people out of office",
    "CRM": "criminals, gangs, smugglers",
    "ACT": "activists and protesters",
    "AGR": "agriculture: farmers",
    "ENV": "environmental groups",
    "UAF": "unaligned armed forces (CAMEO)",
    "MNC": "multinational corporations",
    "HRI": "human rights organisations",
}

_DATA = "dotterel.actors.data"
_BUNDLED = ("states.csv", "igos.csv", "groups.csv", "roles.csv", "sectors.csv")

# Header signatures: the columns a file must have to be read as that table.
_TABLES: dict[str, tuple[str, ...]] = {
    "states": ("iso3", "name", "aliases", "adjectives", "metonyms"),
    "groups": ("kb_id", "name", "aliases", "country", "sector"),
    "igos": ("kb_id", "cameo", "name", "aliases"),
    "roles": ("person_id", "name", "org", "title", "sector", "start", "end"),
    "sectors": ("term", "sector", "kind"),
}

_ROMAN = re.compile(r"[ivxl]+")
_PATRONYMIC = {"bin", "bint", "ibn", "ben", "al", "el", "abu", "ould"}
_FOLD_EXTRA = str.maketrans({"ı": "i", "ø": "o", "Ø": "O", "æ": "ae", "ß": "ss", "đ": "d", "ł": "l",
                             "Ł": "L", "’": "'", "‘": "'", "–": "-", "—": "-"})
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Z](?:\.[A-Z])+\b|[A-Z]\.(?=\s[A-Z])|[^\W_]+(?:-[^\W_]+)*|['’]s\b|[^\w\s]")


def fold(text: str) -> str:
    """Strip diacritics so that 'Çavuşoğlu' and 'Cavusoglu' share a key (length may change)."""
    if text.isascii():
        return text
    text = text.translate(_FOLD_EXTRA)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Split text into (start, end, token) with offsets into `text`; 'U.S.' stays one token."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=1 << 17)
def _norm_token(token: str) -> str:
    # cached: news repeats its words, and this runs for every token of every sentence
    return fold(token).lower().replace(".", "").replace("’", "'")


def key_of(phrase: str) -> tuple[str, ...]:
    """The lookup key of a phrase: folded, lower-cased tokens without dots."""
    return tuple(t for t in (_norm_token(tok) for _, _, tok in tokenize(phrase)) if t)


def _parse_date(value: str, end: bool, where: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    parts = value.split("-")
    try:
        if len(parts) == 1:
            y = int(parts[0])
            return dt.date(y, 12, 31) if end else dt.date(y, 1, 1)
        if len(parts) == 2:
            y, m = int(parts[0]), int(parts[1])
            if not end:
                return dt.date(y, m, 1)
            nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise KBError(f"{where}: bad date {value!r}; write YYYY, YYYY-MM or YYYY-MM-DD") from None


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split("|") if v.strip())


@dataclass(frozen=True)
class Role:
    """One dated office: `org` is an ISO3 country or an IGO kb_id; dates are inclusive, None = open."""

    title: str
    org: str
    sector: str
    start: dt.date | None
    end: dt.date | None
    position: str = ""

    def holds_on(self, date: dt.date) -> bool:
        """True when the role was held on `date`."""
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)


@dataclass(frozen=True)
class Entry:
    """A KB entry: a state, IGO, group or person. `cameo` is the CAMEO-style actor code."""

    kb_id: str
    kind: str  # state | igo | group | person
    name: str
    country: str | None = None
    sector: str | None = None
    cameo: str | None = None
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    #: (phrase, sector) pairs: capitals and seats that stand for a state's institutions.
    metonyms: tuple[tuple[str, str], ...] = ()
    roles: tuple[Role, ...] = ()
    origin: str = ""

    def roles_on(self, date: dt.date) -> list[Role]:
        """The roles held on `date`."""
        return [r for r in self.roles if r.holds_on(date)]


@dataclass(frozen=True)
class SectorTerm:
    """A lexicon word: 'foreign minister' -> GOV, role with title 'foreign minister'."""

    term: str
    sector: str
    kind: str  # role (one office holder) | group (people, plural) | body (an institution)
    title: str | None = None


@dataclass
class KnowledgeBase:
    """All entries plus the indexes the resolver matches against."""

    entries: dict[str, Entry] = field(default_factory=dict)
    sectors: dict[tuple[str, ...], SectorTerm] = field(default_factory=dict)
    #: (kb_id, file:line of the user entry that replaced a bundled one)
    overrides: list[tuple[str, str]] = field(default_factory=list)

    # ---- loading -------------------------------------------------------------------------
    @classmethod
    def load(cls, extra: Iterable[Path | str] = (), bundled: bool = True) -> KnowledgeBase:
        """Load the bundled KB and merge the user files in `extra` over it, in order."""
        kb = cls()
        if bundled:
            root = resources.files(_DATA)
            layer: dict[str, Entry] = {}
            for name in _BUNDLED:
                with resources.as_file(root / name) as path:
                    kb._read(Path(path), layer, f"bundled {name}")
            kb._check_aliases(layer.values())
            kb.entries.update(layer)
        user: dict[str, Entry] = {}
        for path in extra:
            path = Path(path)
            if not path.is_file():
                raise KBError(f"{path}: no such KB file; pass an existing CSV file to --kb")
            kb._read(path, user, str(path))
        kb._check_aliases(user.values())
        for kb_id, entry in user.items():
            if kb_id in kb.entries:
                kb.overrides.append((kb_id, entry.origin))
            kb.entries[kb_id] = entry
        kb._index()
        return kb

    def _read(self, path: Path, layer: dict[str, Entry], label: str) -> None:
        try:
            handle = path.open(encoding="utf-8", newline="")
        except OSError as exc:
            raise KBError(f"{path}: cannot be read ({exc}); check the path and permissions") from None
        with handle:
            rows = csv.reader(line for line in handle if not line.startswith("#"))
            header = next(rows, None)
            if header is None:
                raise KBError(f"{label}: empty file; a KB file starts with a header row (see data/README.md)")
            header = [h.strip() for h in header]
            table = next((t for t, cols in _TABLES.items() if all(c in header for c in cols)), None)
            if table is None:
                raise KBError(f"{label}, line 1: header {header} matches no KB table; see data/README.md")
            reader = getattr(self, f"_row_{table}")
            lineno = 1
            for values in rows:
                lineno += 1
                if not any(v.strip() for v in values):
                    continue
                where = f"{label}, line {lineno}"
                if len(values) != len(header):
                    raise KBError(f"{where}: {len(values)} fields, header has {len(header)}; quote commas")
                reader(dict(zip(header, values)), layer, where)

    def _put(self, layer: dict[str, Entry], entry: Entry, where: str) -> None:
        old = layer.get(entry.kb_id)
        if old is not None and old != entry:
            raise KBError(f"{where}: kb_id {entry.kb_id!r} already defined at {old.origin}; "
                          "give it another id or delete one of the two")
        layer[entry.kb_id] = entry

    def _row_states(self, row: dict[str, str], layer: dict[str, Entry], where: str) -> None:
        iso3 = row["iso3"].strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", iso3):
            raise KBError(f"{where}: iso3 {iso3!r} is not three letters")
        metonyms = []
        for m in _split(row["metonyms"]):
            phrase, _, sector = m.partition(":")
            metonyms.append((phrase.strip(), (sector or "GOV").strip().upper()))
        self._put(layer, Entry(kb_id=iso3, kind="state", name=row["name"].strip(), country=iso3,
                               cameo=iso3, aliases=_split(row["aliases"]),
                               adjectives=_split(row["adjectives"]), metonyms=tuple(metonyms),
                               origin=where), where)

    def _row_igos(self, row: dict[str, str], layer: dict[str, Entry], where: str) -> None:
        self._put(layer, Entry(kb_id=row["kb_id"].strip(), kind="igo", name=row["name"].strip(),
                               sector="IGO", cameo=row["cameo"].strip() or None,
                               aliases=_split(row["aliases"]), origin=where), where)

    def _row_groups(self, row: dict[str, str], layer: dict[str, Entry], where: str) -> None:
        country = row["country"].strip().upper() or None
        sector = row["sector"].strip().upper()
        if sector and sector not in SECTORS:
            raise KBError(f"{where}: sector {sector!r} unknown; use one of {', '.join(SECTORS)}")
        cameo = (row.get("cameo") or "").strip() or f"{country or 'IMG'}{sector}"
        self._put(layer, Entry(kb_id=row["kb_id"].strip(), kind="group", name=row["name"].strip(),
                               country=country, sector=sector or None, cameo=cameo,
                               aliases=_split(row["aliases"]), origin=where), where)

    def _row_roles(self, row: dict[str, str], layer: dict[str, Entry], where: str) -> None:
        pid = row["person_id"].strip()
        sector = row["sector"].strip().upper()
        if sector and sector not in SECTORS:
            raise KBError(f"{where}: sector {sector!r} unknown; use one of {', '.join(SECTORS)}")
        start, end = _parse_date(row["start"], False, where), _parse_date(row["end"], True, where)
        if start and end and end < start:
            raise KBError(f"{where}: role ends ({end}) before it starts ({start})")
        role = Role(title=row["title"].strip().lower(), org=row["org"].strip(), sector=sector,
                    start=start, end=end, position=(row.get("position") or "").strip())
        old = layer.get(pid)
        name = row["name"].strip()
        if old is None:
            country = role.org if self.is_country(role.org, layer) else None
            layer[pid] = Entry(kb_id=pid, kind="person", name=name, country=country,
                               aliases=_split(row.get("aliases")), roles=(role,), origin=where)
            return
        if old.kind != "person" or old.name != name:
            raise KBError(f"{where}: person_id {pid!r} is already {old.name!r} ({old.origin}); "
                          "one id per person")
        aliases = old.aliases + tuple(a for a in _split(row.get("aliases")) if a not in old.aliases)
        layer[pid] = Entry(kb_id=pid, kind="person", name=name, country=old.country or
                           (role.org if self.is_country(role.org, layer) else None),
                           aliases=aliases, roles=old.roles + (role,), origin=old.origin)

    def is_country(self, org: str, layer: dict[str, Entry] | None = None) -> bool:
        """True when a role's `org` is a state: a state entry, or an ISO3-like code the KB does
        not know (imported dictionaries); IGOs with three-letter ids (WHO, ICC) are not."""
        entry = (layer or {}).get(org) or self.entries.get(org)
        if entry is not None:
            return entry.kind == "state"
        return bool(re.fullmatch(r"[A-Z]{3}", org))

    def _row_sectors(self, row: dict[str, str], layer: dict[str, Entry], where: str) -> None:
        sector = row["sector"].strip().upper()
        kind = row["kind"].strip()
        if sector not in SECTORS or kind not in ("role", "group", "body"):
            raise KBError(f"{where}: sector must be one of {', '.join(SECTORS)} and kind role|group|body")
        term = SectorTerm(term=row["term"].strip(), sector=sector, kind=kind,
                          title=(row.get("title") or "").strip().lower() or None)
        key = key_of(term.term)
        self.sectors[key] = term
        # Offices come in the plural too ("foreign ministers"): a group of the same sector.
        if kind != "group" and not key[-1].endswith("s"):
            plural = key[:-1] + (key[-1] + ("es" if key[-1].endswith(("ch", "sh", "x")) else "s"),)
            self.sectors.setdefault(plural, SectorTerm(term=term.term + "s", sector=sector, kind="group"))

    def _check_aliases(self, entries: Iterable[Entry]) -> None:
        seen: dict[tuple[str, ...], Entry] = {}
        for e in entries:
            if e.kind == "person":
                continue
            for name in (e.name, *e.aliases, *e.adjectives, *(m for m, _ in e.metonyms)):
                k = key_of(name)
                other = seen.get(k)
                if other is not None and other.kb_id != e.kb_id and other.country != e.country:
                    raise KBError(f"{e.origin}: name {name!r} of {e.kb_id} also names {other.kb_id} "
                                  f"({other.origin}); drop the ambiguous alias from one of them")
                seen[k] = e

    # ---- indexes -------------------------------------------------------------------------
    def _index(self) -> None:
        #: key -> list of (entry, form, sector) for names, aliases, adjectives and metonyms;
        #: form is name | adjective | metonym.
        self.names: dict[tuple[str, ...], list[tuple[Entry, str, str | None]]] = {}
        #: surname / single-token key -> people
        self.surnames: dict[str, list[Entry]] = {}
        #: (org, title) -> people holding a role with that title there at some time
        self.offices: dict[tuple[str, str], list[Entry]] = {}
        self.org_titles: dict[str, set[str]] = {}
        #: keys that are acronyms and must match upper-case text
        self.acronyms: set[tuple[str, ...]] = set()
        mixed: set[tuple[str, ...]] = set()
        for e in self.entries.values():
            aliases = e.aliases
            if e.kind == "person":
                # one-word aliases of people ("Obama", "Xi") are surnames: they go to the
                # surname index, where the article's date chooses between namesakes
                aliases = tuple(a for a in e.aliases if len(key_of(a)) > 1)
                for a in (e.name, *e.aliases):
                    k = key_of(a)
                    if len(k) == 1 and e not in self.surnames.setdefault(k[0], []):
                        self.surnames[k[0]].append(e)
            names = [e.name] if e.kind != "person" or len(key_of(e.name)) > 1 else []
            forms = [(n, "name", e.sector) for n in names] + [(a, "name", e.sector) for a in aliases]
            forms += [(a, "adjective", None) for a in e.adjectives]
            forms += [(m, "metonym", s) for m, s in e.metonyms]
            for phrase, form, sector in forms:
                k = key_of(phrase)
                if not k:
                    continue
                bucket = self.names.setdefault(k, [])
                if not any(x[0] is e for x in bucket):
                    bucket.append((e, form, sector))
                bare = phrase.replace(".", "")
                # An acronym must match upper-case text ("US", not "us") unless the KB also
                # spells it in mixed case ("Nato").
                if bare.isupper() and len(bare) <= 6:
                    self.acronyms.add(k)
                else:
                    mixed.add(k)
            if e.kind == "person":
                for full in (e.name, *e.aliases):
                    k = key_of(full)
                    if len(k) < 2 or k[-2] in _PATRONYMIC:
                        continue  # "Salman bin Abdulaziz": Abdulaziz is a father, not a surname
                    # "al-Assad" is also written "Assad"
                    stripped = re.sub(r"^(?:al|el|ad|as|ash|at|az|an|ar)-", "", k[-1])
                    for surname in {k[-1], stripped}:
                        if len(surname) < 3 or _ROMAN.fullmatch(surname):
                            continue  # "II" in "Elizabeth II" is no surname
                        bucket = self.surnames.setdefault(surname, [])
                        if e not in bucket:
                            bucket.append(e)
                for r in e.roles:
                    self.org_titles.setdefault(r.org, set()).add(r.title)
                    holders = self.offices.setdefault((r.org, r.title), [])
                    if e not in holders:
                        holders.append(e)
        self.acronyms -= mixed
        #: keys whose KB spelling is all lower case match text in any case ("world body")
        self.lower_ok = {k for e in self.entries.values()
                         for n in (*e.aliases, *(m for m, _ in e.metonyms)) if n.islower()
                         for k in [key_of(n)]}
        #: first token -> lengths of the keys starting with it, longest first, so the scanner
        #: tries only lengths that can match ("the" starts many names)
        lengths: dict[str, set[int]] = {}
        for k in (*self.names, *self.sectors):
            lengths.setdefault(k[0], set()).add(len(k))
        self.first: dict[str, tuple[int, ...]] = {t: tuple(sorted(v, reverse=True)) for t, v in lengths.items()}

    # ---- queries -------------------------------------------------------------------------
    def search(self, name: str) -> list[Entry]:
        """Entries whose name or alias equals `name`, then those that contain it (case-insensitive)."""
        k = key_of(name)
        exact = [e for e, _, _ in self.names.get(k, [])]
        exact += [e for e in self.surnames.get(k[-1], []) if len(k) == 1] if k else []
        needle = " ".join(k)
        seen = {e.kb_id for e in exact}
        more = []
        for e in self.entries.values():
            if e.kb_id in seen:
                continue
            if any(needle in " ".join(key_of(n)) for n in (e.name, *e.aliases)):
                more.append(e)
                seen.add(e.kb_id)
        out, ids = [], set()
        for e in exact + more:
            if e.kb_id not in ids:
                out.append(e)
                ids.add(e.kb_id)
        return out

    def holders(self, org: str, title: str, date: dt.date) -> list[tuple[Entry, Role]]:
        """People who held the office `title` of `org` (ISO3 or IGO id) on `date`."""
        out = []
        # "president" also finds "president of the confederation", not "vice president"
        for full in self.org_titles.get(org, ()):
            if full != title and not full.startswith(title + " "):
                continue
            for person in self.offices.get((org, full), []):
                for role in person.roles:
                    if role.org == org and role.title == full and role.holds_on(date):
                        out.append((person, role))
        return out

    def counts(self) -> dict[str, int]:
        """How many entries of each kind, and role records, the KB holds."""
        c: dict[str, int] = {"state": 0, "igo": 0, "group": 0, "person": 0}
        for e in self.entries.values():
            c[e.kind] = c.get(e.kind, 0) + 1
        c["roles"] = sum(len(e.roles) for e in self.entries.values())
        c["sector_terms"] = len(self.sectors)
        return c

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())
