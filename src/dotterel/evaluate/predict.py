"""What `dotterel eval` measures: the adapters between gold formats and the coder.

Scoring only sees the small `Predictor` protocol below, so tests can hand it predictions
built by hand, and the adapters to the other stages (events, pipeline, where, actors) live in
this one module. `SystemPredictor` imports those stages lazily, on first use.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from dotterel.errors import DotterelError, UserError
from dotterel.model import QUAD_OF_PLOVER, Place

__all__ = ["Classified", "PredictedEvent", "Predictor", "SystemPredictor", "event_of"]


@dataclass(frozen=True)
class Classified:
    """The answer to "which event type links <s> to <t> in this sentence?"."""

    plover_type: str | None
    quad: int | None = None


@dataclass(frozen=True)
class PredictedEvent:
    """The parts of a coded event that gold can be compared with."""

    plover_type: str
    quad: int | None = None
    source: tuple[str | None, ...] = ()  # country code of each source participant
    target: tuple[str | None, ...] = ()
    place: Place | None = None
    date: dt.date | None = None
    modality: str | None = None  # negated | future | hypothetical | historical | None
    trigger_start: int | None = None  # offsets into the coded text
    trigger_end: int | None = None
    #: Offsets of the toponyms in the text that name `place`.
    place_spans: tuple[tuple[int, int], ...] = ()
    #: The CAMEO-style actor code of each participant ("IGOUNO", "TURGOV"), for actors with no country.
    source_codes: tuple[str | None, ...] = ()
    target_codes: tuple[str | None, ...] = ()
    confidence: float | None = None
    date_precision: str | None = None


class Predictor(Protocol):
    def classify(self, marked: str) -> Classified:
        """Type and quad of the event between the <s> and <t> spans of `marked`."""

    def code(self, texts: Sequence[str], published: Sequence[dt.date | None]) -> list[tuple[PredictedEvent, ...]]:
        """The events coded in each text, in input order."""

    def resolve(self, name: str, text: str, start: int, end: int) -> Place | None:
        """The place a toponym span (`text[start:end] == name`) refers to.

        A predictor may also offer `resolve_spans(text, spans) -> list[Place | None]` to
        resolve all toponyms of an article together; scoring then prefers it.
        """


class SystemPredictor:
    """The real coder: EventCoder for classification, Pipeline for coding, Gazetteer for places.

    `dictionaries` (a PETRARCH dictionary folder) makes participants be coded with the record
    set's own actor codes instead of dotterel's knowledge base.
    """

    def __init__(self, model_dir: str | Path | None = None, dictionaries: str | Path | None = None,
                 decider: str | None = None) -> None:
        self.model_dir = model_dir
        #: "default", "off" or a decider folder (None: the pipeline's default).
        self.decider = decider
        #: What the predictor could not do as asked, reported in the result's notes.
        self.notes: dict[str, Any] = {"decider": decider} if decider is not None else {}
        self._coder: Any = None
        self._pipeline: Any = None
        self._gazetteer: Any = None
        self._petrarch = None
        self.dictionaries = Path(dictionaries) if dictionaries is not None else None
        self._tmp: tempfile.TemporaryDirectory | None = None
        if dictionaries is not None:
            from dotterel.evaluate.xmlgold import PetrarchDictionary

            self._petrarch = PetrarchDictionary.load(dictionaries)

    def classify(self, marked: str) -> Classified:
        if self._coder is None:
            events = _require("dotterel.events", "EventCoder")
            self._coder = events.EventCoder(model_dir=self.model_dir)
        result = self._coder.classify(marked)
        ptype = getattr(result, "plover_type", None) if result is not None else None
        quad = getattr(result, "quad", None) if ptype else None
        return Classified(ptype, quad or QUAD_OF_PLOVER.get(ptype or ""))

    def detect(self, marked: str) -> bool:
        """Whether the event stage codes any event in `marked`, its spans being the only actors.

        A marked span is a party the annotator identified, so it counts as a coded actor (an
        actor with a KB id); otherwise the stage's rule that an event needs a coded party would
        drop every event and make over-coding zero by construction.
        """
        from dotterel.events.classification import parse_marked
        from dotterel.model import Actor, Analysis, Article, Mention, Sentence

        if self._coder is None:
            events = _require("dotterel.events", "EventCoder")
            self._coder = events.EventCoder(model_dir=self.model_dir)
        coder = self._coder
        text, s_span, t_span = parse_marked(marked)
        mentions = tuple(
            Mention("gold", 0, span[0], span[1], text[span[0] : span[1]], "KB", (Actor(name=role, kb_id=f"<{role}>"),), "kb")
            for role, span in (("source", s_span), ("target", t_span))
            if span
        )
        doc = coder.classifier.nlp(text) if coder.may_hold_event(text) else None
        analysis = Analysis(Article("gold", text), (Sentence("gold", 0, 0, len(text), text),), (doc,), mentions)
        return bool(coder(analysis).events)

    def _get_pipeline(self) -> Any:
        if self._pipeline is None:
            pipeline = _require("dotterel.pipeline", "Pipeline")
            config = None
            kb_files = self._petrarch_kb() if self.dictionaries is not None else ()
            if self.model_dir is not None or kb_files or self.decider is not None:
                from dotterel.config import Config

                config = Config(
                    event_model=str(self.model_dir) if self.model_dir is not None else None,
                    kb_files=tuple(str(f) for f in kb_files),
                    decider=self.decider or "default",
                )
            self._pipeline = pipeline.Pipeline(config=config)
        return self._pipeline

    def code(self, texts: Sequence[str], published: Sequence[dt.date | None]) -> list[tuple[PredictedEvent, ...]]:
        self._get_pipeline()
        out: list[tuple[PredictedEvent, ...]] = [()] * len(texts)
        # The pipeline takes one publication date per call: group the texts by it.
        groups: dict[dt.date | None, list[int]] = {}
        for i, day in enumerate(published):
            groups.setdefault(day, []).append(i)
        for day, idx in groups.items():
            analyses = self._pipeline.code_texts([texts[i] for i in idx], published=day)
            # code_texts leaves out texts it cannot read; its origin "<text k>" says which is which.
            for k, analysis in _by_input(analyses, len(idx)):
                out[idx[k]] = tuple(event_of(e, analysis, self._petrarch) for e in analysis.events)
        return out

    def code_windows(
        self, windows: Sequence[tuple[Sequence[str], dt.date | None]]
    ) -> list[list[tuple[PredictedEvent, ...]]]:
        """Code each window (consecutive sentences of one article) as one text, so coreference
        and context work as in a whole article; the events of each sentence, in order."""
        texts = ["\n".join(sentences) for sentences, _ in windows]
        coded = self.code(texts, [day for _, day in windows])
        out = []
        for (sentences, _), events in zip(windows, coded):
            bounds, pos = [], 0
            for sentence in sentences:
                pos = texts[len(out)].find(sentence, pos)
                bounds.append(pos)
                pos += len(sentence)
            per: list[list[PredictedEvent]] = [[] for _ in sentences]
            for event in events:
                at = event.trigger_start or 0
                k = max((i for i, b in enumerate(bounds) if 0 <= b <= at), default=0)
                per[k].append(event)
            out.append([tuple(p) for p in per])
        return out

    def locate(
        self, texts: Sequence[str], verbs: Sequence[tuple[int, int] | None]
    ) -> list[tuple[Place | None, tuple[tuple[int, int], ...]]]:
        """The place linked to each text's marked verb, with the spans of the toponyms it came from.

        Every sentence is parsed (no event prefilter) and no event detection is involved: this
        measures place linking alone, given the verb, as event-location benchmarks define it.
        """
        import copy

        from dotterel.model import Article

        pipeline = self._get_pipeline()
        where = _require("dotterel.where.geocoder", "trigger_place")
        parser = copy.copy(pipeline.nlp)
        parser.prefilter = None  # the marked verb's sentence is parsed whatever the prefilter says
        articles = [Article(f"locate-{i}", text) for i, text in enumerate(texts)]
        out: list[tuple[Place | None, tuple[tuple[int, int], ...]]] = []
        for analysis, verb in zip(parser.pipe(articles, batch_size=64), verbs):
            if verb is None:
                out.append((None, ()))
                continue
            analysis = pipeline.where(pipeline.actors(analysis))
            place = where.trigger_place(pipeline.where.gazetteer, analysis, verb[0], verb[1])
            spans: tuple[tuple[int, int], ...] = ()
            if place is not None:
                spans = tuple(
                    (t.start, t.end) for t in analysis.toponyms if _is_place_of(t, place)
                )
            out.append((place, spans))
        return out

    def _petrarch_kb(self) -> list[Path]:
        """Knowledge-base files made from the record set's PETRARCH dictionaries, so the
        pipeline finds its (often fictional) actors; [] if the actors stage cannot import them.
        """
        try:
            from dotterel.actors.importers import import_petrarch_actors, import_petrarch_agents
        except ImportError:
            self.notes["dictionaries"] = "participants recoded only: dotterel.actors has no PETRARCH importer"
            return []
        assert self.dictionaries is not None
        self._tmp = tempfile.TemporaryDirectory(prefix="dotterel-petrarch-kb-")
        out = Path(self._tmp.name)
        files: list[Path] = []
        try:
            for i, actors in enumerate(sorted(self.dictionaries.glob("*ctors*.txt"))):
                import_petrarch_actors(_strip_xml_comments(actors, out / f"actors{i}.txt"), out / f"kb{i}")
                files += [out / f"kb{i}" / "groups.csv", out / f"kb{i}" / "roles.csv"]
            for i, agents in enumerate(sorted(self.dictionaries.glob("*gents*.txt"))):
                import_petrarch_agents(_strip_xml_comments(agents, out / f"agents{i}.txt"), out / f"sectors{i}.csv")
                files.append(out / f"sectors{i}.csv")
            _drop_repeated_names(f for f in files if f.name in ("groups.csv", "roles.csv"))
        except DotterelError as exc:
            self.notes["dictionaries"] = f"participants recoded only: {exc}"
            return []
        return files

    def _gaz(self) -> Any:
        if self._gazetteer is None:
            where = _require("dotterel.where", "Gazetteer")
            self._gazetteer = where.Gazetteer.load()
        return self._gazetteer

    def resolve(self, name: str, text: str, start: int, end: int) -> Place | None:
        return self._gaz().resolve(name)

    def resolve_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> list[Place | None]:
        """Resolve all toponym spans of one article together, as the where stage does."""
        try:
            from dotterel.where.resolution import resolve_spans
        except ImportError:
            return [self.resolve(text[s:e], text, s, e) for s, e in spans]
        return list(resolve_spans(self._gaz(), text, list(spans)))


def _strip_xml_comments(src: Path, dst: Path) -> Path:
    """Copy a dictionary without its <!-- --> comments (kept as blank lines, so lines still match)."""
    text = src.read_text(encoding="utf-8", errors="replace")
    dst.write_text(re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S), encoding="utf-8")
    return dst


def _drop_repeated_names(files: Any) -> None:
    """PETRARCH dictionaries list a name under several entries ("PALESTINIAN"); dotterel's KB
    refuses ambiguous names, so the first entry keeps a name and later ones lose it."""
    owner: dict[str, str] = {}
    for path in files:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        if not rows:
            continue
        kept = [rows[0]]
        for row in rows[1:]:
            kb_id, name = row[0], row[1]
            if owner.setdefault(name.casefold(), kb_id) != kb_id:
                continue
            aliases = [a for a in row[2].split("|") if a and owner.setdefault(a.casefold(), kb_id) == kb_id]
            row[2] = "|".join(aliases)
            kept.append(row)
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(kept)


def _by_input(analyses: Sequence[Any], n: int) -> list[tuple[int, Any]]:
    origins = [getattr(a.article, "origin", "") for a in analyses]
    if all(o.startswith("<text ") for o in origins):
        return [(int(o[6:-1]), a) for o, a in zip(origins, analyses)]
    if len(analyses) == n:
        return list(enumerate(analyses))
    raise UserError("the pipeline returned fewer analyses than texts and no way to match them up")


def _require(module: str, name: str) -> Any:
    import importlib

    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        raise UserError(f"{module} is not available ({exc}); install dotterel with all its stages") from None
    if not hasattr(mod, name):
        raise UserError(f"{module} has no {name}; this dotterel build cannot run this evaluation")
    return mod


def _is_place_of(toponym: Any, place: Place) -> bool:
    """True when a toponym of the text names `place` (same id or name; unresolved: same text)."""
    if toponym.place is None:
        return place.geonameid is None and toponym.text == place.name
    if toponym.place.geonameid is not None and toponym.place.geonameid == place.geonameid:
        return True
    return toponym.place.name == place.name


def event_of(event: Any, analysis: Any = None, petrarch: Any = None) -> PredictedEvent:
    """Reduce a dotterel.model.Event to what gold is compared with."""

    def country(participant: Any) -> str | None:
        if petrarch is not None:
            return petrarch.country(participant.text) or participant.actor.country
        return participant.actor.country

    mod = event.modality
    modality = next(
        (m for m in ("negated", "hypothetical", "future", "historical") if getattr(mod, m, False)), None
    )
    spans: tuple[tuple[int, int], ...] = ()
    if event.location is not None and analysis is not None:
        spans = tuple(
            (t.start, t.end)
            for t in analysis.toponyms
            if _is_place_of(t, event.location)
        )
    return PredictedEvent(
        plover_type=event.plover_type,
        quad=event.quad,
        source=tuple(country(p) for p in event.source),
        target=tuple(country(p) for p in event.target),
        place=event.location,
        date=event.date.date if event.date is not None else None,
        modality=modality,
        trigger_start=event.trigger_start,
        trigger_end=event.trigger_end,
        place_spans=spans,
        source_codes=tuple(p.actor.cameo for p in event.source),
        target_codes=tuple(p.actor.cameo for p in event.target),
        confidence=getattr(event, "confidence", None),
        date_precision=getattr(event.date, "precision", None) if event.date is not None else None,
    )
