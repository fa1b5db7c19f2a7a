"""Link event mentions into happenings, incrementally and deterministically.

Two mentions may report the same happening when they have the same PLOVER type and modality,
no conflicting party on either side, dates that agree within the precision of each, and places
that agree. They are linked when, on top of that, their sentences say much the same thing (35%
of content words shared) or they fall on the same day, share a party and name both sides
alike, and share some wording (10%). The second test keeps precision on real news, where the
coder's parties are noisy: measured on 393 labelled pairs (bench/happenings/README.md).

A new mention joins the earlier happening it agrees with most; a happening's id is the event id
of its first mention, so ids never change once given and re-running changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dotterel.where.distance import haversine_km

__all__ = ["Report", "Party", "Linker", "compatible", "content_words", "date_window", "outlet", "SYMMETRIC_TYPES"]

#: Types where "A met B" and "B met A" are the same happening.
SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})

#: Places further apart than this are different happenings (unless one is a whole country).
PLACE_KM = 150.0

#: Days a date resolved from the article's publication date may lie before it: "on Tuesday"
#: in a Thursday paper is resolved, an undated "attacked" is not.
PUBLISHED_SLACK_DAYS = 2

#: Content-word overlap (Jaccard) at which two sentences tell the same thing; tuned on the dev half.
SAME_WORDING = 0.35
#: Overlap needed besides a shared party and the same day.
SOME_WORDING = 0.10

_STOP = frozenset(
    "the a an of to in on and or for with by at from as is was were be been has have had that this it its "
    "their his her they he she will would said says say not but about after over into than more most also "
    "which who whom there been being what when where while".split()
)
_WORD = re.compile(r"[a-z0-9]+")


def content_words(sentence: str) -> frozenset[str]:
    """The words of a sentence that carry content (lower-cased, 3+ letters, no stop words)."""
    return frozenset(w for w in _WORD.findall(sentence.lower()) if len(w) > 2 and w not in _STOP)


@dataclass(frozen=True)
class Party:
    """What linking needs of an actor: its country, sector and KB id."""

    country: str | None
    sector: str | None
    kb_id: str | None
    name: str | None = None


@dataclass(frozen=True)
class Report:
    """One event mention as linking sees it (built from an `Event` or a stored events row)."""

    event_id: str
    article_id: str
    sentence: int
    plover_type: str
    date: dt.date | None
    precision: str | None
    basis: str | None
    source: tuple[Party, ...]
    target: tuple[Party, ...]
    lat: float | None = None
    lon: float | None = None
    place_country: str | None = None
    place_is_country: bool = False
    modality: tuple[bool, bool, bool] = (False, False, False)  # negated, future, hypothetical
    happening_id: str | None = None
    words: frozenset[str] = frozenset()  # content_words of the evidence sentence


def date_window(m: Report) -> tuple[dt.date, dt.date] | None:
    """The days the mention's date may stand for; None when it has no date."""
    if m.date is None:
        return None
    d = m.date
    if m.precision == "day":
        if m.basis == "published":  # the article's date, not the event's: it may be a little earlier
            return d - dt.timedelta(days=PUBLISHED_SLACK_DAYS), d
        return d, d
    if m.precision == "week":
        return d - dt.timedelta(days=3), d + dt.timedelta(days=6)
    if m.precision == "month":
        first = d.replace(day=1)
        nxt = (first + dt.timedelta(days=32)).replace(day=1)
        return first, nxt - dt.timedelta(days=1)
    return dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)


def _coarse(m: Report) -> bool:
    return m.precision in ("month", "year")


def _dates_agree(a: Report, b: Report) -> bool:
    wa, wb = date_window(a), date_window(b)
    if wa is None or wb is None:
        return False
    if _coarse(a) or _coarse(b):
        # "in March" against one day of March is too weak to call the same; "in 2015" matches "in 2015".
        return a.precision == b.precision and wa == wb
    return wa[0] <= wb[1] and wb[0] <= wa[1]


def _party_match(p: Party, q: Party) -> bool:
    if p.kb_id and q.kb_id:
        if p.kb_id == q.kb_id:
            return True
        if not (p.country and q.country) or (p.kb_id.startswith("P-") and q.kb_id.startswith("P-")):
            return False  # two different named people, groups or organisations
    if p.country and q.country:
        return p.country == q.country and (p.sector is None or q.sector is None or p.sector == q.sector)
    if p.name and q.name:
        return p.name.casefold() == q.name.casefold()
    return False


def _side(a: Sequence[Party], b: Sequence[Party]) -> int:
    """2 when the sides share a party, 1 when both are empty, 0 when one is, -1 when they conflict."""
    if not a and not b:
        return 1
    if not a or not b:
        return 0
    return 2 if any(_party_match(p, q) for p in a for q in b) else -1


def _sides(a: Report, b: Report) -> tuple[int, int] | None:
    """The best agreement of (source, target) sides, None when every reading conflicts."""
    orders = [(b.source, b.target)]
    if a.plover_type in SYMMETRIC_TYPES:
        orders.append((b.target, b.source))
    best = None
    for src, tgt in orders:
        s, t = _side(a.source, src), _side(a.target, tgt)
        if s < 0 or t < 0:
            continue
        if best is None or s + t > sum(best):
            best = (s, t)
    return best


def _places_agree(a: Report, b: Report) -> bool:
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return True  # one report does not say where
    if a.place_country and b.place_country and a.place_country != b.place_country:
        return False
    if a.place_is_country or b.place_is_country:
        return True
    return haversine_km(a.lat, a.lon, b.lat, b.lon) <= PLACE_KM


def _overlap(a: Report, b: Report) -> float:
    if not a.words or not b.words:
        return 0.0
    return len(a.words & b.words) / len(a.words | b.words)


def compatible(a: Report, b: Report) -> int:
    """A score > 0 when `a` and `b` report the same happening (higher: more agreement), else 0."""
    if a.plover_type != b.plover_type or a.modality != b.modality:
        return 0
    if a.article_id == b.article_id and a.sentence == b.sentence:
        return 0  # two events of one sentence are two happenings ("attacked A and B")
    if not _dates_agree(a, b) or not _places_agree(a, b):
        return 0
    sides = _sides(a, b)
    if sides is None:
        return 0
    overlap = _overlap(a, b)
    if overlap >= SAME_WORDING:
        return 3 + sum(sides)
    if not _coarse(a) and a.date == b.date and 2 in sides and 0 not in sides and overlap >= SOME_WORDING:
        return 1 + sum(sides)
    return 0


class Linker:
    """Assigns happening ids to new mentions against earlier ones (stored or of the same batch)."""

    def __init__(self, earlier: Iterable[Report] = ()) -> None:
        self._by_day: dict[tuple[str, int], list[Report]] = {}  # (type, day) or (type/precision, first day)
        for m in earlier:
            self._add(m)

    @staticmethod
    def _keys(m: Report) -> list[tuple[str, int]]:
        """Index keys: every day of a fine date's window; one key per month or year for coarse ones."""
        window = date_window(m)
        if window is None:
            return []
        if _coarse(m):
            return [(f"{m.plover_type}/{m.precision}", window[0].toordinal())]
        return [(m.plover_type, d) for d in range(window[0].toordinal(), window[1].toordinal() + 1)]

    def _add(self, m: Report) -> None:
        for key in self._keys(m):
            self._by_day.setdefault(key, []).append(m)

    def candidates(self, m: Report) -> list[Report]:
        """Earlier reports of the same type whose date windows touch `m`'s."""
        seen: dict[str, Report] = {}
        for key in self._keys(m):
            for other in self._by_day.get(key, ()):
                seen.setdefault(other.event_id, other)
        return list(seen.values())

    def link(self, m: Report) -> str:
        """The happening `m` joins (its own event id when it is the first report); remembers `m`."""
        votes: dict[str, int] = {}
        for other in self.candidates(m):
            if other.happening_id is None or other.event_id == m.event_id:
                continue
            score = compatible(m, other)
            if score:
                votes[other.happening_id] = votes.get(other.happening_id, 0) + score
        if votes:
            # Most agreement wins; ties go to the smaller id so the result never depends on order.
            happening = min(votes, key=lambda h: (-votes[h], h))
        else:
            happening = m.event_id
        self._add(dataclasses.replace(m, happening_id=happening))
        return happening


_HOST = re.compile(r"^[a-z][a-z0-9+.-]*://(?:[^@/]*@)?([^/:?#]+)", re.IGNORECASE)
_SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"}


def outlet(source: str | None, url: str | None) -> str | None:
    """The outlet of an article: its `source` field, else the registered domain of its URL."""
    if source and source.strip():
        return source.strip().casefold()
    m = _HOST.match(url or "")
    if not m:
        return None
    labels = m.group(1).lower().rstrip(".").split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])  # bbc.co.uk
    return ".".join(labels[-2:])
