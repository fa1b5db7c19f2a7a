"""The event filter options, defined once: every query command takes the same ones.

A command lists the options it takes (`SourceOpt`, `CountryOpt`, ...) and turns them into an
`EventFilter` with `event_filter(...)`.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from dotterel.store.filters import EventFilter, parse_near

__all__ = [
    "SourceOpt", "TargetOpt", "CountryOpt", "TypeOpt", "SinceOpt", "UntilOpt", "MinConfidenceOpt", "NearOpt",
    "ArticleOpt", "ModalityOpt", "HistoricalOpt", "event_filter",
]

SourceOpt = Annotated[Optional[str], typer.Option("--source", help="ISO3 of a source actor.")]
TargetOpt = Annotated[Optional[str], typer.Option("--target", help="ISO3 of a target actor.")]
CountryOpt = Annotated[
    Optional[str], typer.Option("--country", help="ISO3 of an actor on either side or of the event's place.")
]
TypeOpt = Annotated[Optional[str], typer.Option("--type", help="PLOVER event type (several: comma-separated).")]
SinceOpt = Annotated[Optional[str], typer.Option("--since", help="From this date (YYYY-MM-DD).")]
UntilOpt = Annotated[Optional[str], typer.Option("--until", help="Up to this date (YYYY-MM-DD).")]
MinConfidenceOpt = Annotated[
    Optional[float], typer.Option("--min-confidence", help="Only events at least this confident (0-1).")
]
NearOpt = Annotated[
    Optional[str], typer.Option("--near", help="Only events placed within KM of a point: LAT,LON,KM.")
]
ArticleOpt = Annotated[Optional[str], typer.Option("--article", help="Only events of this article id.")]
ModalityOpt = Annotated[
    Optional[str],
    typer.Option("--modality", help="factual (not negated, future or hypothetical), negated, future, hypothetical "
                 "or historical."),
]
HistoricalOpt = Annotated[
    Optional[bool],
    typer.Option("--include-historical/--no-historical",
                 help="Keep or drop events the article reports as past background (series and panels drop "
                      "them by default; listings keep them)."),
]


def event_filter(
    *,
    source: str | None = None,
    target: str | None = None,
    country: str | None = None,
    type_: str | None = None,
    since: str | None = None,
    until: str | None = None,
    min_confidence: float | None = None,
    near: str | None = None,
    article: str | None = None,
    modality: str | None = None,
    include_historical: bool | None = None,
    limit: int | None = None,
) -> EventFilter:
    """The options as an `EventFilter` (raises UserError with a one-line message when one is bad)."""
    from dotterel.cli.common import check_date_range, check_fraction, check_positive, parse_date_option

    since_day, until_day = parse_date_option(since, "--since"), parse_date_option(until, "--until")
    check_date_range(since_day, until_day)
    check_fraction(min_confidence, "--min-confidence")
    check_positive(limit, "--limit")
    return EventFilter(
        source=source, target=target, country=country, plover_type=type_,
        since=since_day, until=until_day, article_id=article,
        min_confidence=min_confidence, near=parse_near(near), modality=modality,
        include_historical=include_historical, limit=limit,
    )
