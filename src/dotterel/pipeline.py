"""The pipeline: ingest -> clean -> dedup -> nlp -> actors -> events -> when -> where -> store."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dotterel import __version__
from dotterel.config import Config
from dotterel.events.casualties import CASUALTY_TYPES, casualties
from dotterel.model import Analysis, Article, Duplicate, Event, Failure

__all__ = ["Pipeline", "RunSummary", "ANALYSIS_STAGES"]

log = logging.getLogger(__name__)

#: Stages run per batch of clean, unique articles, in order.
ANALYSIS_STAGES = ("nlp", "actors", "events", "when", "where")


@dataclass
class RunSummary:
    """What a run did. `read == coded + stored + duplicates + skipped + failed` always holds."""

    run_id: str = ""
    read: int = 0
    coded: int = 0
    stored: int = 0  # already in the store from an earlier run: not coded again
    duplicates: int = 0
    skipped: int = 0
    failed: int = 0
    events: int = 0
    seconds: float = 0.0
    #: Size of the input files and how much of it has been read (for progress and its ETA).
    bytes_total: int = 0
    bytes_read: int = 0
    #: Machines the analysis ran on: 1 for local runs, the Ray nodes holding actors for --engine ray.
    nodes: int = 1
    stage_seconds: dict[str, float] = field(default_factory=Counter)
    failure_reasons: Counter = field(default_factory=Counter)

    @property
    def balanced(self) -> bool:
        return self.read == self.coded + self.stored + self.duplicates + self.skipped + self.failed

    def as_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["stage_seconds"] = {k: round(v, 3) for k, v in self.stage_seconds.items()}
        d["failure_reasons"] = dict(self.failure_reasons.most_common(20))
        d["balanced"] = self.balanced
        return d


class Pipeline:
    """Code articles into events. Stages load their resources when the pipeline is built.

    >>> events = Pipeline().code(["Turkey's foreign minister visited Romania on Wednesday."])
    """

    def __init__(self, config: Config | None = None) -> None:
        from dotterel.actors import ActorResolver, KnowledgeBase
        from dotterel.events import EventCoder
        from dotterel.events.coder import DEFAULT_KEEP, MODALITIES
        from dotterel.nlp import Parser
        from dotterel.when import DateResolver
        from dotterel.where import Gazetteer, Geocoder

        self.config = config or Config()
        self.config_hash = self.config.hash()
        self.actors = ActorResolver(KnowledgeBase.load(extra=[Path(p) for p in self.config.kb_files]))
        self.events = EventCoder(
            model_dir=Path(self.config.event_model) if self.config.event_model else None,
            threshold=0.0 if self._decider_wanted() else self.config.threshold,
            keep=MODALITIES if self.config.keep_modal else DEFAULT_KEEP,
            keep_sport=self.config.keep_sport,
        )
        self.decider = self._load_decider(MODALITIES if self.config.keep_modal else DEFAULT_KEEP)
        prefilter = self._prefilter if self.config.prefilter else None
        self.nlp = Parser(self.config.model, prefilter=prefilter,
                          article_filter=self.events.may_hold_events if self.config.prefilter else None)
        self.when = DateResolver()
        self.where = Geocoder(Gazetteer.load())
        self.stage_seconds: Counter = Counter()

    def _decider_wanted(self) -> bool:
        from dotterel.decide.model import DEFAULT_DIR
        from dotterel.errors import UserError

        choice = self.config.decider
        if choice == "default" and not (DEFAULT_DIR / "decider.json").exists():
            raise UserError("this dotterel ships no decider model; train one with `dotterel train-decider`")
        return choice != "off"

    def _load_decider(self, keep: frozenset[str]) -> Any:
        if not self._decider_wanted():
            return None
        from dotterel.decide.model import Decider

        decider = Decider.load(None if self.config.decider == "default" else self.config.decider,
                               coder=self.events, keep=frozenset(keep))
        decider.min_confidence = self.config.threshold
        return decider

    def _prefilter(self, text: str) -> bool:
        # The KB test is the cheaper and the more selective of the two: it goes first. The
        # decider reads the same sentences: parsing every sentence with an actor instead found
        # 1 more fully right event of 355 on the real-news dev split and tripled the parse time.
        return self.actors.may_mention_actor(text) and self.events.may_hold_event(text)

    # -- analysis of clean articles -----------------------------------------------------------
    def analyse(self, articles: Sequence[Article]) -> list[Analysis]:
        """Run nlp -> actors -> events -> when -> where on a batch of clean articles."""
        t = time.perf_counter()
        analyses = list(self.nlp.pipe(articles, batch_size=max(1, len(articles))))
        t = self._tick("nlp", t)
        analyses = [self.actors(a) for a in analyses]
        t = self._tick("actors", t)
        # The learned layer, when there is one, codes the events from the rules' proposals;
        # otherwise the rule coder does.
        analyses = [(self.decider or self.events)(a) for a in analyses]
        t = self._tick("events", t)
        analyses = [self.when(a) for a in analyses]
        t = self._tick("when", t)
        analyses = [self.where(a) for a in analyses]
        self._tick("where", t)
        return [self._finish(a) for a in analyses]

    def _tick(self, stage: str, started: float) -> float:
        now = time.perf_counter()
        self.stage_seconds[stage] += now - started
        return now

    def _finish(self, analysis: Analysis) -> Analysis:
        # The coder already applied the threshold and the modality policy; stamp provenance.
        # Casualties are read from the sentence of violent events only (cheap regexes).
        events = tuple(
            dataclasses.replace(
                e, pipeline_version=__version__, config_hash=self.config_hash,
                casualties=casualties(e.evidence) if e.plover_type in CASUALTY_TYPES else e.casualties,
            )
            for e in analysis.events
        )
        return dataclasses.replace(analysis, events=events)

    # -- convenience API ----------------------------------------------------------------------
    def code_texts(self, texts: Iterable[str], published: dt.date | None = None) -> list[Analysis]:
        """Clean and analyse raw texts (no dedup, no store); one Analysis per text that could be read."""
        from dotterel.clean import Cleaner
        from dotterel.ingest.metadata import article_from

        cleaner = Cleaner(detect_language=False)
        articles = []
        for i, text in enumerate(texts):
            raw = article_from(text, f"<text {i}>", published=published)
            cleaned = cleaner(raw)
            if isinstance(cleaned, Article):
                articles.append(cleaned)
        return self.analyse(articles) if articles else []

    def code(self, texts: Iterable[str], published: dt.date | None = None) -> list[Event]:
        """Code raw texts into events."""
        return [e for a in self.code_texts(texts, published) for e in a.events]

    # -- whole runs into a store ----------------------------------------------------------------
    def run(
        self,
        inputs: Sequence[str | Path],
        store: Any,
        *,
        pattern: str | None = None,
        progress: Callable[[RunSummary], None] | None = None,
        workers: int = 1,
        engine: str = "local",
    ) -> RunSummary:
        """Code every article of `inputs` into `store`; returns the reconciled summary."""
        from dotterel.runner import run

        return run(self, inputs, store, config=self.config, pattern=pattern, progress=progress,
                   workers=workers, engine=engine)


def new_run_id() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]


def clean_stream(
    records: Iterable[Article | Failure],
    cleaner: Callable[[Article], Article | Failure],
    deduper: Any,
    store: Any,
    summary: RunSummary,
    stage_seconds: Counter,
    record_seconds: float = 0.0,
) -> Iterator[tuple[Article, tuple[str, bytes]] | Duplicate | Failure]:
    """Clean and deduplicate a stream of read records, counting each one exactly once.

    Cleaning one record may take `record_seconds` (0: no limit) before it becomes a failure."""
    from dotterel.stage import OverBudget, time_budget

    it = iter(records)
    seen: set[str] = set()  # article ids read in this run (a few bytes each)
    while True:
        t = time.perf_counter()
        try:
            rec = next(it)
        except StopIteration:
            return
        t2 = time.perf_counter()
        stage_seconds["ingest"] += t2 - t
        summary.read += 1
        if isinstance(rec, Failure):
            yield rec
            continue
        try:
            with time_budget(record_seconds):
                cleaned = cleaner(rec)
        except OverBudget:
            cleaned = Failure(rec.origin, "clean", f"over the time budget of {record_seconds:g} s for one article "
                              "(--time-budget): skipped", rec.article_id)
        except Exception as exc:  # a cleaner bug must not lose the article
            cleaned = Failure(rec.origin, "clean", f"{type(exc).__name__}: {exc}", rec.article_id)
        t3 = time.perf_counter()
        stage_seconds["clean"] += t3 - t2
        if isinstance(cleaned, Failure):
            yield cleaned
            continue
        if cleaned.article_id in seen:
            # Same normalised text earlier in this run: an exact duplicate, whoever stored it.
            stage_seconds["dedup"] += time.perf_counter() - t3
            yield Duplicate(cleaned, cleaned.article_id, "exact")
            continue
        seen.add(cleaned.article_id)
        if store.has_article(cleaned.article_id):
            summary.stored += 1
            stage_seconds["dedup"] += time.perf_counter() - t3
            continue
        result = deduper(cleaned)
        if isinstance(result, Duplicate):
            stage_seconds["dedup"] += time.perf_counter() - t3
            yield result
            continue
        signature = deduper.signature(result)
        stage_seconds["dedup"] += time.perf_counter() - t3
        yield result, signature
