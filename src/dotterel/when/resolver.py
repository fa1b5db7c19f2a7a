"""The `when` stage: each event gets the date of the expression attached to it in its sentence."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from dotterel.model import Analysis, Event, EventDate, Sentence
from dotterel.stage import Stage
from dotterel.when.expressions import resolve_date

__all__ = ["DateResolver", "date_expressions", "HISTORICAL_DAYS"]

#: An event dated this many days or more before the article is outside its news window.
HISTORICAL_DAYS = 365

# Date words spaCy's small model tends to miss as DATE entities.
_EXTRA = re.compile(
    r"\b(?:(?:last|next|this|on)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|\b(?:since|in|during)\s+(?:1[89]|20)\d{2}\b|\((?:1[89]|20)\d{2}\)"
    r"|\b(?:yesterday|today|last\s+(?:week|month|year)|earlier\s+this\s+(?:week|month|year))\b",
    re.IGNORECASE,
)
_VERBAL = {"VERB", "AUX"}
# "at 1830 GMT", "at 0900 local time": a four-digit clock time, not a year.
_CLOCK_AFTER = {"gmt", "bst", "utc", "cet", "cest", "est", "edt", "pst", "ist", "hrs", "hours", "local", "h"}


def date_expressions(doc) -> list:
    """Date spans in a sentence Doc: DATE entities plus weekday/year patterns the model missed."""
    spans = [ent for ent in doc.ents if ent.label_ == "DATE"]
    taken = {t.i for span in spans for t in span}
    for match in _EXTRA.finditer(doc.text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None and not any(t.i in taken for t in span):
            spans.append(span)
            taken.update(t.i for t in span)
    return sorted((s for s in spans if not _clock_time(s)), key=lambda s: s.start)


def _clock_time(span) -> bool:
    """A bare four-digit number read as a time of day: "at 1830 GMT", "at 0900"."""
    digits = [t for t in span if t.like_num]
    if len(digits) != 1 or len(digits[0].text) != 4 or not digits[0].text.isdigit():
        return False
    doc, i = span.doc, digits[0].i
    after = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    before = doc[i - 1].lower_ if i > 0 else ""
    return after in _CLOCK_AFTER or (before == "at" and len(span) == 1)


def _trigger_token(doc, sentence: Sentence, event: Event):
    offset = event.trigger_start - sentence.start
    for token in doc:
        if token.idx <= offset < token.idx + max(len(token.text), 1):
            return token
    return min(doc, key=lambda t: abs(t.idx - offset)) if len(doc) else None


def _attachment(span, trigger) -> tuple[int, int]:
    """(rank, distance): rank 0 when the span hangs off the trigger's own clause, 1 when it is
    somewhere under the trigger, 2 when it belongs to another clause; distance in tokens."""
    distance = min(abs(t.i - trigger.i) for t in span)
    node = span.root
    crossed = False
    for _ in range(40):
        if node.i == trigger.i:
            return (1 if crossed else 0), distance
        if node.head.i == node.i:
            break
        node = node.head
        if node.pos_ in _VERBAL and node.i != trigger.i:
            crossed = True
    return 2, distance


def _compose(span, spans) -> str:
    """The expression for a date span, completed from its neighbours: "two days" + "after" + a date
    span a few tokens on gives "two days after Monday"; a preceding "since"/"in" is kept."""
    doc = span.doc
    text = span.text
    if span.start > 0 and doc[span.start - 1].lower_ in ("since", "in", "during", "until", "by") \
            and not text.lower().startswith(doc[span.start - 1].lower_):
        text = f"{doc[span.start - 1].text} {text}"
    if span.end < len(doc) and doc[span.end].lower_ in ("after", "before"):
        prep = doc[span.end]
        # The parse often hangs the second date elsewhere, so go by position: the next date span
        # within a short window.
        for other in spans:
            if span.end < other.start <= span.end + 12:
                return f"{text} {prep.text} {other.text}"
    return text


class DateResolver(Stage[Analysis, Analysis]):
    """Date every event from the expression attached to it, else from the article's date.

    `historical` is set on an event dated a year or more before the article (HISTORICAL_DAYS), or
    dated by a bare past year ("in 2016", "since 2016") earlier than the article's year.
    """

    name = "when"

    def __call__(self, analysis: Analysis) -> Analysis:
        if not analysis.events:
            return analysis
        spans: dict[int, list] = {}  # date expressions per sentence, found once
        events = tuple(self.date_event(analysis, event, spans) for event in analysis.events)
        return dataclasses.replace(analysis, events=events)

    def date_event(self, analysis: Analysis, event: Event, cache: dict | None = None) -> Event:
        """The event with `date` (and possibly `modality.historical`) filled in."""
        article = analysis.article
        anchor = article.published
        date = None
        doc = analysis.docs[event.sentence] if event.sentence < len(analysis.docs) else None
        if doc is not None and event.sentence < len(analysis.sentences):
            if cache is None:
                cache = {}
            if event.sentence not in cache:
                cache[event.sentence] = date_expressions(doc)
            date = self._from_text(doc, cache[event.sentence], analysis.sentences[event.sentence], event, anchor)
        if date is None and anchor is not None:
            basis = "dateline" if article.published_basis == "dateline" else "published"
            date = EventDate(date=anchor, precision="day", basis=basis, expression=None)
        if date is None:
            return event
        modality = event.modality
        if _historical(date, anchor):
            modality = dataclasses.replace(modality, historical=True)
        return dataclasses.replace(event, date=date, modality=modality)

    def _from_text(self, doc, spans: list, sentence: Sentence, event: Event, anchor: dt.date | None) -> EventDate | None:
        if not spans:
            return None
        trigger = _trigger_token(doc, sentence, event)
        if trigger is None:
            return None
        ranked = sorted(spans, key=lambda s: _attachment(s, trigger))
        for span in ranked:
            rank, _ = _attachment(span, trigger)
            if rank == 2 and len(ranked) > 1 and any(_attachment(s, trigger)[0] < 2 for s in ranked):
                break
            resolved = resolve_date(_compose(span, spans), anchor, future=event.modality.future)
            if resolved is None and _compose(span, spans) != span.text:
                resolved = resolve_date(span.text, anchor, future=event.modality.future)
            if resolved is not None:
                return resolved
        return None


def _historical(date: EventDate, anchor: dt.date | None) -> bool:
    if date.basis != "text":
        return False
    if (date.expression or "").lower().startswith("since ") and date.precision in ("year", "month"):
        # "Since 2016, X has launched ..." recounts a past series: background, not this news.
        return anchor is None or date.date < anchor
    if anchor is None:
        return False
    if date.precision == "year" and date.date.year < anchor.year:
        return True
    return (anchor - date.date).days >= HISTORICAL_DAYS
