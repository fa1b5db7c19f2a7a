"""Runs a whole corpus into a store: one reader and writer, N analysis workers.

The parent process reads, cleans and deduplicates (dedup needs one global view) and is the
only writer to DuckDB; workers run the heavy stages (nlp -> where) on batches of articles.
At most `2 * workers` batches are in flight, so memory stays flat on a stream of any length.
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from dotterel import __version__
from dotterel.config import Config
from dotterel.errors import RunError
from dotterel.model import Analysis, Article, Duplicate, Failure
from dotterel.stage import OverBudget, time_budget

__all__ = ["run"]

log = logging.getLogger(__name__)

_worker_pipeline: Any = None


def _die_with_parent() -> None:
    """Make this worker end when the parent does, even if the parent is SIGKILLed.

    Linux: the kernel sends SIGKILL when the parent dies (prctl PR_SET_PDEATHSIG). Elsewhere,
    and as a second guard, a thread checks every second whether the parent is still there.
    """
    import os
    import signal
    import threading

    parent = os.getppid()
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the prctl took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="dotterel-parent-watch", daemon=True).start()


def _init_forked_worker() -> None:
    _die_with_parent()


def _init_worker(config: Config) -> None:
    global _worker_pipeline
    from dotterel.pipeline import Pipeline

    _die_with_parent()
    _worker_pipeline = Pipeline(config)


def _portable(analysis: Analysis) -> Analysis:
    """Drop the spaCy Docs (heavy to pickle) but keep which sentences were parsed."""
    return dataclasses.replace(analysis, docs=tuple(d is not None for d in analysis.docs))


def _analyse_batch(pipeline: Any, articles: list[Article]) -> tuple[list[Analysis], list[Failure], dict[str, float]]:
    """Analyse a batch; if it fails, retry article by article so one bad article fails alone."""
    before = Counter(pipeline.stage_seconds)
    budget = getattr(pipeline.config, "record_seconds", 0.0)
    try:
        with time_budget(budget * len(articles)):
            analyses, failures = pipeline.analyse(articles), []
    except (Exception, OverBudget):
        analyses, failures = [], []
        for article in articles:
            try:
                with time_budget(budget):
                    analyses.extend(pipeline.analyse([article]))
            except OverBudget:
                log.warning("analysis of %s went over its time budget of %s s", article.origin, budget)
                failures.append(Failure(article.origin, "analyse", f"over the time budget of {budget:g} s for one "
                                        "article (--time-budget): skipped", article.article_id))
            except Exception as exc:  # recorded as a failure row: the run goes on
                log.exception("analysis failed for %s", article.origin)
                failures.append(Failure(article.origin, "analyse", f"{type(exc).__name__}: {exc}", article.article_id))
    spent = {k: v - before.get(k, 0.0) for k, v in pipeline.stage_seconds.items()}
    return [_portable(a) for a in analyses], failures, spent


def _process_pool(pipeline: Any, config: Config, workers: int) -> ProcessPoolExecutor:
    """Worker processes. Forked from a parent that already holds a pipeline, they start without
    loading the models again (25 s against 33 s for 500 BBC articles on 2 workers). Memory is about
    the same as spawned workers (PSS 1.24 against 1.28 GB): Python touches most copied pages."""
    global _worker_pipeline
    if pipeline is not None and "fork" in multiprocessing.get_all_start_methods():
        _worker_pipeline = pipeline
        return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_init_forked_worker)
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                               initargs=(config,))


def _worker_analyse(articles: list[Article]) -> tuple[list[Analysis], list[Failure], dict[str, float]]:
    return _analyse_batch(_worker_pipeline, articles)


def _batches(stream: Iterator[Any], size: int, on_other: Callable[[Any], None]) -> Iterator[list[tuple[Article, Any]]]:
    batch: list[tuple[Article, Any]] = []
    for item in stream:
        if isinstance(item, tuple):
            batch.append(item)
            if len(batch) >= size:
                yield batch
                batch = []
        else:
            on_other(item)
    if batch:
        yield batch


def _ray_results(batches: Iterator[list[tuple[Article, Any]]], config: Config, workers: int,
                 on_nodes: Callable[[int], None] | None = None) -> Iterator[tuple]:
    """Analyse batches on Ray actors, in order, with at most 2 batches in flight per actor.

    Connects to the cluster named by RAY_ADDRESS when set, else starts a local one.
    """
    import os

    import ray

    started_here = not ray.is_initialized()
    if started_here:
        if os.environ.get("RAY_ADDRESS"):
            ray.init(log_to_driver=False)
        else:
            ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
    try:
        remote_cls = ray.remote(num_cpus=1)(_RayAnalyser)
        actors = [remote_cls.remote(config) for _ in range(workers)]
        nodes = set(ray.get([a.node.remote() for a in actors]))
        if on_nodes is not None:
            on_nodes(len(nodes))
        log.info("%d Ray actors on %d node(s)", len(actors), len(nodes))
        in_flight: deque = deque()
        for i, batch in enumerate(batches):
            actor = actors[i % len(actors)]
            in_flight.append((batch, actor.analyse.remote([a for a, _ in batch])))
            while len(in_flight) >= 2 * len(actors):
                done_batch, ref = in_flight.popleft()
                yield done_batch, ray.get(ref)
        while in_flight:
            done_batch, ref = in_flight.popleft()
            yield done_batch, ray.get(ref)
    finally:
        if started_here:
            ray.shutdown()


class _RayAnalyser:
    """A Ray actor holding one pipeline (models load once per actor, not per batch)."""

    def __init__(self, config: Config) -> None:
        from dotterel.pipeline import Pipeline

        self.pipeline = Pipeline(config)

    def analyse(self, articles: list[Article]) -> tuple[list[Analysis], list[Failure], dict[str, float]]:
        return _analyse_batch(self.pipeline, articles)

    def node(self) -> str:
        """The id of the Ray node this actor runs on."""
        import ray

        return ray.get_runtime_context().get_node_id()


def run(
    pipeline: Any,
    inputs: Sequence[str | Path],
    store: Any,
    *,
    config: Config | None = None,
    pattern: str | None = None,
    progress: Callable[[Any], None] | None = None,
    workers: int = 1,
    engine: str = "local",
    fields: Any = None,
) -> Any:
    """Code `inputs` into `store`. `pipeline` may be None when `workers > 1` (workers build their own).
    `fields` (an ingest `FieldMap`) says where JSON/CSV records keep each field."""
    from dotterel.clean import Cleaner
    from dotterel.dedup import Deduper
    from dotterel.errors import RecordError, UserError
    from dotterel.ingest import ReadProgress, read_inputs
    from dotterel.pipeline import RunSummary, clean_stream, new_run_id

    if engine not in ("local", "ray"):
        raise UserError(f"Unknown engine {engine!r}: choose local or ray.")
    if engine == "ray":
        try:
            import ray  # noqa: F401
        except ImportError as exc:
            raise UserError("The ray engine needs Ray: pip install 'dotterel[ray]'.") from exc
    config = config or pipeline.config
    started = time.perf_counter()
    summary = RunSummary(run_id=new_run_id())
    stage_seconds: Counter = Counter()
    store.start_run(summary.run_id, __version__, config.hash(), [str(i) for i in inputs])

    cleaner = Cleaner(detect_language=config.detect_language)
    deduper = Deduper(threshold=config.dedup_threshold)
    deduper.seed(store.dedup_index())

    pending_dups: list[Duplicate] = []
    pending_fails: list[Failure] = []

    reading = ReadProgress()
    last_report = [0.0]

    def report(force: bool = False) -> None:
        # Called per batch and per skipped record; throttled, so a stream of tiny records costs nothing.
        now = time.perf_counter()
        if progress and (force or now - last_report[0] >= 0.25):
            last_report[0] = now
            summary.bytes_total, summary.bytes_read = reading.total, reading.position()
            progress(summary)

    def count_other(item: Duplicate | Failure) -> None:
        report()
        if isinstance(item, Duplicate):
            summary.duplicates += 1
            pending_dups.append(item)
        else:
            if item.status == "skipped":
                summary.skipped += 1
            else:
                summary.failed += 1
            summary.failure_reasons[f"{item.stage}: {item.reason.split(':')[0][:60]}"] += 1
            pending_fails.append(item)

    def flush_side_tables() -> None:
        t = time.perf_counter()
        if pending_dups:
            store.write_duplicates(pending_dups, summary.run_id)
            pending_dups.clear()
        if pending_fails:
            store.write_failures(pending_fails, summary.run_id)
            pending_fails.clear()
        stage_seconds["store"] += time.perf_counter() - t

    def write(batch: list[tuple[Article, Any]], result: tuple[list[Analysis], list[Failure], dict[str, float]]) -> None:
        analyses, failures, spent = result
        for k, v in spent.items():
            stage_seconds[k] += v
        signatures = {a.article_id: sig for a, sig in batch}
        t = time.perf_counter()
        try:
            summary.events += store.write_analyses(((a, signatures[a.article.article_id]) for a in analyses),
                                                   summary.run_id)
            summary.coded += len(analyses)
        except RecordError:
            # One article holds a value the store refuses: write the others one by one, so the
            # batch's good articles are kept and only the bad one becomes a failure row.
            for analysis in analyses:
                try:
                    summary.events += store.write_analyses([(analysis, signatures[analysis.article.article_id])],
                                                           summary.run_id)
                    summary.coded += 1
                except RecordError as exc:
                    a = analysis.article
                    failures = [*failures, Failure(a.origin, "store", exc.message, a.article_id)]
        stage_seconds["store"] += time.perf_counter() - t
        for f in failures:
            count_other(f)
        flush_side_tables()
        report()

    records = read_inputs(list(inputs), pattern=pattern, fields=fields, progress=reading)
    stream = clean_stream(records, cleaner, deduper, store, summary, stage_seconds, config.record_seconds)
    batches = _batches(stream, config.batch_size, count_other)

    if engine == "ray":
        def count_nodes(n: int) -> None:
            summary.nodes = n

        for batch, result in _ray_results(batches, config, workers, count_nodes):
            write(batch, result)
            flush_side_tables()
    elif workers <= 1:
        if pipeline is None:
            from dotterel.pipeline import Pipeline

            pipeline = Pipeline(config)
        for batch in batches:
            write(batch, _analyse_batch(pipeline, [a for a, _ in batch]))
            flush_side_tables()
    else:
        with _process_pool(pipeline, config, workers) as pool:
            in_flight: deque[tuple[list[tuple[Article, Any]], Future]] = deque()
            try:
                for batch in batches:
                    in_flight.append((batch, pool.submit(_worker_analyse, [a for a, _ in batch])))
                    while len(in_flight) >= 2 * workers:
                        done_batch, fut = in_flight.popleft()
                        write(done_batch, fut.result())
                    flush_side_tables()
                while in_flight:
                    done_batch, fut = in_flight.popleft()
                    write(done_batch, fut.result())
            except BrokenProcessPool as exc:
                flush_side_tables()
                raise RunError(
                    f"a worker process died ({exc}; killed, or out of memory?). {summary.coded} articles "
                    "were written and are kept: re-run the same command to code the rest."
                ) from exc
    flush_side_tables()
    summary.seconds = time.perf_counter() - started
    summary.stage_seconds = stage_seconds
    store.finish_run(summary.run_id, summary.as_dict())
    report(force=True)
    return summary
