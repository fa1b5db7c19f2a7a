"""`dotterel panel` and `dotterel top`: thin wrappers over `Store.panel` and `Store.top`."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from dotterel.cli.common import DbOption, Format, FormatOption, emit, render
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
from dotterel.errors import UserError

__all__ = ["register", "panel", "top"]


class PanelFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    parquet = "parquet"


def panel(
    db: DbOption = Path("events.duckdb"),
    by: Annotated[
        str, typer.Option("--by", help="country or admin1 (where it happened), dyad, or actor (any party).")
    ] = "country",
    every: Annotated[str, typer.Option("--every", help="day, week, month, quarter or year.")] = "month",
    type_: TypeOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    min_confidence: MinConfidenceOpt = None,
    source: SourceOpt = None,
    target: TargetOpt = None,
    country: CountryOpt = None,
    near: NearOpt = None,
    article: ArticleOpt = None,
    modality: ModalityOpt = None,
    include_historical: HistoricalOpt = None,
    fmt: Annotated[
        PanelFormat, typer.Option("--format", "-f", help="table, csv, json (one object per line) or parquet.")
    ] = PanelFormat.csv,
    out: Annotated[
        Optional[Path], typer.Option("--out", help="Write to this file instead of stdout (needed for parquet).")
    ] = None,
) -> int:
    """A zero-filled panel per unit and period: events, happenings, Goldstein, QuadClass, PLOVER types, casualties."""
    from dotterel.store import open_store

    if fmt is PanelFormat.parquet and out is None:
        raise UserError("--format parquet needs --out FILE.")
    if out is not None and out.parent and not out.parent.exists():
        raise UserError(f"Folder {out.parent} does not exist.")
    flt = event_filter(source=source, target=target, country=country, type_=type_, since=since, until=until,
                       min_confidence=min_confidence, near=near, article=article, modality=modality,
                       include_historical=include_historical)
    with open_store(db, read_only=True) as store:
        if fmt is PanelFormat.parquet:
            n = store.panel(by, every, flt, parquet=out)
            typer.echo(f"wrote {n} rows to {out}", err=True)
            return 0
        rows = store.panel(by, every, flt)
    _write(rows, Format(fmt.value), out)
    return 0


def _write(rows: list[dict[str, Any]], fmt: Format, out: Path | None) -> None:
    if out is None:
        emit(rows, fmt)
        return
    out.write_text(render(rows, fmt), encoding="utf-8")
    typer.echo(f"wrote {len(rows)} rows to {out}", err=True)


def top(
    db: DbOption = Path("events.duckdb"),
    by: Annotated[str, typer.Option("--by", help="dyad, source, target, type or place.")] = "dyad",
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many.")] = 10,
    type_: TypeOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    min_confidence: MinConfidenceOpt = None,
    source: SourceOpt = None,
    target: TargetOpt = None,
    country: CountryOpt = None,
    near: NearOpt = None,
    article: ArticleOpt = None,
    modality: ModalityOpt = None,
    include_historical: HistoricalOpt = None,
    fmt: FormatOption = Format.table,
) -> int:
    """The most frequent dyads, sources, targets, types or places, with events and happenings."""
    from dotterel.store import open_store

    flt = event_filter(source=source, target=target, country=country, type_=type_, since=since, until=until,
                       min_confidence=min_confidence, near=near, article=article, modality=modality,
                       include_historical=include_historical)
    with open_store(db, read_only=True) as store:
        rows = store.top(by, flt, limit)
    emit(rows, fmt, columns=[by, "events", "happenings", "goldstein", "first", "last"])
    return 0


def register(app: typer.Typer) -> None:
    """Add the analyst commands to `app`."""
    app.command("panel")(panel)
    app.command("top")(top)
