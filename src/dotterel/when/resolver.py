"""The `when` stage: each event gets the date of the expression attached to it in its sentence."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re

from dotterel.model import Analysis, Event, EventDate, Sentence
from dotterel.stage import Stage
from dotterel.when.expressions import resolve_date

__all__ = ["DateResolver", "date_expressions", "HISTORICAL_DAYS"]

#: An event that ended more than this many days before its article is background, not news.
HISTORICAL_DAYS = 30

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
    return sorted((s for s in spans if not _clock_time(s) and not _year_of_a_name(s)), key=lambda s: s.start)


#: Entity labels of names that may hold a year ("the 2015 Paris Agreement", "the 1961 Single Convention").
_NAMED = {"LAW", "EVENT", "ORG", "WORK_OF_ART", "FAC", "PRODUCT"}


_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "this", "that"}


def _year_of_a_name(span) -> bool:
    """A year that is part of a name or a law, not a date: "the 1961 Single Convention", "the 2022
    World Cup", "the Civil Rights Act of 1964". The year is followed by a capitalised name or
    stands in a named entity, or follows "Act of", "Law of", "Convention of"."""
    years = [t for t in span if t.like_num and len(t.text) == 4 and t.text.isdigit()]
    if not years or len(span) > len(years) + 2:
        return False
    doc, year = span.doc, years[-1]
    if year.ent_type_ in _NAMED:
        return True
    after = doc[year.i + 1] if year.i + 1 < len(doc) else None
    first = doc[year.i - 1] if year.i > 0 else None
    # "the 1961 Single Convention", "its 2015 Paris Agreement"; not "In 2015 Russia intervened".
    if after is not None and after.text[:1].isupper() and after.pos_ == "PROPN" and after.ent_type_ != "DATE" \
            and first is not None and (first.lower_ in _DETERMINERS or first.tag_ == "POS"):
        return True
    before = doc[year.i - 2: year.i] if year.i >= 2 else None
    return bool(before is not None and before[1].lower_ == "of" and before[0].text[:1].isupper()
                and before[0].pos_ in ("PROPN", "NOUN") and before[0].i > 0)


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

    `historical` is set on an event whose period (day, week, month, year) ended more than
    HISTORICAL_DAYS before the article, or that runs "since" a past year or month. A stated date
    after the article is skipped unless the event lies ahead; a year inside a name ("the 1961
    Single Convention") is no date. An event its sentence leaves undated takes the date stated for
    the last event of the same type before it, else the day the story's lead states (both basis
    "article"), else the publication date.
    """

    name = "when"

    def __init__(self, lead: bool = True) -> None:
        #: Date events no sentence dates by the day the story's lead states (see `_lead_date`).
        self.lead = lead

    def __call__(self, analysis: Analysis) -> Analysis:
        if not analysis.events:
            return analysis
        spans: dict[int, list] = {}  # date expressions per sentence, found once
        events = [self.date_event(analysis, event, spans) for event in analysis.events]
        # An event its sentence does not date takes the date the article stated for the last event
        # of the same kind before it ("Gunmen killed 5 in X on Monday. ... The attackers also killed
        # a policeman."): the incident's date, not the publication date.
        # Else the day the story's lead states ("Three people were killed in X on Saturday").
        stated: dict[str, EventDate] = {}
        lead = _lead_date(analysis) if self.lead else None
        for n in sorted(range(len(events)), key=lambda k: (events[k].sentence, events[k].trigger_start)):
            event = events[n]
            if event.date is not None and event.date.basis == "text" and event.date.precision == "day":
                stated[event.plover_type] = event.date
            elif event.date is not None and event.date.basis in ("published", "dateline") and not event.modality.future:
                date = stated.get(event.plover_type, lead)
                if date is not None:
                    events[n] = self._dated(event, dataclasses.replace(date, basis="article"),
                                            analysis.article.published)
        return dataclasses.replace(analysis, events=tuple(events))

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
        return self._dated(event, date, anchor)

    @staticmethod
    def _dated(event: Event, date: EventDate, anchor: dt.date | None) -> Event:
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
            if resolved is not None and _after(resolved, anchor) and not event.modality.future:
                continue  # what the article reports as done cannot come after the article
            if resolved is not None:
                return resolved
        return None


#: Day expressions a lead states, read off its text (the lead may not have been parsed).
_LEAD_DAY = re.compile(
    r"\b(?:(?:(?:last|on|this|early|late)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?|yesterday|last\s+night|"
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{1,2}(?:st|nd|rd|th)?\b(?!,?\s+\d{4})|"
    r"\d{1,2}(?:st|nd|rd|th)?\s+(?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december)\b(?!,?\s+\d{4}))",
    re.IGNORECASE,
)
#: Sentences that make a story's lead.
_LEAD_SENTENCES = 2


def _lead_date(analysis: Analysis) -> EventDate | None:
    """The first day the story's lead states that lies within HISTORICAL_DAYS before the article."""
    anchor = analysis.article.published
    if anchor is None:
        return None
    for sentence in analysis.sentences[:_LEAD_SENTENCES]:
        for match in _LEAD_DAY.finditer(sentence.text):
            date = resolve_date(match.group(0), anchor)
            if date is not None and date.precision == "day" and 0 <= (anchor - date.date).days <= HISTORICAL_DAYS:
                return date
    return None


def _period_end(date: EventDate) -> dt.date:
    """The last day of the period a date stands for (its day, week, month or year)."""
    start = date.date
    if date.precision == "week":
        return start + dt.timedelta(days=6)
    if date.precision == "month":
        return dt.date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
    if date.precision == "year":
        return dt.date(start.year, 12, 31)
    return start


def _after(date: EventDate, anchor: dt.date | None) -> bool:
    """True when the whole period of `date` lies after the article's date."""
    return anchor is not None and date.date > anchor


def _historical(date: EventDate, anchor: dt.date | None) -> bool:
    """More than HISTORICAL_DAYS between the end of the event's period and the article."""
    if date.basis not in ("text", "article"):
        return False
    if (date.expression or "").lower().startswith("since ") and date.precision in ("year", "month"):
        # "Since 2016, X has launched ..." recounts a past series: background, not this news.
        return anchor is None or date.date < anchor
    if anchor is None:
        return False
    return (anchor - _period_end(date)).days > HISTORICAL_DAYS
