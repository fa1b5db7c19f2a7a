"""`dotterel code`, `dotterel events` and `dotterel export`."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from dotterel.cli.filter_options import (
    ArticleOpt,
    CountryOpt,
    HistoricalOpt,
    MinConfidenceOpt,
    ModalityOpt,
    NearOpt,
    SinceOpt,
    SourceOpt,
    TargetOpt,
    TypeOpt,
    UntilOpt,
    event_filter,
)
from dotterel.cli.common import (
    DbOption,
    FieldOption,
    Format,
    FormatOption,
    ForceOption,
    check_fraction,
    check_positive,
    emit,
    printable,
    parse_fields,
)
from dotterel.errors import UserError

__all__ = ["register"]


def _actors_cell(actors: list[dict[str, Any]]) -> str:
    parts = []
    for a in actors:
        label = a.get("name") or a.get("text") or "?"
        code = "".join(x for x in (a.get("country") or "", a.get("sector") or "") if x)
        parts.append(f"{label} ({code})" if code else label)
    return "; ".join(parts)


def event_table_row(rec: dict[str, Any]) -> dict[str, Any]:
    """A contract event flattened for the table view."""
    flags = [k for k, v in rec["modality"].items() if v]
    loc = rec.get("location") or {}
    return {
        "date": rec["date"] or "",
        "source": _actors_cell(rec["source"]),
        "type": rec["plover"]["type"] + (f" ({','.join(flags)})" if flags else ""),
        "cameo": rec["cameo"]["code"],
        "target": _actors_cell(rec["target"]),
        "place": ", ".join(x for x in (loc.get("name"), loc.get("country")) if x),
        "trigger": rec["evidence"]["trigger"],
        "conf": rec["confidence"],
    }


def register(app: typer.Typer) -> None:
    app.command("code")(code)
    app.command("events")(events)
    app.command("dyad")(dyad)
    app.command("export")(export)


def code(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders or - for stdin.")],
    db: DbOption = Path("events.duckdb"),
    workers: Annotated[int, typer.Option(help="Analysis processes.")] = 1,
    engine: Annotated[str, typer.Option(help="local (processes on this machine) or ray (a Ray cluster; RAY_ADDRESS or a local one).")] = "local",
    pattern: Annotated[Optional[str], typer.Option("--glob", help="Only files matching this glob in folders.")] = None,
    field: FieldOption = None,
    kb: Annotated[Optional[list[Path]], typer.Option("--kb", help="Extra knowledge-base file (repeatable).")] = None,
    model: Annotated[Optional[Path], typer.Option("--model", help="Trained event model directory.")] = None,
    threshold: Annotated[float, typer.Option(help="Drop events below this confidence.")] = 0.0,
    decider: Annotated[str, typer.Option("--decider", help="The learned layer: default (the shipped model), off (the rule coder alone), or a folder from train-decider.")] = "default",
    keep_modal: Annotated[bool, typer.Option("--keep-modal", help="Keep negated, future and hypothetical events, flagged (dropped by default).")] = False,
    keep_sport: Annotated[bool, typer.Option("--keep-sport", help="Code sport stories and game-play sentences too (no events by default).")] = False,
    no_language: Annotated[bool, typer.Option("--no-language-check", help="Code every article, whatever its language.")] = False,
    time_budget: Annotated[float, typer.Option("--time-budget", help="Seconds one article may take before it is recorded as a failure (0: no limit).")] = 120.0,
    summary_json: Annotated[Optional[Path], typer.Option(help="Also write the run summary as JSON here.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    log_every: Annotated[float, typer.Option("--log-every", help="When stderr is not a terminal, a progress line every this many seconds.")] = 30.0,
) -> int:
    """Code articles into events in a DuckDB file."""
    from dotterel.config import Config
    from dotterel.runner import run
    from dotterel.store import open_store

    fields = parse_fields(field)
    check_positive(workers, "--workers")
    check_fraction(threshold, "--threshold")
    if math.isnan(time_budget) or time_budget < 0:
        raise UserError(f"--time-budget must be 0 (no limit) or a number of seconds, got {time_budget}.")
    for item in inputs:
        if item != "-" and not Path(item).exists():
            raise UserError(f"Input {item} does not exist.")
    config = Config(
        kb_files=tuple(str(p) for p in kb or ()),
        event_model=str(model) if model else None,
        keep_modal=keep_modal,
        keep_sport=keep_sport,
        threshold=threshold,
        detect_language=not no_language,
        decider=decider,
        record_seconds=time_budget,
    )
    from dotterel.cli.progress import RunProgress

    if math.isnan(log_every) or log_every <= 0:
        raise UserError(f"--log-every must be a number of seconds above 0, got {log_every}.")
    progress = None if quiet else RunProgress(every=log_every)
    try:
        with open_store(db) as store:
            pipeline = None
            if engine == "local":
                from dotterel.pipeline import Pipeline

                pipeline = Pipeline(config)  # with --workers N, workers fork from it instead of reloading
            summary = run(pipeline, inputs, store, config=config, pattern=pattern, workers=workers, engine=engine,
                          progress=progress, fields=fields)
    finally:
        if progress:
            progress.close()
    s = summary
    rate = s.read / s.seconds if s.seconds else 0.0
    typer.echo(
        f"read {s.read} = coded {s.coded} + already stored {s.stored} + duplicates {s.duplicates} "
        f"+ skipped {s.skipped} + failed {s.failed}; events written {s.events}; {s.seconds:.1f} s "
        f"({rate:,.0f} records/s) -> {db}",
        err=True,
    )
    for reason, n in s.failure_reasons.most_common(5):
        typer.echo(f"  {n} x {printable(reason)}", err=True)
    if summary_json:
        summary_json.write_text(json.dumps(s.as_dict(), indent=2, default=str))
    return 2 if s.failed else 0


def event_csv_row(rec: dict[str, Any]) -> dict[str, Any]:
    """A contract event flattened for CSV: the table view plus the ids a user joins on."""
    row = event_table_row(rec)
    loc = rec.get("location") or {}
    row.update({
        "event_id": rec["event_id"], "happening_id": rec.get("happening_id"), "article_id": rec["article_id"],
        "source_codes": ";".join(_actor_code(a) for a in rec["source"]),
        "target_codes": ";".join(_actor_code(a) for a in rec["target"]),
        "source_kb_ids": ";".join(a.get("kb_id") or "" for a in rec["source"]),
        "target_kb_ids": ";".join(a.get("kb_id") or "" for a in rec["target"]),
        "plover_type": rec["plover"]["type"], "goldstein": rec["cameo"]["goldstein"], "quad": rec["cameo"]["quad"],
        "geonameid": loc.get("geonameid"), "lat": loc.get("lat"), "lon": loc.get("lon"),
        "num_mentions": rec.get("num_mentions"), "num_articles": rec.get("num_articles"),
        "num_sources": rec.get("num_sources"), "conf": rec["confidence"],
    })
    return row


def _actor_code(a: dict[str, Any]) -> str:
    return "".join(x for x in (a.get("country") or "", a.get("sector") or "") if x)


CSV_COLUMNS = ["event_id", "happening_id", "article_id", "date", "source", "source_codes", "source_kb_ids", "type",
               "plover_type", "cameo", "goldstein", "quad", "target", "target_codes", "target_kb_ids", "place",
               "geonameid", "lat", "lon", "trigger", "conf", "num_mentions", "num_articles", "num_sources"]


def events(
    db: DbOption = Path("events.duckdb"),
    source: SourceOpt = None,
    target: TargetOpt = None,
    country: CountryOpt = None,
    type_: TypeOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    min_confidence: MinConfidenceOpt = None,
    near: NearOpt = None,
    article: ArticleOpt = None,
    modality: ModalityOpt = None,
    include_historical: HistoricalOpt = None,
    limit: Annotated[Optional[int], typer.Option(help="At most this many events.")] = None,
    fmt: FormatOption = Format.table,
) -> int:
    """List coded events."""
    from dotterel.store import open_store
    from dotterel.store.export import event_row_json

    check_positive(limit, "--limit")
    flt = event_filter(source=source, target=target, country=country, type_=type_, since=since, until=until,
                       min_confidence=min_confidence, near=near, article=article, modality=modality,
                       include_historical=include_historical, limit=limit)
    with open_store(db, read_only=True) as store:
        records = [event_row_json(r) for r in store.events(flt)]
    if fmt is Format.json:
        emit(records, fmt)
    elif fmt is Format.csv:
        emit([event_csv_row(r) for r in records], fmt, columns=CSV_COLUMNS)
    else:
        emit([event_table_row(r) for r in records], fmt,
             columns=["date", "source", "type", "cameo", "target", "place", "trigger", "conf"])
    return 0


def dyad(
    source: Annotated[str, typer.Argument(help="ISO3 of the source country, e.g. USA.")],
    target: Annotated[str, typer.Argument(help="ISO3 of the target country, e.g. TUR.")],
    db: DbOption = Path("events.duckdb"),
    every: Annotated[str, typer.Option(help="Bin by day, week, month, quarter or year.")] = "week",
    since: SinceOpt = None,
    until: UntilOpt = None,
    min_confidence: MinConfidenceOpt = None,
    type_: TypeOpt = None,
    country: CountryOpt = None,
    near: NearOpt = None,
    article: ArticleOpt = None,
    modality: ModalityOpt = None,
    include_historical: HistoricalOpt = None,
    both_ways: Annotated[bool, typer.Option("--both-ways", help="Count target-to-source events too.")] = False,
    fmt: FormatOption = Format.table,
) -> int:
    """One dyad's time series: events per period, mean Goldstein, and counts per QuadClass."""
    from dotterel.store import open_store

    flt = event_filter(country=country, type_=type_, since=since, until=until, min_confidence=min_confidence,
                       near=near, article=article, modality=modality, include_historical=include_historical)
    with open_store(db, read_only=True) as store:
        rows = store.dyad_series(source, target, every=every, both_ways=both_ways, flt=flt)
    emit(rows, fmt, columns=["period", "events", "goldstein", "verbal_coop", "material_coop",
                             "verbal_conflict", "material_conflict"])
    return 0


def export(
    out: Annotated[Path, typer.Argument(help="Output file.")],
    db: DbOption = Path("events.duckdb"),
    to: Annotated[str, typer.Option("--to", help="polecat-jsonl, gdelt-csv, parquet or geojson.")] = "polecat-jsonl",
    source: SourceOpt = None,
    target: TargetOpt = None,
    country: CountryOpt = None,
    type_: TypeOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    min_confidence: MinConfidenceOpt = None,
    near: NearOpt = None,
    article: ArticleOpt = None,
    modality: ModalityOpt = None,
    include_historical: HistoricalOpt = None,
    force: ForceOption = False,
) -> int:
    """Export events as POLECAT-style JSONL, GDELT-style CSV, Parquet or GeoJSON."""
    from dotterel.store import export as export_events
    from dotterel.store import open_store

    flt = event_filter(source=source, target=target, country=country, type_=type_, since=since, until=until,
                       min_confidence=min_confidence, near=near, article=article, modality=modality,
                       include_historical=include_historical)
    with open_store(db, read_only=True) as store:
        n = export_events(store, to, out, flt, overwrite=force)
    typer.echo(f"wrote {n} records to {out}", err=True)
    return 0
