"""The article's incident place, for events whose own clause names no place.

News names the place of an incident once, near the top ("Gunmen killed five people in X on
Monday"), and then goes on about the incident without repeating it ("The attackers also burned
a school"). An event its clause leaves unplaced takes, in order: the place of the last event of
the same type before it that its own clause placed (the same incident, basis "article"); the
dateline (basis "dateline"); the place of the article's first event that its clause placed, when
that event opens the story (basis "article"); the first town or region the lead names (basis
"article"); else it stays unplaced. A place from an unrelated
clause of the event's own sentence is never taken (see `dotterel.where.geocoder.event_place`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence

from dotterel.model import Event, Place, Toponym

__all__ = ["incident_places", "lead_place", "LEAD_SENTENCES"]

#: The first event placed by its clause stands for the story when it is in its first sentences.
LEAD_SENTENCES = 3


def lead_place(toponyms: Iterable[Toponym], text: str) -> Place | None:
    """The place the story's lead names as a scene: its first town, district or region in a place
    phrase ("in", "at", "near" ...) of the first `LEAD_SENTENCES` sentences, else its first such
    country ("Three people were killed in a stabbing in Reading, England, on Saturday" names
    Reading). A name that stands for a government or a party ("Baghdad and Washington are in
    talks", "United States-backed fighters") does not set the scene."""
    lead = sorted((t for t in toponyms if t.sentence < LEAD_SENTENCES and t.place is not None
                   and t.place.country and _SCENE_BEFORE.search(text, max(0, t.start - 40), t.start)),
                  key=lambda t: t.start)
    local = [t for t in lead if t.place.feature in _LOCAL_FEATURES]
    top = (local or lead or [None])[0]
    return None if top is None else dataclasses.replace(top.place, basis="article")


#: A place phrase right before a name: "in", "at the", "near the town of", "in northern".
_SCENE_BEFORE = re.compile(
    r"\b(?:in|at|near|inside|outside|across|into|around|on)\s+(?:the\s+)?(?:[\w-]+\s+(?:of\s+)?){0,2}$",
    re.IGNORECASE,
)
#: Kinds of place more specific than a country: the lead's first such place is where the story is.
_LOCAL_FEATURES = {"city", "admin2", "admin1", None}


def incident_places(events: Sequence[Event], dateline: Place | None, lead: Place | None = None) -> tuple[Event, ...]:
    """`events` (their `location` set from their own clause, or None) with unplaced ones filled in;
    `lead` is the place the story's lead names (see `lead_place`), the last resort."""
    order = sorted(range(len(events)), key=lambda k: (events[k].sentence, events[k].trigger_start))
    placed = [events[k] for k in order if events[k].location is not None and events[k].location.basis == "text"]
    first = placed[0].location if placed and placed[0].sentence < LEAD_SENTENCES else None
    out = list(events)
    same_type: dict[str, Place] = {}
    for k in order:
        event = events[k]
        if event.location is not None and event.location.basis == "text":
            same_type[event.plover_type] = event.location
            continue
        if event.location is not None:
            continue
        if event.plover_type in same_type:
            place = dataclasses.replace(same_type[event.plover_type], basis="article")
        elif dateline is not None:
            place = dateline
        elif first is not None:
            place = dataclasses.replace(first, basis="article")
        elif lead is not None:
            place = lead
        else:
            continue
        out[k] = dataclasses.replace(event, location=place)
    return tuple(out)
