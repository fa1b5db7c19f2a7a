"""`dotterel read`: show what dotterel reads from files, after cleaning and dedup, without coding."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dotterel.cli.common import FieldOption, Format, FormatOption, emit, parse_fields
from dotterel.ingest import read
from dotterel.model import Article, Duplicate, Failure

__all__ = ["register"]

COLUMNS = (
    "origin", "status", "article_id", "title", "published", "basis", "place", "language", "chars",
    "duplicate_of", "similarity", "reason",
)


def _row(item: Article | Duplicate | Failure) -> dict[str, Any]:
    if isinstance(item, Failure):
        return {"origin": item.origin, "status": item.status, "article_id": item.article_id,
                "reason": f"{item.stage}: {item.reason}"}
    article = item.article if isinstance(item, Duplicate) else item
    row: dict[str, Any] = {
        "origin": article.origin,
        "status": "duplicate" if isinstance(item, Duplicate) else "article",
        "article_id": article.article_id,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "basis": article.published_basis,
        "place": article.dateline_place,
        "language": article.language,
        "chars": len(article.text),
    }
    if isinstance(item, Duplicate):
        row.update(duplicate_of=item.canonical_id, similarity=round(item.similarity, 3), reason=item.kind)
    return row


def register(app: typer.Typer) -> None:
    """Add the `read` command to `app`."""

    @app.command("read")
    def read_command(
        inputs: Annotated[list[str], typer.Argument(help="Files, folders or - for stdin.")],
        pattern: Annotated[str | None, typer.Option(help="Glob for files in folders, e.g. '*.jsonl'.")] = None,
        field: FieldOption = None,
        language: Annotated[bool, typer.Option("--language/--no-language", help="Skip non-English articles.")] = True,
        dedup: Annotated[bool, typer.Option("--dedup/--no-dedup", help="Mark duplicates.")] = True,
        fmt: FormatOption = Format.table,
    ) -> None:
        """List each record read: cleaned article, duplicate, skipped or failed, with the reason."""
        fields = parse_fields(field)
        rows = [_row(item) for item in read(inputs, pattern=pattern, fields=fields, detect_language=language,
                                             dedup=dedup)]
        emit(rows, fmt, COLUMNS)
